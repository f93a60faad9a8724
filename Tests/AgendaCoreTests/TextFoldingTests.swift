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
