import Foundation
import Testing
@testable import AgendaCore
import TestScratch

@Suite("Search folding")
struct TextFoldingTests {
    @Test("Vietnamese, Italian and English fold to what people type", arguments: [
        ("Đối thoại cấp cao Italy-ASEAN", "doi thoai cap cao italy-asean"),
        ("Hiệp hội Italy-ASEAN", "hiep hoi italy-asean"),
        ("Dương Hải Hưng", "duong hai hung"),
        ("Trung tâm học tập ảo", "trung tam hoc tap ao"),
        ("Città università perché", "citta universita perche"),
        ("Straße Ørsted Łódź", "strasse orsted lodz"),
        ("ROMANO PRODI", "romano prodi"),
    ])
    func folds(input: String, expected: String) {
        #expect(TextFolding.fold(input) == expected)
    }

    @Test("Query terms split on punctuation and drop it")
    func terms() {
        #expect(TextFolding.queryTerms("  Đối-thoại, \"cấp\" cao* ") == ["doi", "thoai", "cap", "cao"])
        #expect(TextFolding.queryTerms("***").isEmpty)
    }
}

@Suite("Search folding against an independent list")
struct TextFoldingListTests {
    /// Every Vietnamese vowel with every tone, in both cases, and đ: what a Vietnamese reader types without accents.
    static let vietnamese: [(String, String)] = [
        ("aáàảãạăắằẳẵặâấầẩẫậ", "a"), ("AÁÀẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬ", "a"), ("eéèẻẽẹêếềểễệ", "e"), ("EÉÈẺẼẸÊẾỀỂỄỆ", "e"),
        ("iíìỉĩị", "i"), ("IÍÌỈĨỊ", "i"), ("oóòỏõọôốồổỗộơớờởỡợ", "o"), ("OÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢ", "o"),
        ("uúùủũụưứừửữự", "u"), ("UÚÙỦŨỤƯỨỪỬỮỰ", "u"), ("yýỳỷỹỵ", "y"), ("YÝỲỶỸỴ", "y"), ("đĐ", "d"),
    ]

    @Test("Each Vietnamese letter folds to its base letter", arguments: vietnamese)
    func vietnameseLetters(letters: String, base: String) {
        for ch in letters { #expect(TextFolding.fold(String(ch)) == base, "\(ch)") }
    }

    @Test("Letters Unicode does not decompose, ligatures, Turkish i, and the same letter typed decomposed", arguments: [
        ("ø Ø ł Ł ß æ Æ œ Œ þ", "o o l l ss ae ae oe oe th"), ("ı İ", "i i"), ("ﬁle ﬂow", "file flow"),
        ("e\u{301}cole", "ecole"), ("Đo\u{302}\u{301}i thoa\u{323}i", "doi thoai"), ("ÅNGSTRÖM", "angstrom"),
        ("Città Ñandú Łódź", "citta nandu lodz"),
    ])
    func others(input: String, expected: String) {
        #expect(TextFolding.fold(input) == expected)
    }

    @Test("Punctuation (dashes, quotes, ellipsis, guillemets, spaces) stays as it is; only letters fold", arguments: [
        ("Việt Nam – Campuchia", "viet nam – campuchia"), ("“Đối thoại” — ‘cấp cao’…", "“doi thoai” — ‘cap cao’…"),
        ("«Città» · § 3", "«citta» · § 3"), ("Hà\u{00A0}Nội\u{2009}2023", "ha\u{00A0}noi\u{2009}2023"),
        ("ÉTÉ–ÉTÉ", "ete–ete"),
    ])
    func punctuation(input: String, expected: String) {
        #expect(TextFolding.fold(input) == expected)
    }

    @Test("Other scripts pass through, lower-cased")
    func otherScripts() {
        #expect(TextFolding.fold("Ελλάδα 東京") == "ελλαδα 東京")
    }
}

@Suite("Search folding, scalar by scalar")
struct TextFoldingScalarTests {
    /// The rule, stated scalar by scalar with Foundation alone: ASCII lowered; a combining mark after a folded
    /// scalar dropped; Latin letters and their punctuation folded one by one (đ and the other undecomposed letters
    /// mapped to their base); every other run of scalars folded together.
    static func reference(_ text: String) -> String {
        let extra: [Unicode.Scalar: String] = [
            "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ß": "ss",
            "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "Þ": "th",
        ]
        func foundation(_ s: String) -> String {
            s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive],
                      locale: Locale(identifier: "en_US_POSIX")).lowercased()
        }
        let ranges: [ClosedRange<UInt32>] = [0xA0...0x24F, 0x1E00...0x1EFF, 0x2000...0x206F]
        var out = "", pending = ""
        func flush() { if !pending.isEmpty { out += foundation(pending); pending = "" } }
        for u in text.unicodeScalars {
            let v = u.value
            if v < 0x80 { flush(); out += String(u).lowercased() }
            else if (0x300...0x36F).contains(v) && pending.isEmpty { continue }
            else if ranges.contains(where: { $0.contains(v) }) { flush(); out += extra[u] ?? foundation(String(Character(u))) }
            else if let e = extra[u] { flush(); out += e }
            else { pending.unicodeScalars.append(u) }
        }
        flush()
        return out
    }

    @Test("The byte-wise folding equals the rule over 3,000 mixes of scripts, marks and punctuation")
    func equalsTheRule() {
        let pieces = ["Đối thoại", "cấp cao", "Ủy ban", "Hiệp hội", "ASEAN", "Italy", " ", "-", "–", "—", "“", "”", "…",
                      "Città", "perché", "Straße", "Łódź", "Ærø", "œuvre", "ı", "þ", "e\u{301}", "\u{301}", "a\u{323}\u{302}",
                      "Ελλάδα", "東京", "กรุงเทพ", "Ⅻ", "ﬁ", "Ｆｕｌｌ", "🇻🇳", "😀", "\u{1E9E}", "ǅ", "İ", "\u{200B}", "\t", "\n",
                      "0123", "Z", "@", "\u{7F}"]
        let mixes = seededMixes(of: pieces, count: 3_000)
        var differing: [String] = []
        for text in mixes where TextFolding.fold(text) != Self.reference(text) { differing.append(text) }
        #expect(differing.isEmpty, "\(differing.prefix(3).map { ($0, TextFolding.fold($0), Self.reference($0)) })")
        #expect(mixes.count == 3_000)
    }
}
