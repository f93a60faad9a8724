import AgendaCore
import Foundation
import Testing
import TestScratch

@Suite("Text written to a terminal: control characters shown as codes, everything else as it is")
struct TerminalSafetyTests {
    /// The rule, character by character: what `needsEscape` refuses is written `\u{…}`.
    static func reference(_ text: String) -> String {
        text.unicodeScalars.map { Terminal.needsEscape($0) ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
    }

    @Test("The byte scan (eight bytes at a time) writes what the rule says, for any mix and any length")
    func appendSafeFollowsTheRule() {
        // Ordinary text, Vietnamese, dashes and an ellipsis (E2 lead bytes that are safe), then every kind of
        // control: C0, DEL, C1 (C2 lead byte), bidirectional overrides and isolates (E2 80 AA…AE, E2 81 A6…A9).
        let pieces = ["a", "Đối thoại", " ", ",", "—", "…", "€", "\t", "\n", "日本",
                      "\u{1B}", "\u{00}", "\u{07}", "\r", "\u{7F}", "\u{85}", "\u{9F}", "\u{80}",
                      "\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}", "\u{202F}", "\u{2065}"]
        var escaped = 0
        for text in seededMixes(of: pieces, count: 3_000) {
            var out: [UInt8] = []
            Terminal.appendSafe(text, to: &out)
            let expected = Self.reference(text)
            #expect(String(decoding: out, as: UTF8.self) == expected, "\(text.debugDescription)")
            if expected != text { escaped += 1 }
        }
        #expect(escaped > 1_000)
    }
}
