import Foundation

/// Looks ahead in a file for a property name without parsing it: whether `RECURRENCE-ID` (say) occurs anywhere,
/// so that a reader can tell before it starts whether anything later in the file may refer back to what it reads
/// now. Conservative: the name is matched in any case and across folds (CRLF or LF then a space or tab), anywhere
/// on a line, so a value mentioning it counts too; it can say yes when the property is absent, never no when it is
/// present.
public struct PropertyScan {
    private let needle: [UInt8]
    private var failure: [Int]
    private var matched = 0
    private var afterLineBreak = false
    /// Whether the name has been seen in the bytes given so far.
    public private(set) var found = false

    /// A scan for `name` (ASCII letters, digits and "-", as property names are).
    public init(_ name: String) {
        needle = Array(name.lowercased().utf8)
        // Knuth–Morris–Pratt: the longest proper prefix of needle[...i] that is also its suffix.
        failure = Array(repeating: 0, count: needle.count)
        var k = 0
        for i in needle.indices.dropFirst() {
            while k > 0 && needle[i] != needle[k] { k = failure[k - 1] }
            if needle[i] == needle[k] { k += 1 }
            failure[i] = k
        }
    }

    /// Feeds the next bytes of the file (any piece size; a match may straddle pieces).
    public mutating func scan(_ bytes: UnsafeRawBufferPointer) {
        guard !found, !needle.isEmpty else { return }
        var k = matched, afterBreak = afterLineBreak
        for b in bytes {
            if b == 0x0D { continue }
            if b == 0x0A { afterBreak = true; continue }
            if afterBreak {
                afterBreak = false
                if b == 0x20 || b == 0x09 { continue }  // a fold: the line goes on
                k = 0                                   // a new line: a name cannot span two
            }
            let c = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            while k > 0 && c != needle[k] { k = failure[k - 1] }
            if c == needle[k] {
                k += 1
                if k == needle.count { found = true; return }
            }
        }
        matched = k
        afterLineBreak = afterBreak
    }

    /// Whether the file at `path` may hold a property named `name`; nil when it cannot be read ahead (standard
    /// input, "-", or an unreadable file: the caller then assumes it may).
    public static func file(_ path: String, mayContain name: String) -> Bool? {
        guard path != "-" else { return nil }
        let fd = Foundation.open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { _ = Foundation.close(fd) }
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
