import Foundation
import Testing
@testable import AgendaCore

private func instant(_ s: String) -> Int {
    Int(ISO8601DateFormatter().date(from: s)!.timeIntervalSince1970)
}

private let now = ISO8601DateFormatter().date(from: "2023-03-01T08:00:00Z")!

private func resolve(_ start: String?, _ end: String? = nil, zone: String, allDay: Bool = false,
                     current: Schedule? = nil) throws -> ScheduleInput.Resolved {
    try ScheduleInput(start: start, end: end, timeZone: zone, allDay: allDay).resolve(now: now, defaultZone: zone, current: current)
}

/// DST rules, from the tz database's published rules (checked by hand against timeanddate.com):
/// Rome 2023: +01 → +02 on 26 Mar at 02:00, back at 03:00 on 29 Oct. New York 2023: -05 → -04 on 12 Mar at 02:00,
/// back at 02:00 on 5 Nov. Lord Howe (a 30-minute DST): +10:30 → +11 on 1 Oct 2023 at 02:00, back at 02:00 on
/// 2 Apr 2023. Sydney (southern hemisphere): +10 → +11 on 1 Oct 2023 at 02:00, back at 03:00 on 2 Apr 2023.
@Suite("Typed times become the right instants across DST changes")
struct DSTTableTests {
    @Test("A wall time in a DST gap is refused, offering both readings", arguments: [
        ("2023-03-26 02:30", "Europe/Rome", "2023-03-26T01:30+01:00", "2023-03-26T03:30+02:00"),
        ("2023-03-12 02:30", "America/New_York", "2023-03-12T01:30-05:00", "2023-03-12T03:30-04:00"),
        ("2023-10-01 02:15", "Australia/Lord_Howe", "2023-10-01T01:45+10:30", "2023-10-01T02:45+11:00"),
        ("2023-10-01 02:30", "Australia/Sydney", "2023-10-01T01:30+10:00", "2023-10-01T03:30+11:00"),
    ])
    func gaps(start: String, zone: String, earlier: String, later: String) throws {
        do {
            _ = try resolve(start, zone: zone)
            Issue.record("accepted a time that does not exist")
        } catch let AgendaError.invalid(field, value, expected) {
            #expect(field == "start")
            #expect(value == start)
            #expect(expected.contains(earlier) && expected.contains(later), "\(expected)")
        }
    }

    @Test("Start and end instants, repeated times and elapsed durations", arguments: [
        // The first of two 01:30s, the second by explicit offset.
        ("2023-11-05 01:30", nil, "America/New_York", "2023-11-05T05:30:00Z", "2023-11-05T06:30:00Z"),
        ("2023-11-05T01:30-05:00", nil, "America/New_York", "2023-11-05T06:30:00Z", "2023-11-05T07:30:00Z"),
        // +2h is elapsed time across fall-back: ends at 01:30 the second time.
        ("2023-11-05 00:30", "+2h", "America/New_York", "2023-11-05T04:30:00Z", "2023-11-05T06:30:00Z"),
        // An end that is only after the start in its second occurrence takes it: 30 minutes.
        ("2023-11-05 01:45", "2023-11-05 01:15", "America/New_York", "2023-11-05T05:45:00Z", "2023-11-05T06:15:00Z"),
        // +90m across spring-forward: 90 minutes, not 30 or 150.
        ("2023-03-26 01:30", "+90m", "Europe/Rome", "2023-03-26T00:30:00Z", "2023-03-26T02:00:00Z"),
        // +1d keeps the wall time: 23 hours on the short day.
        ("2023-03-25 10:00", "+1d", "Europe/Rome", "2023-03-25T09:00:00Z", "2023-03-26T08:00:00Z"),
        ("2023-10-29 02:30", "+30m", "Europe/Rome", "2023-10-29T00:30:00Z", "2023-10-29T01:00:00Z"),
        ("2023-10-29T02:30+01:00", "+30m", "Europe/Rome", "2023-10-29T01:30:00Z", "2023-10-29T02:00:00Z"),
        // Lord Howe: 30-minute DST.
        ("2023-04-02 01:45", nil, "Australia/Lord_Howe", "2023-04-01T14:45:00Z", "2023-04-01T15:45:00Z"),
        ("2023-04-02T01:45+10:30", "+15m", "Australia/Lord_Howe", "2023-04-01T15:15:00Z", "2023-04-01T15:30:00Z"),
        ("2023-10-01 01:45", "+1h", "Australia/Lord_Howe", "2023-09-30T15:15:00Z", "2023-09-30T16:15:00Z"),
        // Sydney: a three-hour meeting across the April change.
        ("2023-04-02 01:00", "+3h", "Australia/Sydney", "2023-04-01T14:00:00Z", "2023-04-01T17:00:00Z"),
        ("2023-04-02 02:30", nil, "Australia/Sydney", "2023-04-01T15:30:00Z", "2023-04-01T16:30:00Z"),
        ("2023-04-02T02:30+10:00", nil, "Australia/Sydney", "2023-04-01T16:30:00Z", "2023-04-01T17:30:00Z"),
    ])
    func instants(start: String, end: String?, zone: String, from: String, to: String) throws {
        let r = try resolve(start, end, zone: zone)
        #expect(r.schedule.utcSpan == instant(from)..<instant(to), "\(r.schedule)")
        // Stored and read back (wall text plus the fold bits), the instants are the same.
        let back = try #require(Schedule(trustedPrecision: .timed, start: r.schedule.startText, end: r.schedule.endText,
                                         timeZone: zone, laterOccurrences: r.schedule.laterOccurrences))
        #expect(back.utcSpan == r.schedule.utcSpan)
    }

    @Test("An ambiguous time says which offset was taken")
    func ambiguousNote() throws {
        let r = try resolve("2023-11-05 01:30", zone: "America/New_York")
        #expect(r.notes == ["2023-11-05 01:30 happens twice in America/New_York: taken as the first, -04:00; give 2023-11-05T01:30-05:00 for the second"])
        #expect(try resolve("2023-11-05 03:30", zone: "America/New_York").notes.isEmpty)
    }

    @Test("The two 01:30s read differently")
    func labels() throws {
        let second = try resolve("2023-11-05T01:30-05:00", "+30m", zone: "America/New_York").schedule
        #expect(second.label == "2023-11-05 01:30 (-05:00)–02:00")
        let first = try resolve("2023-11-05 01:30", "+30m", zone: "America/New_York").schedule
        #expect(first.label == "2023-11-05 01:30 (-04:00)–01:00 (-05:00)")
        // An hour that comes once says no offset.
        #expect(try resolve("2023-11-05 03:30", "+30m", zone: "America/New_York").schedule.label == "2023-11-05 03:30–04:00")
    }

    @Test("A day the zone skipped is refused (Samoa, 30 December 2011)")
    func skippedDay() throws {
        #expect(throws: AgendaError.invalid(field: "start", value: "2011-12-30",
                                            expected: "a day that exists in Pacific/Apia (the zone skipped 2011-12-30)")) {
            try resolve("2011-12-30", zone: "Pacific/Apia")
        }
        let ok = try resolve("2011-12-29", zone: "Pacific/Apia").schedule
        #expect(ok.utcSpan == instant("2011-12-29T10:00:00Z")..<instant("2011-12-30T10:00:00Z"))
    }

    @Test("Dates outside 1900-2199 are refused with one line", arguments: ["1899-12-31", "2200-01-01", "9999-12-31", "0001-01-01", "+99999d"])
    func outOfRange(text: String) throws {
        do {
            _ = try resolve(text, zone: "Europe/Rome")
            Issue.record("accepted \(text)")
        } catch let AgendaError.invalid(field, _, expected) {
            #expect(field == "start")
            #expect(expected.contains("1900") && expected.contains("2199") || expected.contains("one of"), "\(expected)")
        }
        #expect(try resolve("2199-12-31", zone: "Europe/Rome").schedule.days.upperBound.description == "2199-12-31")
    }
}

@Suite("Editing the start keeps the duration")
struct EditDurationTests {
    @Test("A 3-hour meeting moved across a DST change still lasts 3 hours")
    func timed() throws {
        let current = try resolve("2023-03-20 10:00", "+3h", zone: "Europe/Rome").schedule
        let moved = try resolve("2023-03-26 01:00", zone: "Europe/Rome", current: current).schedule
        #expect(moved.utcSpan == instant("2023-03-26T00:00:00Z")..<instant("2023-03-26T03:00:00Z"))
        #expect(moved.label == "2023-03-26 01:00–05:00")
    }

    @Test("A 3-day conference moved stays 3 days")
    func allDay() throws {
        let current = try resolve("2023-05-10", "2023-05-12", zone: "Asia/Bangkok").schedule
        let moved = try resolve("2023-06-01", zone: "Asia/Bangkok", current: current).schedule
        #expect(moved.label == "2023-06-01 – 2023-06-03")
    }

    @Test("A given end wins; a new zone keeps the wall times; an end alone keeps the start")
    func explicit() throws {
        let current = try resolve("2023-03-20 10:00", "+3h", zone: "Europe/Rome").schedule
        #expect(try resolve("2023-03-21 09:00", "+30m", zone: "Europe/Rome", current: current).schedule.label == "2023-03-21 09:00–09:30")
        let endOnly = try ScheduleInput(end: "2023-03-20 11:00").resolve(now: now, defaultZone: "UTC", current: current).schedule
        #expect(endOnly.label == "2023-03-20 10:00–11:00")
        #expect(endOnly.timeZone == "Europe/Rome")
        // A new zone alone: the wall times stay, read in the new zone (the instant moves), and the note says so and
        // how to keep the instant instead; that advice, followed, keeps it.
        let moved = try ScheduleInput(timeZone: "Asia/Bangkok").resolve(now: now, defaultZone: "UTC", current: current)
        #expect(moved.schedule.label == "2023-03-20 10:00–13:00" && moved.schedule.timeZone == "Asia/Bangkok")
        #expect(moved.notes == ["the zone is now Asia/Bangkok (was Europe/Rome): the event keeps its wall times, now read "
                                + "there; to keep the instant, give --start with its offset (2023-03-20T10:00+01:00)"])
        let kept = try ScheduleInput(start: "2023-03-20T10:00+01:00", timeZone: "Asia/Bangkok")
            .resolve(now: now, defaultZone: "UTC", current: current)
        #expect(kept.schedule.utcSpan == current.utcSpan && kept.schedule.label == "2023-03-20 16:00–19:00")
        #expect(kept.notes.isEmpty)
        // The same zone again, or a date: nothing to say.
        #expect(try ScheduleInput(timeZone: "Europe/Rome").resolve(now: now, defaultZone: "UTC", current: current).notes.isEmpty)
    }

    @Test("A period becomes a day or another period; whole days from a timed event keep its days")
    func periods() throws {
        let october = try resolve("2023-10", zone: "Asia/Bangkok").schedule
        #expect(try resolve("2024-Q1", zone: "Asia/Bangkok", current: october).schedule.label == "2024-Q1")
        #expect(try resolve("2023-10-12", zone: "Asia/Bangkok", current: october).schedule.label == "2023-10-12")
        let evening = try resolve("2023-03-20 22:00", "+4h", zone: "Europe/Rome").schedule
        let days = try ScheduleInput(allDay: true).resolve(now: now, defaultZone: "UTC", current: evening).schedule
        #expect(days.label == "2023-03-20 – 2023-03-21")
    }
}

@Suite("Date input never crashes")
struct DateInputPropertyTests {
    /// A small deterministic generator, so a failure reproduces.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("20,000 random strings (dates, times, offsets, words, huge numbers, Unicode) give a value or an AgendaError")
    func randomStrings() throws {
        var rng = SplitMix(state: 20231105)
        let pieces = ["2023", "-", "02", "30", "T", " ", ":", "+", "Z", "z", "Q", "q4", "99999999999999999999", "-0",
                      "24:00", "23:59:60", "friday", "next", "tomorrow", "today", "d", "w", "m", "h", "0000", "9999",
                      "10", "+14:00", "-12:00", "Đối", "\u{0}", "\u{1B}[2J", "٣", "２０２３", "1e9", ".", "/", "12"]
        let zones = ["Europe/Rome", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kathmandu", "UTC"]
        for _ in 0..<20_000 {
            let n = Int.random(in: 0...7, using: &rng)
            let text = (0..<n).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let zone = zones.randomElement(using: &rng)!
            let end: String? = Bool.random(using: &rng) ? (0..<Int.random(in: 0...4, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined() : nil
            do {
                _ = try ScheduleInput(start: text, end: end, timeZone: zone, allDay: Bool.random(using: &rng))
                    .resolve(now: now, defaultZone: zone)
            } catch is AgendaError {
                // refused with a message: fine
            }
        }
    }
}
