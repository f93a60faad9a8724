import Foundation
import Testing
@testable import ICalendar

@Suite("Escaping and folding")
struct ContentLineTests {
    static let characters: [(String, Int)] = [("a", 1), ("đ", 2), ("ệ", 3), ("€", 3), ("😀", 4), ("𝄞", 4)]

    @Test("fold → unfold is the identity and no line exceeds the width, for every length 60...90 octets and 1- to 4-byte characters",
          arguments: characters.map(\.0))
    func foldUnfold(character: String) {
        for prefix in 0..<4 {
            for length in 60...90 {
                var value = String(repeating: "x", count: prefix)
                while value.utf8.count + character.utf8.count <= length { value += character }
                let line = "SUMMARY:" + value
                let folded = ContentLine.fold(line)
                let physical = folded.components(separatedBy: "\r\n").dropLast()
                #expect(physical.allSatisfy { $0.utf8.count <= 75 }, "\(length) \(character)")
                #expect(physical.dropFirst().allSatisfy { $0.hasPrefix(" ") })
                // Each physical line is valid UTF-8 on its own, checked on the raw bytes: no sequence was split.
                var bytes: [UInt8] = []
                ContentLine.appendFolded(ArraySlice(Array(line.utf8)), to: &bytes)
                var start = 0
                for i in bytes.indices where i > 0 && bytes[i - 1] == 0x0D && bytes[i] == 0x0A {
                    #expect(String(validating: bytes[start..<(i - 1)], as: UTF8.self) != nil, "\(length) \(character)")
                    start = i + 1
                }
                #expect(ContentLine.unfold(folded) == [line])
            }
        }
    }

    @Test("Every fold width from 60 to 90 octets keeps lines within it and unfolds to the original", arguments: 60...90)
    func widths(width: Int) {
        let line = "DESCRIPTION:" + ContentLine.escapeText("Đối thoại cấp cao Italy-ASEAN; Città, perché? \\ 😀 \n riga due") + String(repeating: "ệ", count: 40)
        let folded = ContentLine.fold(line, width: width)
        let physical = folded.components(separatedBy: "\r\n").dropLast()
        #expect(physical.allSatisfy { $0.utf8.count <= width })
        #expect(ContentLine.unfold(folded) == [line])
    }

    @Test("Long lines of the worst mix (4-byte characters after escape pairs) at every width from 5 to 80")
    func worstCaseFolding() {
        let value = ContentLine.escapeText(String(repeating: "x,😀;𝄞\\ệ", count: 2_000))
        for width in 5...80 {
            let line = "DESCRIPTION:" + value
            let folded = ContentLine.fold(line, width: width)
            let physical = folded.components(separatedBy: "\r\n").dropLast()
            #expect(physical.allSatisfy { $0.utf8.count <= max(width, 4) }, "width \(width)")
            #expect(ContentLine.unfold(folded) == [line], "width \(width)")
        }
    }

    @Test("TEXT escaping agrees with a byte-at-a-time reading of RFC 5545, at every offset of every special byte")
    func escapingAgreesWithReference() {
        func reference(_ s: String) -> String {
            var out: [UInt8] = []
            let b = Array(s.utf8)
            for (i, c) in b.enumerated() {
                switch c {
                case 0x5C, 0x3B, 0x2C: out += [0x5C, c]
                case 0x0D: out += Array("\\n".utf8)
                case 0x0A: if i == 0 || b[i - 1] != 0x0D { out += Array("\\n".utf8) }
                case 0x09: out.append(c)
                case 0..<0x20, 0x7F: break
                default: out.append(c)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        let specials = ["\\", ";", ",", "\r", "\n", "\r\n", "\t", "\u{1}", "\u{7F}", "\u{1F}", "đ", "😀"]
        for special in specials {
            for offset in 0..<20 {
                for tail in [0, 1, 7, 8, 9] {
                    let text = String(repeating: "a", count: offset) + special + String(repeating: "b", count: tail)
                    #expect(ContentLine.escapeText(text) == reference(text), "\(offset) \(special.debugDescription) \(tail)")
                }
            }
        }
        let mixed = String(repeating: "Hội nghị, phiên 2; \\ ok\r\nnext\tend\u{0}", count: 50)
        #expect(ContentLine.escapeText(mixed) == reference(mixed))
        #expect(ContentLine.escapeText("") == "")
    }

    @Test("An escape pair is never split across lines")
    func escapePairs() {
        for shift in 0..<80 {
            let line = String(repeating: "x", count: shift) + ContentLine.escapeText(String(repeating: ",;\\\n", count: 30))
            let folded = ContentLine.fold(line)
            for p in folded.components(separatedBy: "\r\n").dropLast() {
                // A physical line never ends in an odd run of backslashes.
                let run = p.reversed().prefix { $0 == "\\" }.count
                #expect(run % 2 == 0, "shift \(shift): \(p)")
            }
            #expect(ContentLine.unfold(folded) == [line])
        }
    }

    @Test("TEXT escaping", arguments: [
        ("a,b;c\\d", "a\\,b\\;c\\\\d"),
        ("line1\nline2", "line1\\nline2"),
        ("line1\r\nline2", "line1\\nline2"),
        ("line1\rline2", "line1\\nline2"),
        ("tab\there", "tab\there"),
        ("bell\u{07}null\u{00}del\u{7F}", "bellnulldel"),
        ("Đối thoại: \"cấp cao\"", "Đối thoại: \"cấp cao\""),
        ("", ""),
    ])
    func escaping(input: String, expected: String) {
        #expect(ContentLine.escapeText(input) == expected)
        if !input.contains(where: { $0.isASCII && ($0.asciiValue! < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r\n" && $0 != "\r" || $0.asciiValue == 0x7F) }) {
            let normalized = input.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            #expect(ICalendarText.unescaped(expected) == normalized)
        }
    }

    @Test("Parameter values are quoted only when needed, with RFC 6868 for quotes, carets and newlines", arguments: [
        ("Europe/Rome", "Europe/Rome"),
        ("Rome: Palazzo", "\"Rome: Palazzo\""),
        ("a;b", "\"a;b\""),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "say ^'hi^'"),
        ("up^down", "up^^down"),
        ("two\nlines", "two^nlines"),
        ("ctl\u{01}x", "ctlx"),
    ])
    func parameters(input: String, expected: String) {
        var out: [UInt8] = []
        ContentLine.appendParameterValue(input, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }

    @Test("Huge and empty values")
    func extremes() throws {
        let huge = String(repeating: "Đối thoại, ", count: 20_000)
        let text = try ICalendarWriter.string(Component("VEVENT", properties: [.text("DESCRIPTION", huge), .text("SUMMARY", "")]))
        let lines = text.components(separatedBy: "\r\n").dropLast()
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        let unfolded = ContentLine.unfold(text)
        #expect(unfolded.contains("SUMMARY:"))
        #expect(unfolded.first { $0.hasPrefix("DESCRIPTION:") }.map { ICalendarText.unescaped(String($0.dropFirst(12))) } == huge)
    }
}

@Suite("A TEXT value given as lines")
struct TextLinesTests {
    /// Line lists whose joins hold every break the escaping treats specially: CR LF split across two lines, empty
    /// lines, lines that start with LF or end with CR, control characters, Vietnamese text longer than a fold.
    static let cases: [[String]] = [
        [], [""], ["", ""], ["one"], ["one", "two"], ["a\r", "b"], ["a\r", "", "b"], ["a\r", "\nb"], ["a", "\nb"],
        ["a\r\n", "b\r"], ["\r", "\r"], ["x;y,z\\", "\u{7}bell\ttab"],
        ["Đối thoại cấp cao Italy-ASEAN", String(repeating: "Hiệp hội Italy-ASEAN; ", count: 12), "Status: tentative"],
    ]

    @Test("Written byte for byte as the lines joined with LF and written as TEXT", arguments: cases)
    func sameAsJoined(lines: [String]) throws {
        let asLines = try ICalendarWriter.string(Component("VEVENT", properties: [Property("DESCRIPTION", .textLines(lines))]))
        let joined = try ICalendarWriter.string(Component("VEVENT", properties: [.text("DESCRIPTION", lines.joined(separator: "\n"))]))
        #expect(asLines == joined)
    }
}

@Suite("Values")
struct ValueTests {
    @Test("DURATION", arguments: [(3600, "PT1H"), (5400, "PT1H30M"), (86400, "P1D"), (604_800, "P1W"), (0, "PT0S"),
                                  (-900, "-PT15M"), (90061, "P1DT1H1M1S")])
    func durations(seconds: Int, text: String) { #expect(DurationValue(seconds: seconds).text == text) }

    @Test("UTC offsets", arguments: [(3600, "+0100"), (-12600, "-0330"), (0, "+0000"), (50400, "+1400"), (-39600, "-1100"),
                                     (3600 + 1800 + 28, "+013028")])
    func offsets(seconds: Int, text: String) { #expect(utcOffsetText(seconds) == text) }

    @Test("DATE-TIME forms and RECUR")
    func dateTimes() {
        let d = DateValue(year: 2023, month: 2, day: 20)
        #expect(DateTimeValue(date: d, hour: 10, minute: 30, form: .utc).text == "20230220T103000Z")
        #expect(DateTimeValue(date: d, hour: 10, minute: 30, form: .zoned("Europe/Rome")).text == "20230220T103000")
        #expect(DateTimeValue(utc: Date(timeIntervalSince1970: 1_676_889_000)).text == "20230220T103000Z")
        #expect(RecurrenceRule(frequency: .yearly, byMonth: [3], byDay: [.init(-1, .sunday)]).text == "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
        let p = Property("DTSTART", .dateTime(DateTimeValue(date: d, hour: 9, minute: 0, form: .zoned("Asia/Bangkok"))))
        #expect(p.parameters == [Parameter("TZID", "Asia/Bangkok")])
        #expect(Property("DTSTART", .date(d)).parameters == [Parameter("VALUE", "DATE")])
    }
}
