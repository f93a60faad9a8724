import Foundation

/// Reads iCalendar text (RFC 5545) as a stream of bytes: unfolds lines (CRLF, bare LF, a space or a tab after
/// the break), splits content lines into name, parameters (quoted values holding `:;,`, RFC 6868 `^n ^^ ^'`) and
/// value, and hands back each component below `VCALENDAR` (an event, a time zone, …) as soon as it ends, so memory
/// holds one component at a time however long the file.
///
/// Two modes: `lenient` accepts what real producers write and reports each kind of deviation once, with the line
/// of its first occurrence and how often it occurred; `strict` makes the first deviation an error naming its line.
/// Hostile input has limits: a line longer than `maximumLineOctets`, components nested deeper than
/// `maximumDepth`, or a component with more than `maximumProperties` properties is an error in either mode.
public struct ICalendarReader: ~Copyable {
    public enum Mode: Sendable { case lenient, strict }

    /// One kind of deviation from RFC 5545 that lenient reading accepted.
    public struct Deviation: Hashable, Sendable {
        /// The line of its first occurrence (1-based, physical lines).
        public var line: Int
        public var message: String
        /// How many times it occurred.
        public var count: Int
    }

    /// Why a file could not be read.
    public struct ReadError: Error, Hashable, Sendable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// One content line, unfolded: name upper-cased, parameter names upper-cased, the value as written.
    public struct ContentLine: Hashable, Sendable {
        public var name: String
        public var parameters: [Parameter]
        public var value: String
        /// The physical line it starts on.
        public var line: Int

        /// The first value of a parameter (names compare without case).
        public func parameter(_ name: String) -> String? {
            parameters.first { $0.name == name }?.values.first
        }
    }

    /// A component as read: its content lines in order, and its subcomponents.
    public struct RawComponent: Hashable, Sendable {
        public var name: String
        public var lines: [ContentLine]
        public var components: [RawComponent]
        /// The line of its BEGIN.
        public var line: Int
        /// For a component directly in a VCALENDAR: that calendar's METHOD (RFC 5546 iTIP: `REQUEST`, `REPLY`,
        /// `CANCEL`, …), upper case; nil when it has none (a plain calendar, RFC 5545 §3.7.2).
        public var method: String?

        public init(name: String, lines: [ContentLine] = [], components: [RawComponent] = [], line: Int,
                    method: String? = nil) {
            self.name = name; self.lines = lines; self.components = components; self.line = line; self.method = method
        }

        /// The first content line called `name`.
        public func first(_ name: String) -> ContentLine? { lines.first { $0.name == name } }

        /// Every content line called `name`.
        public func all(_ name: String) -> [ContentLine] { lines.filter { $0.name == name } }

        /// Every component called `name` below this one, at any depth, in file order.
        public func descendants(named name: String) -> [RawComponent] {
            components.flatMap { ($0.name == name ? [$0] : []) + $0.descendants(named: name) }
        }
    }

    public static let maximumLineOctets = 1 << 20
    public static let maximumDepth = 16
    public static let maximumProperties = 10_000

    public let mode: Mode
    /// The calendar's own properties (`PRODID`, `X-WR-TIMEZONE`, …), as read so far.
    public private(set) var calendarLines: [ContentLine] = []
    /// Deviations accepted so far, in order of first occurrence.
    public var deviations: [Deviation] { deviationOrder.map { deviationsByMessage[$0]! } }

    private var deviationsByMessage: [String: Deviation] = [:]
    private var deviationOrder: [String] = []
    private var pending: [UInt8] = []          // bytes of an unfinished physical line
    private var logical: [UInt8] = []          // the logical line being unfolded
    private var logicalLine = 0                // where it started
    private var physicalLine = 0
    private var stack: [RawComponent] = []
    private var sawCalendar = false
    /// The METHOD of the VCALENDAR being read (each calendar of a file has its own).
    private var method: String?
    private var calendarEnded = false
    private var sawBareLF = false
    /// The byte that ends physical lines: LF (CRLF or LF alone), or CR when the file's first line break is a CR
    /// alone (classic Mac OS); nil until the first line break is seen.
    private var lineBreak: UInt8?

    public init(mode: Mode = .lenient) { self.mode = mode }

    /// Feeds the next bytes; `emit` receives each component below VCALENDAR as soon as it is complete.
    public mutating func read(_ bytes: UnsafeRawBufferPointer, emit: (RawComponent) throws -> Void) throws {
        var start = 0
        let n = bytes.count
        guard n > 0 else { return }
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        if lineBreak == nil { try decideLineBreak(UnsafeBufferPointer(start: base, count: n), emit: emit) }
        let breakByte = Int32(lineBreak ?? 0x0A)
        while start < n {
            guard let nl = memchr(base + start, breakByte, n - start) else {
                pending.append(contentsOf: UnsafeBufferPointer(start: base + start, count: n - start))
                if pending.count > Self.maximumLineOctets { throw error(physicalLine + 1, "a line longer than \(Self.maximumLineOctets) octets") }
                return
            }
            let end = UnsafePointer(nl.assumingMemoryBound(to: UInt8.self)) - base
            if pending.isEmpty {
                try physical(UnsafeBufferPointer(start: base + start, count: end - start), terminated: true, emit: emit)
            } else {
                pending.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
                let line = pending
                pending.removeAll(keepingCapacity: true)
                try line.withUnsafeBufferPointer { try physical($0, terminated: true, emit: emit) }
            }
            start = end + 1
        }
    }

    /// Feeds bytes held in an array.
    public mutating func read(_ bytes: [UInt8], emit: (RawComponent) throws -> Void) throws {
        try bytes.withUnsafeBytes { try read($0, emit: emit) }
    }

    /// Ends the input: flushes the last line and checks that every component was closed.
    public mutating func finish(emit: (RawComponent) throws -> Void) throws {
        if !pending.isEmpty {
            let line = pending
            pending.removeAll()
            try line.withUnsafeBufferPointer { try physical($0, terminated: false, emit: emit) }
        }
        try flushLogical(emit: emit)
        if !stack.isEmpty {
            let open = stack.map(\.name).joined(separator: ", ")
            try deviate(physicalLine, "the file ends inside \(open) (no END)")
            // What was read of an open event is kept: close everything.
            while !stack.isEmpty { try close(emit: emit) }
        }
        if !sawCalendar { throw error(max(physicalLine, 1), "no BEGIN:VCALENDAR: not an iCalendar file") }
    }

    /// Reads a whole file (or standard input for "-"), handing each component to `emit` (`FileComponents`).
    public static func readFile(_ path: String, mode: Mode = .lenient,
                                emit: (RawComponent) throws -> Void) throws -> (calendar: [ContentLine], deviations: [Deviation]) {
        let components = try FileComponents(path: path, mode: mode)
        for c in components { try emit(c) }
        if let error = components.error { throw error }
        return (components.calendarLines, components.deviations)
    }

    /// The components of a file (or standard input for "-") one at a time, reading 1 MiB pieces as needed; the
    /// calendar's own lines and the deviations are on the returned sequence once it is done.
    public static func components(ofFile path: String, mode: Mode = .lenient) throws -> FileComponents {
        try FileComponents(path: path, mode: mode)
    }

    // MARK: Lines

    /// Sets `lineBreak` from the first line break in `bytes` (after what `pending` holds): a CR followed by
    /// anything but LF makes CR the line break; an LF, or a CR then LF, makes it LF. A file that starts with a
    /// UTF-16 byte order mark is refused here, by name.
    private mutating func decideLineBreak(_ bytes: UnsafeBufferPointer<UInt8>, emit: (RawComponent) throws -> Void) throws {
        if physicalLine == 0, pending.isEmpty, bytes.count >= 2,
           (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            throw error(1, "the file is UTF-16 (it starts with a UTF-16 byte order mark); iCalendar is UTF-8: save it as UTF-8")
        }
        // The previous piece ended in a CR (no other line break before it, or this would be decided): this piece's
        // first byte tells CRLF from CR alone, and for CR alone the line before it is complete.
        func crAlone() throws {
            lineBreak = 0x0D
            try deviate(physicalLine + 1, "lines end in CR alone (classic Mac OS), not CRLF")
        }
        if pending.last == 0x0D, let first = bytes.first {
            if first == 0x0A { lineBreak = 0x0A; return }
            try crAlone()
            pending.removeLast()
            let line = pending
            pending.removeAll(keepingCapacity: true)
            try line.withUnsafeBufferPointer { try physical($0, terminated: true, emit: emit) }
            return
        }
        for i in bytes.indices {
            if bytes[i] == 0x0A { lineBreak = 0x0A; return }
            if bytes[i] == 0x0D {
                guard i + 1 < bytes.count else { return }  // decided by the next piece
                if bytes[i + 1] == 0x0A { lineBreak = 0x0A; return }
                try crAlone()
                return
            }
        }
    }

    /// One physical line without its line break (`terminated` false for a last line with no line break at all).
    private mutating func physical(_ raw: UnsafeBufferPointer<UInt8>, terminated: Bool,
                                   emit: (RawComponent) throws -> Void) throws {
        physicalLine += 1
        var count = raw.count
        if lineBreak == 0x0D {
            // Lines already end at their CR (reported once, when it was seen).
        } else if count > 0 && raw[count - 1] == 0x0D {
            count -= 1
        } else if terminated && !sawBareLF {
            sawBareLF = true
            try deviate(physicalLine, "lines end in LF alone, not CRLF")
        }
        if count > Self.maximumLineOctets { throw error(physicalLine, "a line longer than \(Self.maximumLineOctets) octets") }
        var line = UnsafeBufferPointer(rebasing: raw[0..<count])
        if physicalLine == 1 && count >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF {
            // Windows programs start UTF-8 text with a byte order mark, which RFC 5545 does not have.
            try deviate(physicalLine, "a UTF-8 byte order mark before the first line (skipped)")
            line = UnsafeBufferPointer(rebasing: line[3...])
            count -= 3
        }
        if count > 0 && (line[0] == 0x20 || line[0] == 0x09) {
            // A continuation of the logical line.
            guard !logical.isEmpty else {
                if count > 1 { try deviate(physicalLine, "a folded continuation with no line before it") }
                return
            }
            logical.append(contentsOf: UnsafeBufferPointer(rebasing: line[1...]))
            if logical.count > Self.maximumLineOctets { throw error(logicalLine, "a line longer than \(Self.maximumLineOctets) octets") }
            return
        }
        try flushLogical(emit: emit)
        if count == 0 { return }  // blank lines: several producers write them; nothing to report
        logical.append(contentsOf: line)
        logicalLine = physicalLine
    }

    private mutating func flushLogical(emit: (RawComponent) throws -> Void) throws {
        guard !logical.isEmpty else { return }
        defer { logical.removeAll(keepingCapacity: true) }
        guard let content = try parseContentLine() else { return }
        try handle(content, emit: emit)
    }

    /// Splits the logical line into name, parameters and value; nil (reported) for a line that is not one.
    private mutating func parseContentLine() throws -> ContentLine? {
        // The line's bytes are split where they are (each part becomes a string once); a line that is not UTF-8
        // has its bytes replaced first. ASCII, most lines, is told 8 bytes at a time without building a string.
        // A line that is not ASCII is checked once, and its value taken from the checked text.
        var checked: String?
        if !Self.isASCII(logical) {
            if let valid = String(validating: logical, as: UTF8.self) {
                checked = valid
            } else {
                try deviate(logicalLine, "bytes that are not UTF-8 (replaced by U+FFFD)")
                let replaced = String(decoding: logical, as: UTF8.self)
                checked = replaced
                logical = Array(replaced.utf8)
            }
        }
        let u = logical
        var i = 0
        // The name: letters, digits and '-'.
        while i < u.count, u[i] != 0x3B, u[i] != 0x3A { i += 1 }
        guard i < u.count, i > 0 else {
            try deviate(logicalLine, "a line that is not NAME:VALUE (skipped)")
            return nil
        }
        let (name, allowed) = Self.upperCased(u[0..<i])
        guard allowed else {
            try deviate(logicalLine, "a property name with characters RFC 5545 does not allow (skipped)")
            return nil
        }
        var parameters: [Parameter] = []
        while i < u.count, u[i] == 0x3B {
            i += 1
            let nameStart = i
            while i < u.count, u[i] != 0x3D, u[i] != 0x3A, u[i] != 0x3B { i += 1 }
            let pname = Self.upperCased(u[nameStart..<i]).text
            guard i < u.count, u[i] == 0x3D else {
                try deviate(logicalLine, "a parameter without a value (\(pname.isEmpty ? "empty" : pname))")
                continue
            }
            i += 1
            var values: [String] = []
            while true {
                if i < u.count, u[i] == 0x22 {
                    // A quoted value: anything but a double quote and controls, up to the closing quote.
                    let vstart = i + 1
                    var j = vstart
                    while j < u.count, u[j] != 0x22 { j += 1 }
                    guard j < u.count else {
                        try deviate(logicalLine, "a quoted parameter value without its closing quote (skipped)")
                        return nil
                    }
                    values.append(Self.caretDecoded(u[vstart..<j]))
                    i = j + 1
                } else {
                    let vstart = i
                    while i < u.count, u[i] != 0x2C, u[i] != 0x3B, u[i] != 0x3A { i += 1 }
                    values.append(Self.caretDecoded(u[vstart..<i]))
                }
                if i < u.count, u[i] == 0x2C { i += 1; continue }
                break
            }
            parameters.append(Parameter(pname, values: values))
        }
        guard i < u.count, u[i] == 0x3A else {
            try deviate(logicalLine, "a line that is not NAME:VALUE (skipped)")
            return nil
        }
        let value: String
        if let checked {
            value = String(checked[checked.utf8.index(checked.utf8.startIndex, offsetBy: i + 1)...])
        } else {
            value = String(decoding: u[(i + 1)...], as: UTF8.self)
        }
        return ContentLine(name: name, parameters: parameters, value: value, line: logicalLine)
    }

    /// Whether every byte is ASCII.
    static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var i = 0
            while i + 8 <= raw.count {
                if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                i += 8
            }
            while i < raw.count {
                if raw[i] & 0x80 != 0 { return false }
                i += 1
            }
            return true
        }
    }

    /// A name or parameter name, upper-cased (RFC 5545 compares them without case), and whether it holds only what
    /// a name may (capital letters, digits, '-'). Most are written upper-case already and are taken as they are.
    static func upperCased(_ bytes: ArraySlice<UInt8>) -> (text: String, isName: Bool) {
        func allowed(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2D }
        let text = String(decoding: bytes, as: UTF8.self)
        if bytes.allSatisfy(allowed) { return (text, true) }
        let upper = text.uppercased()
        return (upper, upper.utf8.allSatisfy(allowed))
    }

    /// RFC 6868: `^n` is a line break, `^^` a caret, `^'` a double quote; any other caret stays as it is.
    static func caretDecoded(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(0x5E) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == 0x5E, i + 1 < bytes.endIndex {
                switch bytes[i + 1] {
                case 0x6E: out.append(0x0A); i += 2; continue
                case 0x5E: out.append(0x5E); i += 2; continue
                case 0x27: out.append(0x22); i += 2; continue
                default: break
                }
            }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Components

    private mutating func handle(_ line: ContentLine, emit: (RawComponent) throws -> Void) throws {
        switch line.name {
        case "BEGIN":
            let name = line.value.trimmedSpace.uppercased()
            if name == "VCALENDAR" && stack.isEmpty {
                if calendarEnded { try deviate(line.line, "more than one VCALENDAR in the file") }
                sawCalendar = true
                method = nil
            } else if !sawCalendar && stack.isEmpty {
                try deviate(line.line, "BEGIN:\(name) outside any VCALENDAR")
                sawCalendar = true
            }
            if stack.count >= Self.maximumDepth { throw error(line.line, "components nested deeper than \(Self.maximumDepth)") }
            stack.append(RawComponent(name: name, line: line.line))
        case "END":
            let name = line.value.trimmedSpace.uppercased()
            guard let open = stack.lastIndex(where: { $0.name == name }) else {
                if let innermost = stack.last, innermost.name != "VCALENDAR", !Self.definedComponents.contains(name) {
                    // A misspelt END (`END:VTOOD`): left open, the component would swallow every one after it.
                    try deviate(line.line, "END:\(name) names no open component: read as END:\(innermost.name)")
                    try close(emit: emit)
                } else {
                    try deviate(line.line, "END:\(name) without its BEGIN (ignored)")
                }
                return
            }
            if open != stack.count - 1 {
                try deviate(line.line, "END:\(name) closes \(stack[(open + 1)...].map(\.name).joined(separator: ", ")) too")
            }
            while stack.count > open { try close(emit: emit) }
        default:
            guard !stack.isEmpty else {
                if !sawCalendar { throw error(line.line, "no BEGIN:VCALENDAR: not an iCalendar file") }
                try deviate(line.line, "a property after END:VCALENDAR (ignored)")
                return
            }
            if stack.count == 1 && stack[0].name == "VCALENDAR" {
                calendarLines.append(line)
                if line.name == "METHOD" { method = line.value.trimmedSpace.uppercased() }
                return
            }
            if stack[stack.count - 1].lines.count >= Self.maximumProperties {
                throw error(line.line, "a component with more than \(Self.maximumProperties) properties")
            }
            stack[stack.count - 1].lines.append(line)
        }
    }

    /// The components RFC 5545 and its extensions define (RFC 7953 availability, RFC 9073 locations, resources and
    /// participants): an END naming one of them that is not open is a stray END, not a misspelt one.
    static let definedComponents: Set<String> = [
        "VCALENDAR", "VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE", "STANDARD", "DAYLIGHT", "VALARM",
        "VAVAILABILITY", "AVAILABLE", "VLOCATION", "VRESOURCE", "PARTICIPANT",
    ]

    private mutating func close(emit: (RawComponent) throws -> Void) throws {
        var done = stack.removeLast()
        if stack.isEmpty {
            if done.name == "VCALENDAR" { calendarEnded = true } else { try emit(done) }
        } else if stack.count == 1 && stack[0].name == "VCALENDAR" {
            done.method = method
            try emit(done)
        } else {
            stack[stack.count - 1].components.append(done)
        }
    }

    // MARK: Reporting

    private mutating func deviate(_ line: Int, _ message: String) throws {
        if mode == .strict { throw ReadError(line: line, message: message) }
        if var d = deviationsByMessage[message] {
            d.count += 1
            deviationsByMessage[message] = d
        } else {
            deviationsByMessage[message] = Deviation(line: line, message: message, count: 1)
            deviationOrder.append(message)
        }
    }

    private func error(_ line: Int, _ message: String) -> ReadError { ReadError(line: line, message: message) }
}

/// A file's components, read lazily: iterating reads the file piece by piece, so memory holds about one component
/// and one piece at a time. Errors end the iteration and are kept in `error`.
public final class FileComponents: Sequence, IteratorProtocol {
    private var reader: ICalendarReader
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var queue: [ICalendarReader.RawComponent] = []
    private var head = 0
    private var finished = false
    private let buffer: UnsafeMutableRawPointer
    private static let pieceSize = 1 << 20
    /// Why reading stopped early, if it did.
    public private(set) var error: ICalendarReader.ReadError?

    init(path: String, mode: ICalendarReader.Mode) throws {
        reader = ICalendarReader(mode: mode)
        ownsDescriptor = path != "-"
        fd = ownsDescriptor ? Foundation.open(path, O_RDONLY) : STDIN_FILENO
        guard fd >= 0 else {
            throw ICalendarReader.ReadError(line: 0, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.pieceSize, alignment: 16)
    }

    deinit {
        buffer.deallocate()
        if ownsDescriptor { _ = Foundation.close(fd) }
    }

    /// The calendar's own properties (complete once iteration has ended).
    public var calendarLines: [ICalendarReader.ContentLine] { reader.calendarLines }
    /// The deviations lenient reading accepted (complete once iteration has ended).
    public var deviations: [ICalendarReader.Deviation] { reader.deviations }

    public func next() -> ICalendarReader.RawComponent? {
        while head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
            guard !finished else { return nil }
            do {
                let got = Foundation.read(fd, buffer, Self.pieceSize)
                if got < 0 {
                    if errno == EINTR { continue }
                    throw ICalendarReader.ReadError(line: 0, message: "cannot read: \(String(cString: strerror(errno)))")
                }
                if got == 0 {
                    finished = true
                    try reader.finish { queue.append($0) }
                } else {
                    try reader.read(UnsafeRawBufferPointer(start: buffer, count: got)) { queue.append($0) }
                }
            } catch let e as ICalendarReader.ReadError {
                error = e
                finished = true
                queue.removeAll()
                return nil
            } catch {
                self.error = ICalendarReader.ReadError(line: 0, message: "\(error)")
                finished = true
                return nil
            }
        }
        defer { head += 1 }
        return queue[head]
    }
}
