import Foundation

/// Folds text for search as people type it: lower case, no diacritics, and the letters that Unicode does not
/// decompose mapped to their base (Vietnamese đ, and ø, ł, ß, æ, œ...). "Đối thoại" and "doi thoai" fold alike.
public enum TextFolding {
    private static let extra: [Character: String] = [
        "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ß": "ss",
        "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "Þ": "th",
    ]

    /// The folded form of `text`.
    public static func fold(_ text: String) -> String {
        var mapped = ""
        mapped.reserveCapacity(text.utf8.count)
        for ch in text {
            if let e = extra[ch] { mapped += e } else { mapped.append(ch) }
        }
        let folded = mapped.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive],
                                    locale: Locale(identifier: "en_US_POSIX"))
        return folded.lowercased()
    }

    /// The words of a query, folded, each safe to quote in an FTS5 MATCH expression.
    public static func queryTerms(_ query: String) -> [String] {
        fold(query).split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }
}
