import Foundation

/// Looks ahead in a file for a property name without parsing it: whether `RECURRENCE-ID` (say) occurs anywhere,
/// so that a reader can tell before it starts whether anything later in the file may refer back to what it reads
/// now. Names are looked for where the reader finds them, at the start of each logical line (after an LF not
/// followed by a space or tab), in any case and across folds; the rest of a line is skipped with `memchr`.
/// Conservative: a name that only begins with the one looked for counts too, so it can say yes when the property
/// is absent, never no when it is present. (Scanning every byte for the name anywhere on a line took 0.4 s of the
/// peers' 154 MB agenda.ics before an import could start; a mention inside a value is no property.)
public struct PropertyScan {
    private let needle: [UInt8]
    /// How much of the name the current line has matched so far; -1 once it cannot be the name.
    private var matched = 0
    private var afterLineBreak = false
    /// Whether the name has been seen in the bytes given so far.
    public private(set) var found = false

    /// A scan for `name` (ASCII letters, digits and "-", as property names are).
    public init(_ name: String) {
        needle = Array(name.lowercased().utf8)
    }

    /// Feeds the next bytes of the file (any piece size; a match may straddle pieces).
    public mutating func scan(_ bytes: UnsafeRawBufferPointer) {
        guard !found, !needle.isEmpty, let base = bytes.baseAddress else { return }
        let end = bytes.count
        var i = 0, k = matched, afterBreak = afterLineBreak
        while i < end {
            if k < 0 && !afterBreak {
                // Not the name: on to the next line break.
                guard let lf = memchr(base + i, 0x0A, end - i) else { i = end; break }
                i = base.distance(to: UnsafeRawPointer(lf)) + 1
                afterBreak = true
                continue
            }
            let b = base.load(fromByteOffset: i, as: UInt8.self)
            i += 1
            if b == 0x0D { continue }
            if b == 0x0A { afterBreak = true; continue }
            if afterBreak {
                afterBreak = false
                if b == 0x20 || b == 0x09 { continue }  // a fold: the line goes on, matching or not
                k = 0                                   // a new line: a name starts here
            }
            let c = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            if c == needle[k] {
                k += 1
                if k == needle.count { found = true; return }
            } else {
                k = -1
            }
        }
        matched = k
        afterLineBreak = afterBreak
    }

    /// Whether the file at `path` may hold a property named `name`; nil when it cannot be read ahead (standard
    /// input, "-", an unreadable file, or anything but a regular file: the caller then assumes it may). A pipe
    /// (`agenda import <(curl …)`, a FIFO) read ahead would be consumed before the real read, and a device such as
    /// /dev/zero never ends.
    public static func file(_ path: String, mayContain name: String) -> Bool? {
        guard path != "-" else { return nil }
        let fd = Foundation.open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { _ = Foundation.close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        var scan = PropertyScan(name)
        while !scan.found {
            let n = Foundation.read(fd, buffer, size)
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { break }
            scan.scan(UnsafeRawBufferPointer(start: buffer, count: n))
        }
        return scan.found
    }
}
