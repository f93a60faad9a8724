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
        var scratch: [UInt8] = []
        appendEscapedText(value, to: &out, scratch: &scratch)
    }

    /// `appendEscapedText` with the caller's scratch space, kept from one call to the next: a writer of many
    /// values allocates none per value (a long value's scratch came from malloc each time, and two threads
    /// allocating that way waited on each other's arena lock).
    public static func appendEscapedText(_ value: String, to out: inout [UInt8], scratch: inout [UInt8]) {
        var value = value
        value.withUTF8 { bytes in
            let n = bytes.count
            guard n > 0 else { return }
            // Escaped into scratch space through a pointer (at most two bytes out per byte in), then appended in
            // one copy. Words of eight bytes that hold no special byte (most of them) are copied whole.
            ensure(&scratch, holds: 2 * n)
            scratch.withUnsafeMutableBufferPointer { tmp in
                let src = bytes.baseAddress!, dst = tmp.baseAddress!
                var i = 0, o = 0
                while i < n {
                    if i + 8 <= n {
                        let word = ByteWord.load(src + i)
                        if !mayHoldSpecialTextByte(word) {
                            UnsafeMutableRawPointer(dst + o).storeBytes(of: word, as: UInt64.self)
                            i += 8; o += 8
                            continue
                        }
                    }
                    let b = src[i]
                    switch b {
                    case UInt8(ascii: "\\"), UInt8(ascii: ";"), UInt8(ascii: ","):
                        dst[o] = UInt8(ascii: "\\"); dst[o + 1] = b; o += 2
                    case 0x0D:
                        dst[o] = UInt8(ascii: "\\"); dst[o + 1] = UInt8(ascii: "n"); o += 2
                    case 0x0A:
                        if i == 0 || src[i - 1] != 0x0D { dst[o] = UInt8(ascii: "\\"); dst[o + 1] = UInt8(ascii: "n"); o += 2 }
                    case 0x09:
                        dst[o] = b; o += 1
                    case 0..<0x20, 0x7F:
                        break  // other control characters are dropped
                    default:
                        dst[o] = b; o += 1
                    }
                    i += 1
                }
                out.append(contentsOf: UnsafeBufferPointer(start: dst, count: o))
            }
        }
    }

    /// Whether any of the eight bytes of `word` may need escaping in TEXT: a control character (below 0x20, or
    /// DEL), a backslash, a semicolon or a comma. Exact for "none" (the classic has-zero-byte tests), so a word
    /// it clears is copied as it is.
    @inline(__always)
    static func mayHoldSpecialTextByte(_ word: UInt64) -> Bool {
        ByteWord.hasByte(below: 0x20, in: word) || ByteWord.has(0x5C, in: word) || ByteWord.has(0x3B, in: word)
            || ByteWord.has(0x2C, in: word) || ByteWord.has(0x7F, in: word)
    }

    /// `value` escaped as TEXT.
    public static func escapeText(_ value: String) -> String {
        var out: [UInt8] = []
        appendEscapedText(value, to: &out)
        return String(decoding: out, as: UTF8.self)
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
        var scratch: [UInt8] = []
        appendFolded(line, width: width, to: &out, scratch: &scratch)
    }

    /// `appendFolded` with the caller's scratch space, kept from one call to the next (see `appendEscapedText`).
    public static func appendFolded(_ line: ArraySlice<UInt8>, width: Int = maximumOctets, to out: inout [UInt8],
                                    scratch: inout [UInt8]) {
        precondition(width >= 5, "a fold width below 5 octets cannot hold a 4-octet character")
        line.withUnsafeBufferPointer { buf in
            let n = buf.count
            // Folded into scratch space through a pointer, then appended in one copy.
            // Every piece but the last holds at least width - 5 octets (a fold backs off at most 3 for a character and
            // 1 for an escape pair), or 1 at the narrowest width.
            ensure(&scratch, holds: n + (n / max(1, width - 5) + 2) * 3 + 2)
            scratch.withUnsafeMutableBufferPointer { tmp in
                let dst = tmp.baseAddress!
                var o = 0
                func put(_ from: Int, _ to: Int) {
                    (dst + o).update(from: buf.baseAddress! + from, count: to - from)
                    o += to - from
                }
                var start = 0
                var limit = width
                while n - start > limit {
                    // The longest piece that fits and does not end inside a UTF-8 sequence or an escape pair.
                    var p = start + limit
                    while p > start && buf[p] & 0xC0 == 0x80 { p -= 1 }
                    if p > start && buf[p - 1] == UInt8(ascii: "\\") {
                        var k = p - 1
                        while k > start && buf[k - 1] == UInt8(ascii: "\\") { k -= 1 }
                        // A backslash run of odd length ends with the first half of a pair (escapes come in pairs).
                        if (p - k) % 2 == 1 { p -= 1 }
                    }
                    if p == start { p = start + 1; while p < n && buf[p] & 0xC0 == 0x80 { p += 1 } }
                    put(start, p)
                    dst[o] = 0x0D; dst[o + 1] = 0x0A; dst[o + 2] = 0x20; o += 3
                    start = p
                    limit = width - 1
                }
                put(start, n)
                dst[o] = 0x0D; dst[o + 1] = 0x0A; o += 2
                out.append(contentsOf: UnsafeBufferPointer(start: dst, count: o))
            }
        }
    }

    /// Grows `scratch` to at least `count` bytes (to twice that, so that growing is rare).
    @inline(__always)
    static func ensure(_ scratch: inout [UInt8], holds count: Int) {
        if scratch.count < count { scratch = [UInt8](repeating: 0, count: max(2 * count, 256)) }
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

/// Tests on eight bytes at once (a little-endian word), for scans that pass over runs of ordinary text: the classic
/// has-zero-byte tests, exact when they say "none" (they may say "some" for a byte next to a match, never miss one).
public enum ByteWord {
    /// Whether a byte of `word` equals `byte`.
    @inlinable @inline(__always)
    public static func has(_ byte: UInt8, in word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let v = word ^ (ones &* UInt64(byte))
        return (v &- ones) & ~v & highs != 0
    }

    /// Whether a byte of `word` is below `limit` (at most 0x80; bytes of 0x80 and above never count).
    @inlinable @inline(__always)
    public static func hasByte(below limit: UInt8, in word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        return (word &- ones &* UInt64(limit)) & ~word & highs != 0
    }

    /// The eight bytes at `p`, in memory order (any alignment).
    @inlinable @inline(__always)
    public static func load(_ p: UnsafePointer<UInt8>) -> UInt64 { UnsafeRawPointer(p).loadUnaligned(as: UInt64.self) }
}
