import Foundation
import Testing
@testable import AgendaCore

private func utc(_ s: String) -> Int {
    let f = ISO8601DateFormatter()
    return Int(f.date(from: s)!.timeIntervalSince1970)
}

@Suite("Schedules tell the truth")
struct ScheduleTests {
    @Test("Month, quarter and year periods span exactly their days, leap years included", arguments: [
        ("2023-10", "Europe/Rome", "2023-09-30T22:00:00Z", "2023-10-31T23:00:00Z", "Oct 2023"),
        ("2024-02", "UTC", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z", "Feb 2024"),
        ("2023-02", "UTC", "2023-02-01T00:00:00Z", "2023-03-01T00:00:00Z", "Feb 2023"),
        ("2023-Q4", "Asia/Bangkok", "2023-09-30T17:00:00Z", "2023-12-31T17:00:00Z", "2023-Q4"),
        ("2024-Q1", "UTC", "2024-01-01T00:00:00Z", "2024-04-01T00:00:00Z", "2024-Q1"),
        ("2024", "UTC", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z", "2024"),
        ("2000", "UTC", "2000-01-01T00:00:00Z", "2001-01-01T00:00:00Z", "2000"),
        ("1900-02", "UTC", "1900-02-01T00:00:00Z", "1900-03-01T00:00:00Z", "Feb 1900"),
    ])
    func periods(text: String, zone: String, start: String, end: String, label: String) throws {
        let p = try #require(Period(iso: text))
        let s = try Schedule(.period(p), timeZone: zone)
        #expect(s.utcSpan == utc(start)..<utc(end))
        #expect(s.label == label)
        #expect(s.startText == text)
        #expect(s.endText == nil)
    }

    @Test("Leap-year arithmetic: February has 29 days in 2024 and 2000, 28 in 2023 and 1900")
    func leapYears() {
        #expect(Period.month(2024, 2)!.lastDay.day == 29)
        #expect(Period.month(2000, 2)!.lastDay.day == 29)
        #expect(Period.month(2023, 2)!.lastDay.day == 28)
        #expect(Period.month(1900, 2)!.lastDay.day == 28)
        #expect(LocalDate(year: 2023, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
        #expect(Period.year(2024).map { $0.lastDay.dayNumber - $0.firstDay.dayNumber + 1 } == 366)
    }

    @Test("Invalid periods are refused", arguments: ["2023-13", "2023-00", "2023-Q5", "2023-Q0", "23", "2023-1", "abcd"])
    func invalidPeriods(text: String) {
        #expect(Period(iso: text) == nil)
    }

    @Test("An all-day range covers its days in its zone, last day inclusive")
    func allDay() throws {
        let s = try Schedule(.allDay(first: LocalDate(iso: "2023-02-20")!, last: LocalDate(iso: "2023-02-22")!),
                             timeZone: "Europe/Rome")
        #expect(s.utcSpan == utc("2023-02-19T23:00:00Z")..<utc("2023-02-22T23:00:00Z"))
        #expect(s.label == "2023-02-20 – 2023-02-22")
        #expect(throws: AgendaError.self) {
            try Schedule(.allDay(first: LocalDate(iso: "2023-02-22")!, last: LocalDate(iso: "2023-02-20")!), timeZone: "UTC")
        }
    }

    @Test("An all-day range across the spring DST change lasts 71 hours in Rome")
    func allDayAcrossDST() throws {
        let s = try Schedule(.allDay(first: LocalDate(iso: "2023-03-25")!, last: LocalDate(iso: "2023-03-27")!),
                             timeZone: "Europe/Rome")
        #expect(s.utcSpan.count == 71 * 3600)
    }

    @Test("Exact ranges across DST changes", arguments: [
        // Rome spring forward 2023-03-26 02:00 -> 03:00: 01:30..03:30 wall is one hour.
        ("Europe/Rome", "2023-03-26T01:30", "2023-03-26T03:30", "2023-03-26T00:30:00Z", "2023-03-26T01:30:00Z"),
        // Rome fall back 2023-10-29 03:00 -> 02:00: 01:30..03:30 wall is three hours.
        ("Europe/Rome", "2023-10-29T01:30", "2023-10-29T03:30", "2023-10-28T23:30:00Z", "2023-10-29T02:30:00Z"),
        // New York spring forward 2023-03-12.
        ("America/New_York", "2023-03-12T01:00", "2023-03-12T04:00", "2023-03-12T06:00:00Z", "2023-03-12T08:00:00Z"),
        // Far east and far west of UTC, no DST.
        ("Pacific/Kiritimati", "2023-02-20T10:00", "2023-02-20T11:30", "2023-02-19T20:00:00Z", "2023-02-19T21:30:00Z"),
        ("Pacific/Pago_Pago", "2023-02-20T10:00", "2023-02-20T11:30", "2023-02-20T21:00:00Z", "2023-02-20T22:30:00Z"),
        // Auckland: DST ends 2023-04-02 03:00 -> 02:00.
        ("Pacific/Auckland", "2023-04-02T01:00", "2023-04-02T04:00", "2023-04-01T12:00:00Z", "2023-04-01T16:00:00Z"),
    ])
    func timedAcrossDST(zone: String, start: String, end: String, utcStart: String, utcEnd: String) throws {
        let s = try Schedule(.timed(start: LocalDateTime(iso: start)!, end: LocalDateTime(iso: end)!), timeZone: zone)
        #expect(s.utcSpan == utc(utcStart)..<utc(utcEnd))
    }

    @Test("A wall time inside a DST gap uses the offset before the gap; a repeated one is its first occurrence")
    func gapAndOverlap() {
        let rome = TimeZone(identifier: "Europe/Rome")!
        let gap = LocalDateTime(iso: "2023-03-26T02:30")!.instant(in: rome)
        #expect(Int(gap.timeIntervalSince1970) == utc("2023-03-26T01:30:00Z"))
        let twice = LocalDateTime(iso: "2023-10-29T02:30")!.instant(in: rome)
        #expect(Int(twice.timeIntervalSince1970) == utc("2023-10-29T00:30:00Z"))
    }

    @Test("A mistyped zone is refused with the zones it may mean: a city alone, any case, one letter off", arguments: [
        ("Bangkok", "; did you mean 'Asia/Bangkok'?"), ("europe/rome", "; did you mean 'Europe/Rome'?"),
        ("Europe/Roma", "; did you mean 'Europe/Rome'?"), ("Ho Chi Minh", "; did you mean 'Asia/Ho_Chi_Minh'?"),
        ("Hanoi", ""), ("Mars/Olympus", ""), ("x", ""),
    ])
    func zoneSuggestions(typed: String, hint: String) {
        #expect(throws: AgendaError.invalid(field: "time zone", value: typed,
                                            expected: "an IANA zone such as Europe/Rome, Asia/Bangkok or UTC" + hint)) {
            try Schedule(.period(Period.month(2023, 10)!), timeZone: typed)
        }
    }

    @Test("Unknown zones and reversed ranges are refused with the field named")
    func refusals() {
        #expect(throws: AgendaError.invalid(field: "time zone", value: "Mars/Olympus",
                                            expected: "an IANA zone such as Europe/Rome, Asia/Bangkok or UTC")) {
            try Schedule(.period(Period.month(2023, 10)!), timeZone: "Mars/Olympus")
        }
        #expect(throws: AgendaError.invalid(field: "end", value: "2023-02-20T09:59",
                                            expected: "a time not before the start 2023-02-20T10:00")) {
            try Schedule(.timed(start: LocalDateTime(iso: "2023-02-20T10:00")!, end: LocalDateTime(iso: "2023-02-20T09:59")!),
                         timeZone: "UTC")
        }
    }

    @Test("An event of no duration is a moment: it ends where it starts, and its span holds its second for windows")
    func noDuration() throws {
        let s = try Schedule(.timed(start: LocalDateTime(iso: "2023-03-10T17:00")!, end: LocalDateTime(iso: "2023-03-10T17:00")!),
                             timeZone: "Europe/Rome")
        #expect(s.utcSpan == utc("2023-03-10T16:00:00Z")..<(utc("2023-03-10T16:00:00Z") + 1))
        #expect(s.utcEnd == utc("2023-03-10T16:00:00Z"))
        #expect(s.label == "2023-03-10 17:00")
        let hour = try Schedule(.timed(start: LocalDateTime(iso: "2023-03-10T17:00")!, end: LocalDateTime(iso: "2023-03-10T18:00")!),
                                timeZone: "Europe/Rome")
        #expect(hour.utcEnd == hour.utcSpan.upperBound)
    }

    @Test("Stored columns round-trip to the same schedule", arguments: [
        ("2023-02-20T10:30", "2023-02-20T12:00", Precision.timed), ("2023-02-20", "2023-02-21", .date),
        ("2023-10", nil, .month), ("2023-Q4", nil, .quarter), ("2023", nil, .year),
    ] as [(String, String?, Precision)])
    func roundTrip(start: String, end: String?, precision: Precision) throws {
        let s = try Schedule(precision: precision, start: start, end: end, timeZone: "Europe/Rome")
        #expect(s.startText == start)
        #expect(s.endText == end)
        #expect(try Schedule(precision: s.precision, start: s.startText, end: s.endText, timeZone: s.timeZone) == s)
    }

    @Test("Day numbers and ISO weekdays of fixed dates (from Python's datetime, an independent calendar)", arguments: [
        ("1900-01-01", -25567, 1), ("1969-07-20", -165, 7), ("1970-01-01", 0, 4), ("2000-01-01", 10957, 6),
        ("2000-02-29", 11016, 2), ("2023-02-20", 19408, 1), ("2100-03-01", 47541, 1), ("2199-12-31", 84005, 2),
    ])
    func dayNumbers(text: String, number: Int, weekday: Int) {
        let d = LocalDate(iso: text)!
        #expect(d.dayNumber == number)
        #expect(d.isoWeekday == weekday)
        #expect(LocalDate(dayNumber: number).description == text)
    }

    @Test("Dates and wall times are written as ISO 8601 says, every few days and minutes from 1900 to 2200")
    func isoText() {
        var day = LocalDate(year: 1900, month: 1, day: 1)!.dayNumber
        var checked = 0
        while day < LocalDate(year: 2200, month: 12, day: 31)!.dayNumber {
            let d = LocalDate(dayNumber: day)
            #expect(d.description == String(format: "%04d-%02d-%02d", d.year, d.month, d.day))
            let seconds = ((day * 7919) % 86400 + 86400) % 86400
            let t = LocalDateTime(wallSeconds: day * 86400 + seconds)
            let hm = String(format: "%04d-%02d-%02dT%02d:%02d", d.year, d.month, d.day, seconds / 3600, seconds % 3600 / 60)
            #expect(t.description == (seconds % 60 == 0 ? hm : hm + String(format: ":%02d", seconds % 60)))
            day += 37
            checked += 1
        }
        #expect(checked > 2_900)
        // Years beyond four digits are written whole.
        #expect(LocalDate(dayNumber: LocalDate(year: 9999, month: 12, day: 31)!.dayNumber + 1).description == "10000-01-01")
    }

    @Test("Month arithmetic clamps to the month's last day")
    func months() {
        #expect(LocalDate(iso: "2024-01-31")!.adding(months: 1) == LocalDate(iso: "2024-02-29"))
        #expect(LocalDate(iso: "2023-01-31")!.adding(months: 1) == LocalDate(iso: "2023-02-28"))
        #expect(LocalDate(iso: "2023-08-31")!.adding(months: -2) == LocalDate(iso: "2023-06-30"))
        #expect(LocalDate(iso: "2199-07-01")!.adding(months: 6) == LocalDate(iso: "2200-01-01"))
    }

    @Test("Results do not depend on the process time zone")
    func processZoneIndependent() throws {
        // The suite runs again under TZ=Pacific/Kiritimati and TZ=Pacific/Pago_Pago (scripts/test).
        let s = try Schedule(.allDay(first: LocalDate(iso: "2023-02-20")!, last: LocalDate(iso: "2023-02-20")!),
                             timeZone: "Europe/Rome")
        #expect(s.utcSpan == utc("2023-02-19T23:00:00Z")..<utc("2023-02-20T23:00:00Z"))
        #expect(LocalDate(Date(timeIntervalSince1970: TimeInterval(utc("2023-02-19T23:30:00Z"))),
                          in: TimeZone(identifier: "Europe/Rome")!) == LocalDate(iso: "2023-02-20"))
    }
}
