import Foundation

/// A scenario file read so that memory does not grow with its events: everything but the top-level `events` array
/// is decoded at once (a small part of any large file), and the events are decoded one at a time while they are
/// written (`forEachEvent`). The file is mapped, not read into memory, and the pages already decoded are given
/// back as it goes. Decoding the whole file at once held 478 MB for the peers' 100,000 events.
public final class ScenarioFile {
    /// The scenario without its events.
    public let scenario: Scenario
    /// How many events the file holds.
    public let eventCount: Int
    private let base: UnsafeMutableRawPointer?
    private let size: Int
    /// The byte range of the `events` array (its elements are found again when they are read, rather than kept:
    /// a range per event would grow with N); nil when the file was decoded whole.
    private let events: Range<Int>?

    /// Why a path could not be opened as a scenario file (before any JSON is read).
    public struct OpenError: Error, Equatable {
        /// What is wrong with it, for the end of a one-line message ("cannot open: No such file or directory").
        public let reason: String
    }

    /// Opens `path`: an `OpenError` when it is not a readable regular file (a pipe or a device cannot be mapped,
    /// and one read ahead would be consumed); for a file that is not a JSON object of this shape, what
    /// `Scenario.decode` says of it.
    public init(path: String) throws {
        let fd = Foundation.open(path, O_RDONLY)
        guard fd >= 0 else { throw OpenError(reason: "cannot open: \(String(cString: strerror(errno)))") }
        defer { _ = Foundation.close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw OpenError(reason: "cannot read: \(String(cString: strerror(errno)))") }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            let what = (info.st_mode & S_IFMT) == S_IFDIR ? "a directory" : "not a regular file (a pipe or a device)"
            throw OpenError(reason: "\(what): save the scenario to a file first")
        }
        size = Int(info.st_size)
        var mapped: UnsafeMutableRawPointer?
        if size > 0 {
            guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
                throw OpenError(reason: "cannot map: \(String(cString: strerror(errno)))")
            }
            mapped = p
        }
        base = mapped
        let bytes = UnsafeRawBufferPointer(start: mapped, count: size)
        var rest: [UInt8] = []
        var found: Range<Int>?
        var count = 0
        // One pass finds the events array and counts its elements; the pages it has read are given back as it
        // goes (they stay in the page cache), so that memory stays flat whatever the file's size.
        var pages = PageRelease(base: mapped, released: 0)
        let split = Self.split(bytes) { element in
            count += 1
            pages.passed(element.upperBound)
        }
        if let split {
            rest = split.rest
            found = split.events
        } else {
            rest = Array(bytes)  // not the expected shape: decoded whole, so the error is JSONDecoder's
        }
        events = found
        let decoded: Scenario
        do { decoded = try Scenario.decode(Data(rest)) } catch {
            if let base { munmap(base, size) }
            throw error
        }
        scenario = decoded
        eventCount = found == nil ? decoded.events.count : count
        release(upTo: size)
    }

    deinit { if let base { munmap(base, size) } }

    /// The events, in file order, one at a time (the whole scenario's when the file was decoded whole).
    public func forEachEvent(_ body: (Scenario.EventSpec) throws -> Void) throws {
        guard let events, let base else {
            for e in scenario.events { try body(e) }
            return
        }
        let bytes = UnsafeRawBufferPointer(start: base, count: size)
        let decoder = Scenario.decoder()
        var index = 0
        var pages = PageRelease(base: base, released: events.lowerBound)
        var failure: (any Error)?
        _ = Self.arrayEnd(bytes, events.lowerBound) { range in
            guard failure == nil else { return }
            do {
                let slice = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes.baseAddress! + range.lowerBound),
                                 count: range.count, deallocator: .none)
                try ScenarioKeys.event.check(UnsafeRawBufferPointer(rebasing: bytes[range]))
                try body(try decoder.decode(Scenario.EventSpec.self, from: slice))
            } catch let error as DecodingError {
                failure = Self.prefixed(error, index: index)
            } catch {
                failure = error
            }
            index += 1
            pages.passed(range.upperBound)
        }
        release(from: pages.released, upTo: size)
        if let failure { throw failure }
    }

    /// Gives the mapped pages of `start..<end` back (they stay in the page cache; the process stops counting them).
    private func release(from start: Int = 0, upTo end: Int) { Self.release(base, from: start, upTo: end) }

    /// Gives the mapped pages back every 16 MB as a pass moves through the file.
    private struct PageRelease {
        let base: UnsafeMutableRawPointer?
        /// Where the pages given back end.
        var released: Int

        mutating func passed(_ offset: Int) {
            guard offset - released >= 16 << 20 else { return }
            ScenarioFile.release(base, from: released, upTo: offset)
            released = offset
        }
    }

    private static func release(_ base: UnsafeMutableRawPointer?, from start: Int, upTo end: Int) {
        guard let base else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let lo = start / page * page
        guard end > lo else { return }
        _ = madvise(base + lo, end - lo, Int32(MADV_DONTNEED))
    }

    /// A decoding error of event `index`, located in the file ("at .events[index].title").
    static func prefixed(_ error: DecodingError, index: Int) -> DecodingError {
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int?
            init(stringValue: String) { self.stringValue = stringValue }
            init(intValue: Int) { self.intValue = intValue; stringValue = "\(intValue)" }
        }
        let prefix: [any CodingKey] = [Key(stringValue: "events"), Key(intValue: index)]
        func moved(_ c: DecodingError.Context) -> DecodingError.Context {
            DecodingError.Context(codingPath: prefix + c.codingPath, debugDescription: c.debugDescription, underlyingError: c.underlyingError)
        }
        switch error {
        case let .dataCorrupted(c): return .dataCorrupted(moved(c))
        case let .keyNotFound(k, c): return .keyNotFound(k, moved(c))
        case let .typeMismatch(t, c): return .typeMismatch(t, moved(c))
        case let .valueNotFound(t, c): return .valueNotFound(t, moved(c))
        @unknown default: return error
        }
    }

    // MARK: Scanning

    /// The top-level object with its `events` array left empty, and the array's range; nil when the bytes are
    /// not one JSON object (the caller then decodes them whole, for JSONDecoder's own error).
    /// `element` is called with the range of each element of the events array, as it is found.
    static func split(_ b: UnsafeRawBufferPointer,
                      element: (Range<Int>) -> Void = { _ in }) -> (rest: [UInt8], events: Range<Int>?)? {
        var i = skipSpace(b, skipBOM(b))
        guard i < b.count, b[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        var rest: [UInt8] = [UInt8(ascii: "{")]
        var events: Range<Int>?
        var first = true
        while true {
            i = skipSpace(b, i)
            guard i < b.count else { return nil }
            if b[i] == UInt8(ascii: "}") { break }
            if !first {
                guard b[i] == UInt8(ascii: ",") else { return nil }
                i = skipSpace(b, i + 1)
            }
            guard i < b.count, b[i] == UInt8(ascii: "\""), let keyEnd = valueEnd(b, i) else { return nil }
            let key = b[i..<keyEnd]
            i = skipSpace(b, keyEnd)
            guard i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
            i = skipSpace(b, i + 1)
            guard i < b.count else { return nil }
            let isEvents = events == nil && key.elementsEqual("\"events\"".utf8) && b[i] == UInt8(ascii: "[")
            guard let end = isEvents ? arrayEnd(b, i, element: element) : valueEnd(b, i) else { return nil }
            if !first { rest.append(UInt8(ascii: ",")) }
            rest += key
            rest.append(UInt8(ascii: ":"))
            if isEvents {
                events = i..<end
                rest += "[]".utf8
            } else {
                rest += b[i..<end]
            }
            first = false
            i = end
        }
        guard skipSpace(b, i + 1) == b.count else { return nil }
        rest.append(UInt8(ascii: "}"))
        return (rest, events)
    }

    /// The end of the JSON array at `start` (just past its `]`), calling `element` with the range of each element;
    /// nil when it does not end, or its elements are not separated by commas.
    static func arrayEnd(_ b: UnsafeRawBufferPointer, _ start: Int, element: (Range<Int>) -> Void) -> Int? {
        var i = skipSpace(b, start + 1)
        if i < b.count, b[i] == UInt8(ascii: "]") { return i + 1 }
        while i < b.count {
            guard let end = valueEnd(b, i) else { return nil }
            element(i..<end)
            i = skipSpace(b, end)
            guard i < b.count else { return nil }
            switch b[i] {
            case UInt8(ascii: ","): i = skipSpace(b, i + 1)
            case UInt8(ascii: "]"): return i + 1
            default: return nil
            }
        }
        return nil
    }

    /// The position of the first `byte` in `from..<before` (`before` when there is none).
    static func next(_ byte: UInt8, _ b: UnsafeRawBufferPointer, from: Int, before: Int) -> Int {
        guard from < before, let base = b.baseAddress else { return before }
        guard let p = memchr(base + from, Int32(byte), before - from) else { return before }
        return UnsafeRawPointer(p) - base
    }

    static func skipBOM(_ b: UnsafeRawBufferPointer) -> Int {
        b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0
    }

    static func skipSpace(_ b: UnsafeRawBufferPointer, _ start: Int) -> Int {
        var i = start
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        return i
    }

    /// The end of the JSON value starting at `start` (strings, nesting and escapes followed; its inside is left to
    /// the decoder to judge); nil when it does not end.
    static func valueEnd(_ b: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        var i = start
        var depth = 0
        var inString = false
        var quote = start  // the next quote inside the current string, once found
        while i < b.count {
            let c = b[i]
            if inString {
                if c == UInt8(ascii: "\\") { i += 2; continue }
                if c == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return i + 1 }
                } else {
                    // Most of a scenario is text: skip to the string's next quote or backslash with memchr (the
                    // quote's place is kept until it is passed, so backslashes do not make it quadratic).
                    if quote <= i { quote = next(0x22, b, from: i + 1, before: b.count) }
                    i = next(0x5C, b, from: i + 1, before: quote)
                    continue
                }
            } else {
                switch c {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 { return i > start ? i : nil }  // the container's end after a number or literal
                    depth -= 1
                    if depth == 0 { return i + 1 }
                case UInt8(ascii: ","), 0x20, 0x0A, 0x0D, 0x09:
                    if depth == 0 { return i }  // the end of a number, true, false or null
                default: break
                }
            }
            i += 1
        }
        return depth == 0 && !inString && i > start ? i : nil
    }
}
