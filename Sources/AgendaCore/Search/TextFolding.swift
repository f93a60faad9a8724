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
    /// of the folding time of a large import). The table is flat: `tableIndex` finds a scalar's entry, whose
    /// folded bytes are `table.bytes[start ..< start + length]` (entry = start << 8 | length), without a hash. The
    /// undecomposed letters of `extra` all lie in these ranges, so the table holds their folded forms too.
    private static let tableRanges: [ClosedRange<UInt32>] = [0xA0...0x24F, 0x1E00...0x1EFF, 0x2000...0x206F]
    /// `growth`: the most bytes a table entry has for each byte of its scalar, so that a text of the table's
    /// scalars alone folds into at most `growth` times its length.
    private static let table: (entries: [UInt32], bytes: [UInt8], growth: Int) = {
        var entries: [UInt32] = [], bytes: [UInt8] = [], growth = 1
        for range in tableRanges {
            for v in range {
                let u = Unicode.Scalar(v)!  // the ranges hold no surrogates
                precondition(tableIndex(v) == entries.count, "tableIndex disagrees with tableRanges at \(v)")
                let folded = Array((extra[u] ?? slowFold(String(Character(u)))).utf8)
                precondition(folded.count < 256)
                entries.append(UInt32(bytes.count) << 8 | UInt32(folded.count))
                bytes += folded
                let length = String(u).utf8.count
                growth = max(growth, (folded.count + length - 1) / length)
            }
        }
        return (entries, bytes, growth)
    }()

    @inline(__always) private static func tableIndex(_ v: UInt32) -> Int? {
        if v >= 0xA0 && v <= 0x24F { return Int(v &- 0xA0) }
        if v >= 0x1E00 && v <= 0x1EFF { return Int(v &- 0x1E00) &+ 432 }
        if v >= 0x2000 && v <= 0x206F { return Int(v &- 0x2000) &+ 688 }
        return nil
    }

    private static func slowFold(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive],
                  locale: Locale(identifier: "en_US_POSIX")).lowercased()
    }

    /// The folded form of `text`. Read as UTF-8: ASCII is lowered byte by byte, other scalars are decoded and
    /// looked up in the table; scalars outside it are folded together by Foundation (which keeps combining
    /// sequences whole).
    public static func fold(_ text: String) -> String {
        var text = text
        return text.withUTF8 { fold(utf8: $0) }
    }

    private static func fold(utf8 input: UnsafeBufferPointer<UInt8>) -> String {
        foldingTableScalars(input) ?? foldingAny(input)
    }

    /// The folding of a text whose scalars are all ASCII, table scalars or combining marks (Latin and Vietnamese
    /// text, their punctuation), written straight into the string's storage; nil at the first other scalar.
    private static func foldingTableScalars(_ input: UnsafeBufferPointer<UInt8>) -> String? {
        let (entries, bytes, growth) = table
        var complete = true
        let folded = String(unsafeUninitializedCapacity: input.count * growth) { out in
            var i = 0, j = 0
            let n = input.count
            while i < n {
                let b = input[i]
                if b < 0x80 {
                    out[j] = b >= 0x41 && b <= 0x5A ? b &+ 0x20 : b
                    i &+= 1; j &+= 1
                    continue
                }
                let (v, length) = scalar(input, at: i, lead: b)
                i &+= length
                if v >= 0x300 && v <= 0x36F { continue }  // a combining mark after a folded scalar: a diacritic
                guard let k = tableIndex(v) else { complete = false; return 0 }
                let entry = entries[k]
                let start = Int(entry >> 8), count = Int(entry & 0xFF)
                for m in 0 ..< count { out[j &+ m] = bytes[start &+ m] }
                j &+= count
            }
            return j
        }
        return complete ? folded : nil
    }

    /// The scalar at `i` of valid UTF-8 (a Swift string's) whose first byte `lead` is not ASCII, and its length.
    @inline(__always) private static func scalar(_ input: UnsafeBufferPointer<UInt8>, at i: Int, lead b: UInt8) -> (UInt32, Int) {
        if b < 0xE0 { return (UInt32(b & 0x1F) << 6 | UInt32(input[i &+ 1] & 0x3F), 2) }
        if b < 0xF0 {
            return (UInt32(b & 0x0F) << 12 | UInt32(input[i &+ 1] & 0x3F) << 6 | UInt32(input[i &+ 2] & 0x3F), 3)
        }
        return (UInt32(b & 0x07) << 18 | UInt32(input[i &+ 1] & 0x3F) << 12 | UInt32(input[i &+ 2] & 0x3F) << 6
                    | UInt32(input[i &+ 3] & 0x3F), 4)
    }

    /// The folding of any text.
    private static func foldingAny(_ input: UnsafeBufferPointer<UInt8>) -> String {
        let (entries, bytes, _) = table
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var pending = ""   // scalars outside the table, folded together (keeps combining sequences whole)
        func flush() {
            if !pending.isEmpty { out.append(contentsOf: slowFold(pending).utf8); pending = "" }
        }
        var i = 0
        let n = input.count
        while i < n {
            let b = input[i]
            if b < 0x80 {
                if !pending.isEmpty { flush() }
                out.append(b >= 0x41 && b <= 0x5A ? b &+ 0x20 : b)
                i &+= 1
                continue
            }
            let (v, length) = scalar(input, at: i, lead: b)
            i &+= length
            if v >= 0x300 && v <= 0x36F && pending.isEmpty {
                continue  // a combining mark after a folded letter: a diacritic
            } else if let k = tableIndex(v) {
                if !pending.isEmpty { flush() }
                let entry = entries[k]
                let start = Int(entry >> 8), length = Int(entry & 0xFF)
                bytes.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start ..< start &+ length])) }
            } else {
                pending.unicodeScalars.append(Unicode.Scalar(v)!)
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
