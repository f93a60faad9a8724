import Foundation
import ICalendar

/// The one rule for text the agenda stores: valid Unicode in NFC (so a name typed with combining marks is the
/// same name as its precomposed form), no NUL or other control characters (line breaks and tabs only in
/// multi-line fields), and not blank where a value is required.
public enum TextInput {
    /// The longest text kept in one field (a whole article fits; a runaway file does not).
    public static let maximumLength = 100_000

    /// `text` normalised to NFC and trimmed of surrounding whitespace; throws `AgendaError.invalid` naming
    /// `field` when it holds control characters, is too long, or is blank and `required`.
    public static func clean(_ text: String, field: String, multiline: Bool = false, required: Bool = false) throws -> String {
        // One pass over the scalars: control characters (Cc is exactly U+0000-001F and U+007F-009F), whether NFC
        // could change anything, and where the non-whitespace text starts and ends.
        var mayNeedNFC = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || (0x7F...0x9F).contains(v) {
                if multiline && (scalar == "\n" || scalar == "\t" || scalar == "\r") { continue }
                throw AgendaError.invalid(field: field, value: Terminal.oneLine(text),
                                          expected: "text without control characters (found U+\(String(format: "%04X", v)))")
            }
            if v >= 0x300 && !mayNeedNFC && !isNFCStable(scalar) { mayNeedNFC = true }
        }
        var value = mayNeedNFC ? text.precomposedStringWithCanonicalMapping : text
        value = trimmed(value)
        if value.utf8.count > maximumLength {
            throw AgendaError.invalid(field: field, value: String(Terminal.oneLine(text).prefix(40)) + "…",
                                      expected: "at most \(maximumLength) bytes of text")
        }
        if required && value.isEmpty {
            throw AgendaError.invalid(field: field, value: Terminal.oneLine(text), expected: "a non-empty value")
        }
        return value
    }

    /// `text` in NFC (as the store keeps names), asking Foundation only when a scalar could change: a name already
    /// precomposed, as typed names and imported ones after `clean` are, is returned as it is. (Foundation's NFC
    /// took most of a name lookup's time in an import of invitations.)
    public static func nfc(_ text: String) -> String {
        for s in text.unicodeScalars where s.value >= 0x300 && !isNFCStable(s) {
            return text.precomposedStringWithCanonicalMapping
        }
        return text
    }

    /// True for a scalar that NFC leaves alone whatever surrounds it: no combining class, and in a block without
    /// singletons or composing vowels (Latin Extended Additional holds the precomposed Vietnamese letters).
    /// Scalars below U+0300 are always stable.
    static func isNFCStable(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        guard s.properties.canonicalCombiningClass == .notReordered else { return false }
        return (0x1E00...0x1EFF).contains(v) || (0x2010...0x206F).contains(v) || (0x20A0...0x20CF).contains(v)
            || (0x3040...0x3098).contains(v) || (0x4E00...0x9FFF).contains(v) || (0x0400...0x04FF).contains(v)
            || (0x0E00...0x0E7F).contains(v)
    }

    /// `text` without leading and trailing white space (Unicode's White_Space), without Foundation's bridging.
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }

    /// `clean` for optional fields: nil and blank text give nil.
    public static func cleanOptional(_ text: String?, field: String, multiline: Bool = false) throws -> String? {
        guard let text else { return nil }
        let v = try clean(text, field: field, multiline: multiline)
        return v.isEmpty ? nil : v
    }
}

/// Text bound for a terminal: control and escape sequences replaced, so stored data cannot drive the terminal.
public enum Terminal {
    /// `text` with every control character (but line breaks and tabs) and bidirectional override shown as a
    /// visible escape such as `\u{1b}`.
    public static func safe(_ text: String) -> String {
        guard mayNeedEscape(text) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if needsEscape(s) {
                out.append(contentsOf: escaped(s).unicodeScalars)
            } else {
                out.append(s)
            }
        }
        return String(out)
    }

    /// `safe` for what must stay one line (an error message): the line breaks and tabs `safe` keeps for tables are
    /// shown as `\u{a}` and `\u{9}` too, so a value typed with a line break cannot split the line.
    public static func oneLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in safe(text).unicodeScalars {
            if s.value < 0x20 { out.append(contentsOf: escaped(s).unicodeScalars) } else { out.append(s) }
        }
        return String(out)
    }

    /// The visible form of a scalar: `\u{1b}`.
    static func escaped(_ s: Unicode.Scalar) -> String { "\\u{\(String(s.value, radix: 16))}" }

    /// Appends `text` to `out` as UTF-8 with `safe`'s rule applied on the bytes (each sequence `unsafeLength`
    /// flags written as `\u{1b}`), for front ends that build their output as bytes.
    public static func appendSafe(_ text: String, to out: inout [UInt8]) {
        var copy = text
        copy.withUTF8 { b in
            var start = 0, i = 0
            while i < b.count {
                // Eight bytes at a time while none may start an unsafe sequence (most text).
                if i + 8 <= b.count, !mayHoldUnsafeStart(ByteWord.load(b.baseAddress! + i)) {
                    i += 8
                    continue
                }
                if !mayStartUnsafe(b[i]) { i += 1; continue }
                let n = unsafeLength(b, at: i)
                if n == 0 { i += 1; continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i]))
                let value: UInt32 = switch n {
                case 1: UInt32(b[i])
                case 2: UInt32(b[i] & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F)
                default: UInt32(b[i] & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
                }
                out.append(contentsOf: "\\u{\(String(value, radix: 16))}".utf8)
                i += n
                start = i
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<b.count]))
        }
    }

    /// `safe(text)`, letting through the exact sequences in `allowed` (a front end's own colour codes).
    public static func safe(_ text: String, keeping allowed: [String]) -> String {
        guard mayNeedEscape(text) else { return text }
        var out = ""
        var rest = Substring(text)
        while let i = rest.firstIndex(where: { $0.unicodeScalars.contains(where: needsEscape) }) {
            out += rest[..<i]
            let tail = rest[i...]
            if let code = allowed.first(where: { tail.hasPrefix($0) }) {
                out += code
                rest = tail.dropFirst(code.count)
            } else {
                out += safe(String(tail.first!))
                rest = tail.dropFirst()
            }
        }
        return out + rest
    }

    /// The byte length of the UTF-8 sequence at `i` that must not reach a terminal raw, or 0: C0 controls but
    /// line breaks and tabs, DEL, C1 controls (C2 80-9F), bidirectional overrides and isolates (E2 80 AA-AE,
    /// E2 81 A6-A9). The byte form of `needsEscape`, for scans of whole outputs.
    public static func unsafeLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let c = b[i], n = b.count
        if c < 0x20 { return c == 0x0A || c == 0x09 ? 0 : 1 }
        if c == 0x7F { return 1 }
        if c == 0xC2, i + 1 < n, (0x80...0x9F).contains(b[i + 1]) { return 2 }
        if c == 0xE2, i + 2 < n,
           (b[i + 1] == 0x80 && (0xAA...0xAE).contains(b[i + 2])) || (b[i + 1] == 0x81 && (0xA6...0xA9).contains(b[i + 2])) {
            return 3
        }
        return 0
    }

    /// Whether one of the eight bytes of `word` may begin a sequence `unsafeLength` flags (`mayStartUnsafe` of
    /// each); never false when one does.
    @inlinable @inline(__always)
    public static func mayHoldUnsafeStart(_ word: UInt64) -> Bool {
        ByteWord.hasByte(below: 0x20, in: word) || ByteWord.has(0x7F, in: word) || ByteWord.has(0xC2, in: word)
            || ByteWord.has(0xE2, in: word)
    }

    /// Whether a byte may begin a sequence `unsafeLength` flags: a C0 control or DEL, or the lead byte of a C1
    /// control (C2) or of a bidirectional control (E2). Scans pass over every other byte without a closer look.
    @inlinable
    public static func mayStartUnsafe(_ c: UInt8) -> Bool { c < 0x20 || c == 0x7F || c == 0xC2 || c == 0xE2 }

    /// Whether `text` holds anything `needsEscape` refuses (a byte scan).
    static func mayNeedEscape(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { b in
            b.indices.contains { mayStartUnsafe(b[$0]) && unsafeLength(b, at: $0) > 0 }
        }
    }

    /// True for a scalar that must not reach a terminal raw.
    public static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        if s == "\n" || s == "\t" { return false }
        if s.value < 0x20 || (0x7F...0x9F).contains(s.value) { return true }  // Cc, exactly
        // Bidirectional overrides and isolates reorder what follows them on screen.
        return (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
    }
}
