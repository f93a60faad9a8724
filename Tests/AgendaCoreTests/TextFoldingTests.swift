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

@Suite("Search folding agrees with Foundation")
struct TextFoldingAgreementTests {
    @Test("The fast table gives what Foundation's folding gives, for every Latin letter with diacritics")
    func agreesWithFoundation() {
        for v in Array(0xC0...0x24F) + Array(0x1E00...0x1EFF) {
            guard let u = Unicode.Scalar(v), !["đ", "Đ", "ð", "Ð", "ø", "Ø", "ł", "Ł", "ß", "æ", "Æ", "œ", "Œ", "ı", "þ", "Þ"].contains(Character(u)) else { continue }
            let s = String(Character(u))
            let slow = s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX")).lowercased()
            #expect(TextFolding.fold(s) == slow, "U+\(String(v, radix: 16))")
        }
        // Decomposed input (e + combining acute) folds like the composed letter; other scripts pass through.
        #expect(TextFolding.fold("Cafe\u{301} Città") == "cafe citta")
        #expect(TextFolding.fold("Ελλάδα 東京") == "ελλαδα 東京")
    }
}
