import Foundation
import Testing
@testable import AgendaCore

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
