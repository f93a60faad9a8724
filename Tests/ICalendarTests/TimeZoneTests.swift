import Foundation
import Testing
@testable import ICalendar

private func utc(_ s: String) -> Int { Int(ISO8601DateFormatter().date(from: s)!.timeIntervalSince1970) }

private func vtimezone(_ id: String, _ from: String, _ to: String) throws -> [String] {
    let c = try #require(TimeZoneComponent.make(id, covering: utc(from)...utc(to)))
    return ContentLine.unfold(try ICalendarWriter.string(c))
}

/// The observances of a VTIMEZONE as (kind, DTSTART, from, to, RRULE).
private func observances(_ lines: [String]) -> [(String, String, String, String, String?)] {
    var result: [(String, String, String, String, String?)] = []
    var kind = "", start = "", from = "", to = ""
    var rule: String?
    for l in lines {
        if l == "BEGIN:STANDARD" || l == "BEGIN:DAYLIGHT" { kind = String(l.dropFirst(6)); rule = nil }
        else if l.hasPrefix("DTSTART:") { start = String(l.dropFirst(8)) }
        else if l.hasPrefix("TZOFFSETFROM:") { from = String(l.dropFirst(13)) }
        else if l.hasPrefix("TZOFFSETTO:") { to = String(l.dropFirst(11)) }
        else if l.hasPrefix("RRULE:") { rule = String(l.dropFirst(6)) }
        else if l.hasPrefix("END:STANDARD") || l.hasPrefix("END:DAYLIGHT") { result.append((kind, start, from, to, rule)) }
    }
    return result
}

@Suite("VTIMEZONE from the zone's real rules")
struct TimeZoneTests {
    @Test("Europe/Rome 2023: the yearly pair Outlook expects, with 26 March and 29 October as transitions")
    func rome() throws {
        let obs = observances(try vtimezone("Europe/Rome", "2023-01-01T00:00:00Z", "2023-12-31T00:00:00Z"))
        #expect(obs.count == 2)
        let daylight = try #require(obs.first { $0.0 == "DAYLIGHT" })
        let standard = try #require(obs.first { $0.0 == "STANDARD" })
        #expect(daylight.2 == "+0100" && daylight.3 == "+0200")
        #expect(daylight.4 == "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
        #expect(daylight.1.hasSuffix("T020000"))
        #expect(standard.2 == "+0200" && standard.3 == "+0100")
        #expect(standard.4 == "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
        #expect(standard.1.hasSuffix("T030000"))
        // The rules give 2023's transitions: last Sunday of March is the 26th, of October the 29th.
        #expect(TimeZoneComponent.ruleDate(year: 2023, month: 3, weekday: 7, n: -1) == DateValue(year: 2023, month: 3, day: 26))
        #expect(TimeZoneComponent.ruleDate(year: 2023, month: 10, weekday: 7, n: -1) == DateValue(year: 2023, month: 10, day: 29))
    }

    @Test("America/New_York: second Sunday of March, first Sunday of November")
    func newYork() throws {
        let obs = observances(try vtimezone("America/New_York", "2023-01-01T00:00:00Z", "2023-12-31T00:00:00Z"))
        #expect(obs.contains { $0.0 == "DAYLIGHT" && $0.2 == "-0500" && $0.3 == "-0400" && $0.4 == "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU" })
        #expect(obs.contains { $0.0 == "STANDARD" && $0.2 == "-0400" && $0.3 == "-0500" && $0.4 == "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU" })
    }

    @Test("A zone without DST gets a single STANDARD block", arguments: ["Asia/Bangkok", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
    func noDST(zone: String) throws {
        let obs = observances(try vtimezone(zone, "2023-01-01T00:00:00Z", "2023-12-31T00:00:00Z"))
        #expect(obs.count == 1)
        #expect(obs[0].0 == "STANDARD")
        #expect(obs[0].2 == obs[0].3)
        let expected = ["Asia/Bangkok": "+0700", "Pacific/Kiritimati": "+1400", "Pacific/Pago_Pago": "-1100"][zone]
        #expect(obs[0].3 == expected)
    }

    @Test("A single observance starts at the span it covers, never claiming an offset the zone did not have", arguments: [
        ("1990-01-01T00:00:00Z", "1995-12-31T00:00:00Z", "+0545"), ("1975-01-01T00:00:00Z", "1983-12-31T00:00:00Z", "+0530"),
    ])
    func kathmandu(from: String, to: String, offset: String) throws {
        // Asia/Kathmandu was +05:30 until 1 January 1986, +05:45 since (tz database).
        let obs = observances(try vtimezone("Asia/Kathmandu", from, to))
        #expect(obs.count == 1)
        #expect(obs[0].2 == offset && obs[0].3 == offset)
        let start = try #require(Int(obs[0].1.prefix(4)))
        // It covers the span widened by a year, and no earlier: +05:45 is never claimed for 1985.
        #expect(start >= Int(from.prefix(4))! - 2, "DTSTART \(obs[0].1) is long before the covered span")
        if offset == "+0545" { #expect(start >= 1986) }
    }

    @Test("A zone whose rules changed: São Paulo dropped DST in 2019; its transitions are written one by one")
    func saoPaulo() throws {
        let obs = observances(try vtimezone("America/Sao_Paulo", "2018-01-01T00:00:00Z", "2020-12-31T00:00:00Z"))
        #expect(obs.allSatisfy { $0.4 == nil }, "no RRULE may claim DST continues")
        #expect(obs.contains { $0.0 == "DAYLIGHT" && $0.1 == "20181104T000000" && $0.3 == "-0200" })
        #expect(obs.last.map { $0.0 == "STANDARD" && $0.1 == "20190217T000000" && $0.3 == "-0300" } == true)
    }

    @Test("Every transition in a span is reproduced by the VTIMEZONE's observances (Rome, 2019-2025)")
    func rulesMatchFoundation() throws {
        let zone = TimeZone(identifier: "Europe/Rome")!
        let transitions = TimeZoneComponent.transitions(zone, from: utc("2019-01-01T00:00:00Z"), to: utc("2025-12-31T00:00:00Z"))
        #expect(transitions.count == 14)
        let obs = observances(try vtimezone("Europe/Rome", "2019-06-01T00:00:00Z", "2025-06-01T00:00:00Z"))
        for t in transitions {
            let (date, seconds) = t.localStart
            let match = obs.contains { o in
                guard o.3 == utcOffsetText(t.to), seconds == 3600 * Int(o.1.suffix(6).prefix(2))! else { return false }
                if o.1.hasPrefix(date.text) { return true }
                guard let rule = o.4, o.1 < date.text else { return false }
                let month = Int(rule.split(separator: ";").first { $0.hasPrefix("BYMONTH=") }!.dropFirst(8))!
                return month == date.month && TimeZoneComponent.ruleDate(year: date.year, month: month, weekday: 7, n: -1) == date
            }
            #expect(match, "transition \(date.text)")
        }
    }

    @Test("Unknown zones give no component")
    func unknown() { #expect(TimeZoneComponent.make("Mars/Olympus", covering: 0...1) == nil) }
}
