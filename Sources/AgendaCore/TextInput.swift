import Foundation

/// The one rule for text the agenda stores: valid Unicode in NFC (so a name typed with combining marks is the
/// same name as its precomposed form), no NUL or other control characters (line breaks and tabs only in
/// multi-line fields), and not blank where a value is required.
public enum TextInput {
    /// The longest text kept in one field (a whole article fits; a runaway file does not).
    public static let maximumLength = 100_000

    /// `text` normalised to NFC and trimmed of surrounding whitespace; throws `AgendaError.invalid` naming
    /// `field` when it holds control characters, is too long, or is blank and `required`.
    public static func clean(_ text: String, field: String, multiline: Bool = false, required: Bool = false) throws -> String {
        let value = text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        for scalar in value.unicodeScalars where scalar.properties.generalCategory == .control {
            if multiline && (scalar == "\n" || scalar == "\t" || scalar == "\r") { continue }
            throw AgendaError.invalid(field: field, value: Terminal.safe(text),
                                      expected: "text without control characters (found U+\(String(format: "%04X", scalar.value)))")
        }
        if value.utf8.count > maximumLength {
            throw AgendaError.invalid(field: field, value: String(Terminal.safe(text).prefix(40)) + "…",
                                      expected: "at most \(maximumLength) bytes of text")
        }
        if required && value.isEmpty {
            throw AgendaError.invalid(field: field, value: text, expected: "a non-empty value")
        }
        return value
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
        guard text.unicodeScalars.contains(where: { needsEscape($0) }) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if needsEscape(s) {
                out.append(contentsOf: "\\u{\(String(s.value, radix: 16))}".unicodeScalars)
            } else {
                out.append(s)
            }
        }
        return String(out)
    }

    /// `safe(text)`, letting through the exact sequences in `allowed` (a front end's own colour codes).
    public static func safe(_ text: String, keeping allowed: [String]) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0) }) else { return text }
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

    /// True for a scalar that must not reach a terminal raw.
    public static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        if s == "\n" || s == "\t" { return false }
        if s.properties.generalCategory == .control { return true }
        // Bidirectional overrides and isolates reorder what follows them on screen.
        return (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
    }
}
