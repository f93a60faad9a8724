/// RFC 5545 §3.1 content lines: escaping of TEXT values and parameter values, and folding at 75 octets.
///
/// Everything works on UTF-8 bytes. Folding never splits a UTF-8 sequence nor a backslash escape pair, so a
/// reader that unfolds (removes CRLF + one space) gets the original bytes back.
public enum ContentLine {
    /// The longest physical line, in octets, not counting CRLF (RFC 5545 §3.1).
    public static let maximumOctets = 75

    /// Appends `value` escaped as TEXT (§3.3.11): `\` `;` `,` are backslash-escaped, any line break (CRLF, CR, LF)
    /// becomes `\n`, and other control characters are dropped.
    public static func appendEscapedText(_ value: String, to out: inout [UInt8]) {
        var value = value
        value.withUTF8 { bytes in
            // Fast path: nothing to escape, copy the run whole.
            if !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ",") }) {
                out.append(contentsOf: bytes)
                return
            }
            var previousCR = false
            for b in bytes {
                switch b {
                case UInt8(ascii: "\\"): out.append(b); out.append(b)
                case UInt8(ascii: ";"), UInt8(ascii: ","): out.append(UInt8(ascii: "\\")); out.append(b)
                case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
                case 0x0A: if !previousCR { out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n")) }
                case 0x09: out.append(b)
                case 0x00..<0x20, 0x7F: break
                default: out.append(b)
                }
                previousCR = b == 0x0D
            }
        }
    }

    /// `value` escaped as TEXT.
    public static func escapeText(_ value: String) -> String {
        var out: [UInt8] = []
        appendEscapedText(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Reverses `escapeText` (`\n` and `\N` become LF).
    public static func unescapeText(_ value: String) -> String {
        var out = ""
        var escaping = false
        for ch in value {
            if escaping {
                out.append(ch == "n" || ch == "N" ? "\n" : ch)
                escaping = false
            } else if ch == "\\" {
                escaping = true
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// Appends a parameter value: control characters dropped, RFC 6868 caret encoding for `"`, `^` and line
    /// breaks, and double quotes around it only when it holds `:`, `;` or `,`.
    public static func appendParameterValue(_ value: String, to out: inout [UInt8]) {
        var body: [UInt8] = []
        var needsQuotes = false
        var previousCR = false
        for b in value.utf8 {
            switch b {
            case UInt8(ascii: "^"): body += [UInt8(ascii: "^"), UInt8(ascii: "^")]
            case UInt8(ascii: "\""): body += [UInt8(ascii: "^"), UInt8(ascii: "'")]
            case 0x0D: body += [UInt8(ascii: "^"), UInt8(ascii: "n")]
            case 0x0A: if !previousCR { body += [UInt8(ascii: "^"), UInt8(ascii: "n")] }
            case 0x09: body.append(b)
            case 0x00..<0x20, 0x7F: break
            case UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: ","): needsQuotes = true; body.append(b)
            default: body.append(b)
            }
            previousCR = b == 0x0D
        }
        if needsQuotes { out.append(UInt8(ascii: "\"")) }
        out += body
        if needsQuotes { out.append(UInt8(ascii: "\"")) }
    }

    /// Appends one unfolded logical line (without CRLF) folded to `width` octets per physical line, each ending in
    /// CRLF; continuation lines start with a space, which counts toward the width.
    public static func appendFolded(_ line: ArraySlice<UInt8>, width: Int = maximumOctets, to out: inout [UInt8]) {
        precondition(width >= 5, "a fold width below 5 octets cannot hold a 4-octet character")
        line.withUnsafeBufferPointer { buf in
            let n = buf.count
            out.reserveCapacity(out.count + n + n / (width - 1) * 3 + 2)
            var start = 0
            var room = width
            var i = 0
            if n > width {
                while i < n {
                    // The next unit that must stay whole: a UTF-8 sequence, or a backslash with what it escapes.
                    var unit = utf8Length(buf[i])
                    if buf[i] == UInt8(ascii: "\\"), i + 1 < n { unit = 1 + utf8Length(buf[i + 1]) }
                    unit = min(unit, n - i)
                    if unit > room {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<i]))
                        out.append(0x0D)
                        out.append(0x0A)
                        out.append(0x20)
                        start = i
                        room = width - 1
                    }
                    room -= unit
                    i += unit
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<n]))
            out.append(0x0D)
            out.append(0x0A)
        }
    }

    /// Folds a whole logical line; for tests and small uses.
    public static func fold(_ line: String, width: Int = maximumOctets) -> String {
        var out: [UInt8] = []
        appendFolded(ArraySlice(Array(line.utf8)), width: width, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Unfolds CRLF (or LF) followed by a space or tab (RFC 5545 §3.1) and splits into logical lines.
    public static func unfold(_ text: String) -> [String] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0D || b == 0x0A {
                var j = i + 1
                if b == 0x0D, j < bytes.count, bytes[j] == 0x0A { j += 1 }
                if j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 {
                    i = j + 1
                    continue
                }
                lines.append(current)
                current = []
                i = j
                continue
            }
            current.append(b)
            i += 1
        }
        if !current.isEmpty { lines.append(current) }
        return lines.map { String(decoding: $0, as: UTF8.self) }
    }

    @inline(__always)
    static func utf8Length(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...0xF7: 4
        case 0xE0...0xEF: 3
        case 0xC0...0xDF: 2
        default: 1
        }
    }
}
