import Foundation

/// Folds text for search as people type it: lower case, no diacritics, and the letters that Unicode does not
/// decompose mapped to their base (Vietnamese đ, and ø, ł, ß, æ, œ...). "Đối thoại" and "doi thoai" fold alike.
public enum TextFolding {
    private static let extra: [Unicode.Scalar: String] = [
        "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ß": "ss",
        "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "Þ": "th",
    ]

    /// Folded forms of the Latin letters with diacritics (Latin-1 Supplement, Extended-A and -B, Latin Extended
    /// Additional, which holds Vietnamese) and of the punctuation text carries between them (Latin-1's signs and
    /// spaces, General Punctuation's dashes, quotes and ellipsis): computed once with Foundation, then a table
    /// lookup per scalar. Punctuation outside the table made every dash or quote a call into Foundation (a third
    /// of the folding time of a large import).
    private static let table: [UInt32: [UInt8]] = {
        var t: [UInt32: [UInt8]] = [:]
        for range in [0xA0...0x24F, 0x1E00...0x1EFF, 0x2000...0x206F] {
            for v in range {
                guard let u = Unicode.Scalar(v) else { continue }
                t[UInt32(v)] = Array((extra[u] ?? slowFold(String(Character(u)))).utf8)
            }
        }
        return t
    }()

    private static func slowFold(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive],
                  locale: Locale(identifier: "en_US_POSIX")).lowercased()
    }

    /// The folded form of `text`.
    public static func fold(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pending = ""   // scalars outside the table, folded together (keeps combining sequences whole)
        func flush() {
            if !pending.isEmpty { out.append(contentsOf: slowFold(pending).utf8); pending = "" }
        }
        for u in text.unicodeScalars {
            let v = u.value
            if v < 0x80 {
                if !pending.isEmpty { flush() }
                out.append(UInt8(v >= 0x41 && v <= 0x5A ? v + 0x20 : v))
            } else if (0x300...0x36F).contains(v) && pending.isEmpty {
                continue  // a combining mark after a folded letter: a diacritic
            } else if let f = table[v] {
                if !pending.isEmpty { flush() }
                out.append(contentsOf: f)
            } else if let e = extra[u] {
                if !pending.isEmpty { flush() }
                out.append(contentsOf: e.utf8)
            } else {
                pending.unicodeScalars.append(u)
            }
        }
        flush()
        return String(decoding: out, as: UTF8.self)
    }

    /// The words of a query, folded, each safe to quote in an FTS5 MATCH expression.
    public static func queryTerms(_ query: String) -> [String] {
        fold(query).split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }
}
