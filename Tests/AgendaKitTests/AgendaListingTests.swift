import AgendaCore
import Foundation
import Testing
import TestScratch
@testable import AgendaKit

private func timed(_ id: Int64, _ start: String, _ end: String, _ zone: String) throws -> Event {
    let s = try ScheduleInput(start: start, end: end, timeZone: zone).resolve(now: Date(), defaultZone: zone).schedule
    return Event(id: id, uid: "uid-\(id)-xxxxxx", kind: .meeting, title: "Event \(id)", schedule: s, status: .confirmed)
}

private func dated(_ id: Int64, _ start: String, zone: String = "Europe/Rome") throws -> Event {
    let s = try ScheduleInput(start: start, timeZone: zone).resolve(now: Date(), defaultZone: zone).schedule
    return Event(id: id, uid: "uid-\(id)-xxxxxx", kind: .meeting, title: "Event \(id)", schedule: s, status: .confirmed)
}

@Suite("upcoming as people read it")
struct AgendaListingTests {
    let rome = TimeZone(identifier: "Europe/Rome")!

    @Test("Days come once each and in order, in the viewer's zone, whatever the venues' zones")
    func daysInOrder() throws {
        // On 20-21 March 2023 Rome is +01, New York already -04 (EDT), Bangkok +07: Bangkok 08:00 on the 21st is 02:00
        // in Rome on the 21st; New York 20:00 on the 20th is 01:00 in Rome on the 21st; a Rome meeting at 23:00.
        let events = [try timed(1, "2023-03-21 08:00", "+1h", "Asia/Bangkok"),
                      try timed(2, "2023-03-20 20:00", "+1h", "America/New_York"),
                      try timed(3, "2023-03-20 23:00", "+90m", "Europe/Rome"),
                      try dated(4, "2023-03-21"), try dated(5, "2023-10"), try dated(6, "2023"),
                      try dated(7, "2023-Q4")]
        let l = AgendaListing(events, viewer: rome)
        #expect(l.days.map(\.date.description) == ["2023-03-20", "2023-03-21"])
        #expect(l.days[0].items.map(\.event.id) == [3])
        #expect(l.days[1].items.map(\.event.id) == [4, 2, 1], "all-day first, then by instant")
        #expect(l.days[0].items[0].time == "23:00–00:30 next day")
        #expect(l.days[1].items[1].time == "01:00–02:00")
        #expect(l.days[1].items[1].venueTime == "20:00–21:00 America/New_York")
        #expect(l.days[1].items[2].time == "02:00–03:00")
        #expect(l.days[1].items[2].venueTime == "08:00–09:00 Asia/Bangkok")
        #expect(l.days[0].items[0].venueTime == nil)
        // Imprecise items come after every dated one, in their own sections, by period start.
        #expect(l.undated.map(\.header) == ["Sometime in 2023", "October 2023 — date TBC", "Q4 2023 — date TBC"])
    }

    @Test("Either 01:30 of a night the viewer's clocks go back says its offset, in the viewer's column too")
    func repeatedHourForTheViewer() throws {
        // New York, 5 November 2023: 01:00-02:00 -04:00 happens, then again at -05:00.
        let newYork = TimeZone(identifier: "America/New_York")!
        let events = [try timed(1, "2023-11-05T01:30-04:00", "+30m", "America/New_York"),
                      try timed(2, "2023-11-05T01:30-05:00", "+1h", "America/New_York"),
                      try timed(3, "2023-11-05T01:10-04:00", "+1h", "America/New_York")]
        let l = AgendaListing(events, viewer: newYork)
        #expect(l.days.count == 1)
        // A meeting from the first 01:10 to the second reads as an hour, not as none; one from the first 01:30 to
        // the second 01:00 does not seem to end before it starts.
        #expect(l.days[0].items.map(\.time) == ["01:10 (-04:00)–01:10 (-05:00)", "01:30 (-04:00)–01:00 (-05:00)", "01:30 (-05:00)–02:30"])
        #expect(l.days[0].items.allSatisfy { $0.venueTime == nil })
        // Seen from Rome, the same meetings: Rome's clocks went back a week earlier, so nothing repeats there.
        let fromRome = AgendaListing(events, viewer: rome)
        #expect(fromRome.days[0].items.map(\.time) == ["06:10–07:10", "06:30–07:00", "07:30–08:30"])
        #expect(fromRome.days[0].items.map(\.venueTime) == ["01:10 (-04:00)–01:10 (-05:00) America/New_York",
                                                           "01:30 (-04:00)–01:00 (-05:00) America/New_York",
                                                           "01:30 (-05:00)–02:30 America/New_York"])
    }

    @Test("An event under way when the window opens is listed on the window's first day")
    func underWay() throws {
        let conference = try dated(1, "2023-03-18")
        var long = conference
        long.schedule = try ScheduleInput(start: "2023-03-18", end: "2023-03-22", timeZone: "Europe/Rome")
            .resolve(now: Date(), defaultZone: "Europe/Rome").schedule
        let from = LocalDate(iso: "2023-03-20")!.startInstant(in: rome)
        let l = AgendaListing([long], viewer: rome, from: from)
        #expect(l.days.map(\.date.description) == ["2023-03-20"])
        #expect(l.days[0].items[0].time == "all day, until Wed 22 Mar 2023")
    }

    @Test("JSON: the same order, with the section and the viewer's day; as fast to write as the table")
    func json() throws {
        let events = [try dated(5, "2023-10"), try timed(3, "2023-03-20 23:00", "+90m", "Europe/Rome")]
        let text = EventJSON.listing(AgendaListing(events, viewer: rome)).text
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [[String: Any]]
        #expect(parsed.map { $0["id"] as! Int } == [3, 5])
        #expect(parsed.map { $0["section"] as! String } == ["dated", "tbc"])
        #expect(parsed[0]["day"] as? String == "2023-03-20")
        #expect(parsed[1]["day"] == nil)
        #expect(parsed[0]["startUTC"] as? String == "2023-03-20T22:00:00Z")
        #expect(parsed[0]["endUTC"] as? String == "2023-03-20T23:30:00Z")
    }

    @Test("The streamed JSON listing is the listing's text, whatever the piece size, and [] when empty")
    func streamed() throws {
        let events = [try dated(5, "2023-10"), try timed(3, "2023-03-20 23:00", "+90m", "Europe/Rome"),
                      try dated(7, "2023-03-21"), try timed(9, "2023-03-21 10:00", "+1h", "Asia/Bangkok")]
        let listing = AgendaListing(events, viewer: rome)
        for chunk in [1, 100, 1 << 18] {
            var pieces: [[UInt8]] = []
            EventJSON.writeListing(listing, chunk: chunk) { pieces.append($0) }
            #expect(String(decoding: pieces.joined(), as: UTF8.self) == EventJSON.listing(listing).text + "\n")
            #expect(chunk > 100 || pieces.count > 2)
        }
        var empty: [UInt8] = []
        EventJSON.writeListing(AgendaListing([], viewer: rome)) { empty += $0 }
        #expect(String(decoding: empty, as: UTF8.self) == "[]\n")
    }

    @Test("The hand-written JSON is what Foundation's encoder writes for the same object", arguments: [
        "plain", "with \"quotes\" and \\ backslash", "Đối thoại cấp cao", "line\nbreak\ttab", "slash /", "\u{1}",
    ])
    func matchesFoundation(text: String) throws {
        struct Doc: Codable { var a: String; var b: Int; var c: [String]; var d: String? }
        let doc = Doc(a: text, b: -42, c: [text, "x"], d: nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let foundation = String(decoding: try encoder.encode(doc), as: UTF8.self)
        let ours = JSONValue.object([("b", .int(-42)), ("a", .string(text)), ("c", .array([.string(text), .string("x")])),
                                     ("d", JSONValue.optional(nil))]).text
        // Both parse to the same value; the layout is the same up to how a control character is escaped.
        let a = try JSONSerialization.jsonObject(with: Data(foundation.utf8)) as! NSDictionary
        let b = try JSONSerialization.jsonObject(with: Data(ours.utf8)) as! NSDictionary
        #expect(a == b)
        if !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) {
            #expect(ours == foundation)
        }
    }

    @Test("JSON strings (scanned eight bytes at a time) escape exactly what the rule says, at any offset")
    func quotingFollowsTheRule() throws {
        // The rule, scalar by scalar: the quote, the backslash and C0 controls as JSONEncoder writes them, and what a
        // terminal must not see raw (DEL, C1 controls, bidirectional overrides and isolates) as \uXXXX.
        func reference(_ text: String) -> String {
            "\"" + text.unicodeScalars.map { u -> String in
                switch u {
                case "\"": return "\\\""
                case "\\": return "\\\\"
                case "\n": return "\\n"
                case "\r": return "\\r"
                case "\t": return "\\t"
                case "\u{08}": return "\\b"
                case "\u{0C}": return "\\f"
                default:
                    guard Terminal.needsEscape(u) else { return String(u) }
                    let hex = String(u.value, radix: 16)
                    return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            }.joined() + "\""
        }
        let pieces = ["\"", "\\", "Đối thoại", "—", "…", "€", "\t", "\n", "\r", "\u{08}", "\u{0C}", "\u{1B}", "\u{00}",
                      "\u{7F}", "\u{85}", "\u{9F}", "\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}", "\u{2028}", "日本"]
        var escaped = 0
        for text in seededMixes(of: pieces, count: 3_000) {
            var out: [UInt8] = []
            JSONValue.quote(text, into: &out)
            let ours = String(decoding: out, as: UTF8.self)
            #expect(ours == reference(text), "\(text.debugDescription)")
            // And any JSON reader gets the text back.
            let back = try JSONSerialization.jsonObject(with: Data("[\(ours)]".utf8)) as? [String]
            #expect(back == [text])
            if ours.count > text.count + 2 { escaped += 1 }
        }
        #expect(escaped > 1_000)
    }

    @Test("ISO instants without a formatter", arguments: [
        (0, "1970-01-01T00:00:00Z"), (1_677_657_600, "2023-03-01T08:00:00Z"), (-2_208_988_800, "1900-01-01T00:00:00Z"),
        (7_258_118_399, "2199-12-31T23:59:59Z"), (951_782_400, "2000-02-29T00:00:00Z"),
    ])
    func iso(seconds: Int, text: String) {
        #expect(JSONValue.isoUTC(seconds) == text)
    }
}
