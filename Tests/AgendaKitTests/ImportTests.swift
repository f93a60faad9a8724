import AgendaCore
import AgendaKit
import AgendaStore
import Foundation
import Testing
import TestScratch

private let now = Date(timeIntervalSince1970: 1_700_000_000)

private func database() throws -> AgendaDatabase {
    let path = scratchDirectory.appendingPathComponent("import-\(UUID().uuidString).sqlite").path
    return try AgendaDatabase.open(path: path, access: .write, clock: { now })
}

/// Writes `text` (LF line ends become CRLF unless `bareLF`) to a temporary .ics file.
private func file(_ text: String, bareLF: Bool = false) throws -> String {
    let path = scratchDirectory.appendingPathComponent("import-\(UUID().uuidString).ics").path
    try Data((bareLF ? text : text.replacingOccurrences(of: "\n", with: "\r\n")).utf8).write(to: URL(fileURLWithPath: path))
    return path
}

private func event(_ uid: String, _ lines: String) -> String {
    "BEGIN:VEVENT\nUID:\(uid)\nDTSTAMP:20230101T000000Z\n\(lines)\nEND:VEVENT\n"
}

private func calendar(_ body: String, header: String = "") -> String {
    "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//EN\n\(header)\(body)END:VCALENDAR\n"
}

@Suite("Import")
struct ImportTests {
    @Test("An Outlook invitation with a Windows zone name: the instant is kept, the zone named, the reading noted")
    func outlook() throws {
        let db = try database()
        let path = try file(calendar(event("040000008200E00074C5B7101A82E008", """
            SUMMARY:ACR meeting\\, Rome
            DTSTART;TZID=W. Europe Standard Time:20230220T103000
            DTEND;TZID=W. Europe Standard Time:20230220T120000
            LOCATION:Embassy of Viet Nam
            CLASS:PRIVATE
            """)))
        let report = try Importer(database: db, now: now).importFile(path)
        #expect(report.count(.added) == 1 && report.refused.isEmpty && report.written)
        #expect(report.notes.map(\.text) == ["TZID \"W. Europe Standard Time\" read as Europe/Berlin (Windows zone name, CLDR)"])
        let e = try db.event("040000008200E00074C5B7101A82E008")
        #expect(e.title == "ACR meeting, Rome" && e.classification == .private && e.location == "Embassy of Viet Nam")
        #expect(e.schedule.timeZone == "Europe/Berlin")
        #expect(e.schedule.utcSpan == 1_676_885_400..<1_676_890_800)  // 09:30–11:00 UTC
    }

    @Test("Floating times take the calendar's X-WR-TIMEZONE, else the committee's zone, and the report says which")
    func floating() throws {
        let db = try database()
        try db.addCommittee(Committee(code: "ACR", name: "ASEAN Committee in Rome", timeZone: "Europe/Rome"))
        let body = event("floating-1@test", "SUMMARY:Lunch\nDTSTART:20230301T120000\nDTEND:20230301T133000")
        let google = try Importer(database: db, now: now).importFile(try file(calendar(body, header: "X-WR-TIMEZONE:Asia/Bangkok\n")))
        #expect(google.notes.map(\.text) == ["floating time read in Asia/Bangkok (the calendar's X-WR-TIMEZONE)"])
        #expect(try db.event("floating-1@test").schedule.timeZone == "Asia/Bangkok")
        let body2 = event("floating-2@test", "SUMMARY:Lunch\nDTSTART:20230301T120000\nDTEND:20230301T133000")
        let r = try Importer(database: db, committee: "acr", now: now).importFile(try file(calendar(body2)))
        #expect(r.notes.map(\.text) == ["floating time read in Europe/Rome (the committee's zone)"])
        let e = try db.event("floating-2@test")
        #expect(e.schedule.timeZone == "Europe/Rome" && e.committee == "ACR")
    }

    @Test("A DATE DTSTART with a DATE-TIME DTEND keeps its length: the end's day, midnight exclusive; noted")
    func allDayWithTimedEnd() throws {
        // recurring-ical-events' issue_201_mixed_datetime_and_date.ics: a three-week leave was read as one day.
        let db = try database()
        let body = event("leave-1", "SUMMARY:Congés\nDTSTART;VALUE=DATE:20230724\nDTEND:20230817T000000Z")
            + event("visit-1", "SUMMARY:Visit\nDTSTART;VALUE=DATE:20230724\nDTEND:20230726T150000")
        let r = try Importer(database: db, now: now).importFile(try file(calendar(body)))
        #expect(r.count(.added) == 2 && r.refused.isEmpty)
        #expect(try db.event("leave-1").schedule.label == "2023-07-24 – 2023-08-16")
        #expect(try db.event("visit-1").schedule.label == "2023-07-24 – 2023-07-26")
        #expect(r.notes.map(\.text).contains("DTEND a DATE-TIME after a DATE DTSTART (RFC 5545 §3.8.2.2: of DTSTART's type): its day read as the end of the all-day event"))
    }

    @Test("Exchange's all-day series: dates in the file's one VTIMEZONE; a zoned EXDATE names its own day; UTC UNTIL its day there")
    func exchangeAllDaySeries() throws {
        // icalendar's alarm_outlook_in_future.ics: every other Monday from 1 July 2024, 15 July excluded, to the
        // 29th (UNTIL is London's midnight in UTC). It was read as 1 and 15 July: the EXDATE became the 14th (its
        // midnight in UTC) and UNTIL the 28th.
        let zone = """
            BEGIN:VTIMEZONE
            TZID:GMT Standard Time
            BEGIN:STANDARD
            DTSTART:16010101T020000
            TZOFFSETFROM:+0100
            TZOFFSETTO:+0000
            RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
            END:STANDARD
            BEGIN:DAYLIGHT
            DTSTART:16010101T010000
            TZOFFSETFROM:+0000
            TZOFFSETTO:+0100
            RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
            END:DAYLIGHT
            END:VTIMEZONE

            """
        let body = event("exchange-1", """
            SUMMARY:test123
            RRULE:FREQ=WEEKLY;UNTIL=20240728T230000Z;INTERVAL=2;BYDAY=MO;WKST=MO
            EXDATE;TZID=GMT Standard Time:20240715T000000
            DTSTART;VALUE=DATE:20240701
            DTEND;VALUE=DATE:20240708
            """) + event("floating-1", "SUMMARY:Lunch\nDTSTART:20240702T120000\nDTEND:20240702T130000")
        let db = try database()
        let r = try Importer(database: db, now: now).importFile(try file(calendar(zone + body)))
        #expect(r.count(.added) == 2 && r.refused.isEmpty)
        let series = try db.event("exchange-1")
        #expect(series.schedule.timeZone == "Europe/London")
        let days = try series.occurrences(overlapping: 1_719_000_000 ..< 1_719_000_000 + 86400 * 60)
            .map { $0.schedule.label }
        #expect(days == ["2024-07-01 – 2024-07-07", "2024-07-29 – 2024-08-04"])
        #expect(try db.event("floating-1").schedule.timeZone == "Europe/London")
        #expect(r.notes.map(\.text).contains("floating time read in Europe/London (the zone of the file's VTIMEZONE)"))
    }

    @Test("Upsert by UID: newer SEQUENCE replaces, older is skipped, the same is unchanged, CANCELLED cancels")
    func upsert() throws {
        let db = try database()
        func run(_ seq: Int, _ title: String, status: String = "CONFIRMED") throws -> ImportReport {
            try Importer(database: db, now: now).importFile(try file(calendar(event("upsert-test-1", """
                SUMMARY:\(title)
                SEQUENCE:\(seq)
                STATUS:\(status)
                DTSTART;VALUE=DATE:20231001
                """))))
        }
        #expect(try run(1, "Dialogue").count(.added) == 1)
        #expect(try run(1, "Dialogue").count(.unchanged) == 1)
        #expect(try run(2, "Dialogue, Bangkok").count(.updated) == 1)
        #expect(try db.event("upsert-test-1").title == "Dialogue, Bangkok")
        #expect(try run(1, "Dialogue (old)").count(.olderSkipped) == 1)
        #expect(try run(2, "Dialogue (same revision, other text)").count(.olderSkipped) == 1)
        #expect(try db.event("upsert-test-1").title == "Dialogue, Bangkok")
        #expect(try run(3, "Dialogue, Bangkok", status: "CANCELLED").count(.updated) == 1)
        let e = try db.event("upsert-test-1")
        #expect(e.status == .cancelled && e.sequence == 3)
    }

    @Test("Refusals name line, UID and reason; the rest of the file is imported; --strict writes nothing")
    func refusals() throws {
        let body = event("good-event-1", "SUMMARY:Good\nDTSTART;VALUE=DATE:20230301")
            + event("recurring-1", "SUMMARY:Weekly\nDTSTART;VALUE=DATE:20230301\nRRULE:FREQ=WEEKLY\nRRULE:FREQ=DAILY")
            + event("bad-zone-1", "SUMMARY:Where\nDTSTART;TZID=Mars/Olympus:20230301T100000\nDTEND;TZID=Mars/Olympus:20230301T110000")
            + event("bad-rule-1", "SUMMARY:Often\nDTSTART;VALUE=DATE:20230301\nRRULE:FREQ=FORTNIGHTLY")
        let path = try file(calendar(body))
        let db = try database()
        let r = try Importer(database: db, now: now).importFile(path)
        #expect(r.count(.added) == 1 && r.written)
        #expect(r.refused.map(\.uid) == ["recurring-1", "bad-zone-1", "bad-rule-1"])
        #expect(r.refused.map(\.line) == [10, 18, 25])  // each event's BEGIN
        #expect(r.refused[0].reason == "more than one RRULE (RFC 5545 advises one; the agenda keeps one)")
        #expect(r.refused[1].reason.contains("Mars/Olympus"))
        // The wording of a typed rule's refusal (`--rrule`), not "expected RRULE FREQ … is not one of".
        #expect(r.refused[2].reason == "invalid RRULE 'FREQ=FORTNIGHTLY': expected an RFC 5545 rule: RRULE FREQ 'FORTNIGHTLY' is not one of SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY")
        let strictDB = try database()
        let s = try Importer(database: strictDB, strict: true, now: now).importFile(path)
        #expect(!s.written && s.refused.count == 3)
        #expect(try strictDB.events().isEmpty)
    }

    @Test("A UID the file gives twice: the later event is taken as a revision of the earlier, and the report says so")
    func uidTwiceInAFile() throws {
        let twice = event("twice-1", "SUMMARY:First\nDTSTART;VALUE=DATE:20230301")
            + event("twice-1", "SUMMARY:Second\nDTSTART;VALUE=DATE:20230302")
            + event("once-1", "SUMMARY:Other\nDTSTART;VALUE=DATE:20230303")
        let path = try file(calendar(twice))
        let db = try database()
        let note = "a UID that an earlier event of the file has (RFC 5545 wants one event per UID): taken as a revision of that event (a newer one replaces it; an older or equal one is skipped)"
        let first = try Importer(database: db, now: now).importFile(path)
        #expect(first.count(.added) == 2 && first.count(.olderSkipped) == 1)
        #expect(first.notes.filter { $0.text == note }.map(\.count) == [1])
        #expect(try db.event("twice-1").title == "First")
        // The same file again: each event is met once more, and the repeat is still told apart.
        let again = try Importer(database: db, now: now).importFile(path)
        #expect(again.count(.unchanged) == 2 && again.count(.olderSkipped) == 1)
        #expect(again.notes.filter { $0.text == note }.map(\.count) == [1])
        // A later revision (a higher SEQUENCE) replaces the earlier one.
        let revised = try file(calendar(event("rev-1", "SUMMARY:Draft\nDTSTART;VALUE=DATE:20230301")
                                        + event("rev-1", "SUMMARY:Final\nSEQUENCE:1\nDTSTART;VALUE=DATE:20230301")))
        let r = try Importer(database: db, now: now).importFile(revised)
        #expect(r.count(.added) == 1 && r.count(.updated) == 1)
        #expect(try db.event("rev-1").title == "Final")
        // Distinct UIDs give no such note.
        let plain = try Importer(database: try database(), now: now).importFile(try file(calendar(event("once-2", "SUMMARY:x\nDTSTART;VALUE=DATE:20230301"))))
        #expect(!plain.notes.contains { $0.text == note })
    }

    @Test("A changed occurrence whose RANGE reaches other occurrences than THISANDFUTURE does is refused by name, not read as that one alone")
    func occurrenceRanges() throws {
        let series = event("s1", "SUMMARY:Weekly\nDTSTART:20230301T100000Z\nDTEND:20230301T110000Z\nRRULE:FREQ=WEEKLY;COUNT=4")
        func change(_ range: String, _ uid: String = "s1") -> String {
            event(uid, "RECURRENCE-ID;RANGE=\(range):20230315T100000Z\nSUMMARY:Moved\nDTSTART:20230315T120000Z\nDTEND:20230315T130000Z")
        }
        let path = try file(calendar(series + change("THISANDPRIOR") + change("thisandfuture") + change("SOMEDAY")))
        let db = try database()
        let r = try Importer(database: db, now: now).importFile(path)
        // THISANDFUTURE (in any case) splits the series there (`thisAndFuture`): the series and its rest are added.
        #expect(r.count(.added) == 2 && r.joinedOccurrences == 0)
        #expect(r.refused.map(\.line) == [12, 28])
        #expect(r.refused.map(\.reason) == [
            "an occurrence with RANGE=THISANDPRIOR (RFC 2445's, dropped by RFC 5545: changing the earlier occurrences of a series this way is not supported)",
            "an occurrence with RANGE=SOMEDAY (RFC 5545 knows only THISANDFUTURE: the occurrences it changes are unknown)",
        ])
        // The series is as its rule gives it before the split: no occurrence moved by the refused ones.
        let (_, occurrences) = try db.occurrences(of: "s1", window: nil)
        #expect(occurrences.map(\.title) == Array(repeating: "Weekly", count: 2))
        #expect(try db.occurrences(of: "s1/2023-03-15T10:00", window: nil).occurrences.map(\.title) == ["Moved", "Moved"])
    }

    @Test("An UNTIL or DTEND of another type than DTSTART, or no UID: repaired and noted, refused with --strict; a conforming rule is not noted")
    func typeMismatches() throws {
        let until = "RRULE UNTIL a DATE on a timed series (RFC 5545 §3.3.10: of DTSTART's type)"
        let body = [
            // python-dateutil and recurring-ical-events end this series on 29 March (midnight of the 5th); its
            // writer meant the 5th too. Both readings are possible, so the one taken is said.
            event("date-until", "SUMMARY:Weekly\nDTSTART;TZID=Europe/Rome:20230315T100000\nDTEND;TZID=Europe/Rome:20230315T110000\nRRULE:FREQ=WEEKLY;UNTIL=20230405"),
            event("allday-until", "SUMMARY:Leave\nDTSTART;VALUE=DATE:20230301\nRRULE:FREQ=DAILY;UNTIL=20230303T120000Z"),
            event("local-until", "SUMMARY:Local\nDTSTART;TZID=Europe/Rome:20230301T100000\nDTEND;TZID=Europe/Rome:20230301T110000\nRRULE:FREQ=DAILY;UNTIL=20230303T100000"),
            event("utc-until", "SUMMARY:Floating\nDTSTART:20230301T100000\nDTEND:20230301T110000\nRRULE:FREQ=DAILY;UNTIL=20230303T090000Z"),
            event("date-end", "SUMMARY:Half\nDTSTART;TZID=Europe/Rome:20230301T100000\nDTEND;VALUE=DATE:20230302"),
            "BEGIN:VEVENT\nDTSTAMP:20230101T000000Z\nSUMMARY:Anonymous\nDTSTART:20230301T100000Z\nDTEND:20230301T110000Z\nEND:VEVENT\n",
            event("fine", "SUMMARY:Fine\nDTSTART;TZID=Europe/Rome:20230301T100000\nDTEND;TZID=Europe/Rome:20230301T110000\nRRULE:FREQ=DAILY;UNTIL=20230303T090000Z"),
            // One end with a zone, the other without (Radicale's issue 1847): read on the one clock given, not
            // as a start in Rome and an end in New York seven hours later.
            event("float-start", "SUMMARY:Call\nDTSTART:20230301T100000\nDTEND;TZID=America/New_York:20230301T110000"),
            event("float-end", "SUMMARY:Call\nDTSTART;TZID=Asia/Bangkok:20230301T100000\nDTEND:20230301T113000"),
            // Google's birthdays: an RDATE a DATE with UTC's mark.
            event("date-z", "SUMMARY:Birthday\nDTSTART;VALUE=DATE:20230301\nRRULE:FREQ=DAILY;COUNT=1\nRDATE:20230310Z"),
        ].joined()
        let path = try file(calendar(body, header: "X-WR-TIMEZONE:Europe/Rome\n"))
        let db = try database()
        let r = try Importer(database: db, now: now).importFile(path)
        #expect(r.count(.added) == 10 && r.refused.isEmpty)
        #expect(Set(r.notes.map(\.text)).isSuperset(of: [
            "DTSTART a floating time beside a DTEND with a zone or in UTC (RFC 5545 §3.8.2.2: both local times or neither): read in DTEND's zone",
            "DTEND a floating time beside a DTSTART with a zone or in UTC (RFC 5545 §3.8.2.2: both local times or neither): read in DTSTART's zone",
            "RDATE a DATE with a UTC mark (RFC 5545 §3.3.4: eight digits): read as that day",
            "\(until): that day included, in the series' zone",
            "RRULE UNTIL a DATE-TIME on an all-day series (RFC 5545 §3.3.10: of DTSTART's type): read as its day",
            "RRULE UNTIL a local time with a zoned or UTC DTSTART (RFC 5545 §3.3.10: in UTC): read on the series' wall clock",
            "RRULE UNTIL in UTC with a floating DTSTART (RFC 5545 §3.3.10: a local time): read as that instant",
            "DTEND a DATE after a DATE-TIME DTSTART (RFC 5545 §3.8.2.2: of DTSTART's type): read as the start of that day",
            "no UID (RFC 5545 §3.6.1 requires one): given one made from its time and title",
        ]))
        // Each note names the one event it concerns, by its line: none for the conforming rule.
        #expect(r.notes.allSatisfy { $0.count == 1 })
        #expect(!r.notes.contains { $0.lines.contains(56) })
        func days(_ uid: String) throws -> [String] {
            try db.occurrences(of: uid, window: nil).occurrences.map { String($0.schedule.label.prefix(10)) }
        }
        #expect(try days("date-until") == ["2023-03-15", "2023-03-22", "2023-03-29", "2023-04-05"])
        #expect(try days("allday-until") == ["2023-03-01", "2023-03-02", "2023-03-03"])
        #expect(try days("local-until") == ["2023-03-01", "2023-03-02", "2023-03-03"])
        #expect(try days("utc-until") == ["2023-03-01", "2023-03-02", "2023-03-03"])
        #expect(try days("fine") == ["2023-03-01", "2023-03-02", "2023-03-03"])
        #expect(try db.event("date-end").schedule.label == "2023-03-01 10:00 – 2023-03-02 00:00")
        let call = try db.event("float-start").schedule
        #expect(call.label == "2023-03-01 10:00–11:00" && call.timeZone == "America/New_York")
        let bangkok = try db.event("float-end").schedule
        #expect(bangkok.label == "2023-03-01 10:00–11:30" && bangkok.timeZone == "Asia/Bangkok")
        #expect(try days("date-z") == ["2023-03-01", "2023-03-10"])

        // --strict: each is refused with its line and what RFC 5545 requires; the conforming one alone is kept
        // (and, with refusals, nothing is written).
        let s = try Importer(database: try database(), strict: true, now: now).importFile(path)
        #expect(s.refused.map(\.reason) == [
            until,
            "RRULE UNTIL a DATE-TIME on an all-day series (RFC 5545 §3.3.10: of DTSTART's type)",
            "RRULE UNTIL a local time with a zoned or UTC DTSTART (RFC 5545 §3.3.10: in UTC)",
            "RRULE UNTIL in UTC with a floating DTSTART (RFC 5545 §3.3.10: a local time)",
            "DTEND a DATE after a DATE-TIME DTSTART (RFC 5545 §3.8.2.2: of DTSTART's type)",
            "no UID (RFC 5545 §3.6.1 requires one)",
            "DTSTART a floating time beside a DTEND with a zone or in UTC (RFC 5545 §3.8.2.2: both local times or neither)",
            "DTEND a floating time beside a DTSTART with a zone or in UTC (RFC 5545 §3.8.2.2: both local times or neither)",
            "RDATE a DATE with a UTC mark (RFC 5545 §3.3.4: eight digits)",
        ])
        #expect(s.refused.map(\.line) == [5, 13, 20, 28, 36, 43, 57, 64, 71])
        #expect(s.refused[5].uid == nil && !s.written)
    }

    @Test("An end that does not read (DTEND:None, a DURATION with a stray letter) leaves the event without one, noted; --strict refuses it")
    func unreadableEnds() throws {
        let path = try file(calendar(
            event("none-end", "SUMMARY:Briefing\nDTSTART:20230301T100000Z\nDTEND:None")
                + event("bad-duration", "SUMMARY:Day\nDTSTART;VALUE=DATE:20230302\nDURATION:P1X")))
        let db = try database()
        let r = try Importer(database: db, now: now).importFile(path)
        #expect(r.count(.added) == 2 && r.refused.isEmpty, "\(r.refused)")
        #expect(Set(r.notes.map(\.text)).isSuperset(of: [
            "DTEND 'None' not a DATE or DATE-TIME (RFC 5545 §3.8.2.2): left out, the event read as without an end",
            "DURATION 'P1X' not a duration such as PT1H or P1D (RFC 5545 §3.3.6): left out, the event read as without an end",
        ]))
        #expect(try db.event("none-end").schedule.label == "2023-03-01 10:00")
        #expect(try db.event("bad-duration").schedule.label == "2023-03-02")
        let s = try Importer(database: try database(), strict: true, now: now).importFile(path)
        #expect(s.refused.map(\.reason) == [
            "DTEND 'None' not a DATE or DATE-TIME (RFC 5545 §3.8.2.2)",
            "DURATION 'P1X' not a duration such as PT1H or P1D (RFC 5545 §3.3.6)",
        ])
        #expect(s.refused.map(\.line) == [4, 11] && !s.written)
    }

    @Test("A DTSTART or DTEND whose parameters its value contradicts (VALUE=DATE-TIME on a date, VALUE=DATE on a date-time, a TZID on a UTC time) is read as noted; --strict refuses it")
    func contradictedParameters() throws {
        let path = try file(calendar(
            event("value-date", "SUMMARY:Day\nDTSTART;VALUE=DATE-TIME:20230301")
                + event("tzid-utc", "SUMMARY:Call\nDTSTART;TZID=Europe/Rome:20230301T100000Z\nDTEND;TZID=Europe/Rome:20230301T110000Z")
                + event("fine", "SUMMARY:Fine\nDTSTART;TZID=Europe/Rome:20230301T100000\nDTEND;VALUE=DATE-TIME;TZID=Europe/Rome:20230301T110000")
                // The reverse: VALUE=DATE on a date-time, an all-day event written with its midnights.
                + event("date-on-time", "SUMMARY:Holiday\nDTSTART;VALUE=DATE:20230305T000000\nDTEND;VALUE=DATE:20230306T000000")))
        let db = try database()
        let r = try Importer(database: db, now: now).importFile(path)
        #expect(r.count(.added) == 4 && r.refused.isEmpty)
        #expect(try db.event("value-date").schedule.label == "2023-03-01")
        #expect(try db.event("date-on-time").schedule.label == "2023-03-05")
        let call = try db.event("tzid-utc").schedule
        #expect(call.label == "2023-03-01 10:00–11:00" && call.timeZone == "UTC")
        let said = r.notes.filter { $0.text.contains("VALUE=DATE") || $0.text.contains("a TZID on a UTC time") }
        #expect(said.map(\.text) == [
            "DTSTART;VALUE=DATE-TIME with a DATE (RFC 5545 §3.2.20: the value is of the type VALUE names): read as that day",
            "DTSTART with a TZID on a UTC time (RFC 5545 §3.2.19: none on UTC times): the UTC time kept, the TZID passed over",
            "DTEND with a TZID on a UTC time (RFC 5545 §3.2.19: none on UTC times): the UTC time kept, the TZID passed over",
            "DTSTART;VALUE=DATE with a DATE-TIME (RFC 5545 §3.2.20: the value is of the type VALUE names): read as its day",
            "DTEND;VALUE=DATE with a DATE-TIME (RFC 5545 §3.2.20: the value is of the type VALUE names): read as its day",
        ])
        // Each names the one event it concerns; the conforming one is not noted.
        #expect(said.allSatisfy { $0.count == 1 })
        let s = try Importer(database: try database(), strict: true, now: now).importFile(path)
        #expect(s.refused.map(\.reason) == [
            "DTSTART;VALUE=DATE-TIME with a DATE (RFC 5545 §3.2.20: the value is of the type VALUE names)",
            "DTSTART with a TZID on a UTC time (RFC 5545 §3.2.19: none on UTC times)",
            "DTSTART;VALUE=DATE with a DATE-TIME (RFC 5545 §3.2.20: the value is of the type VALUE names)",
        ])
        #expect(s.refused.map(\.line) == [4, 10, 24] && !s.written)
    }

    @Test("An invitation's organiser and attendees become participants by name, each once, with their roles; rooms and bare addresses are left out")
    func invitees() throws {
        let path = try file(calendar(event("invite-1", """
            SUMMARY:ACR working lunch
            DTSTART;TZID=Europe/Rome:20230220T130000
            DTEND;TZID=Europe/Rome:20230220T143000
            ORGANIZER;CN="Nguyen Van A":mailto:a@embassy.example
            ATTENDEE;CN=Nguyen Van A;ROLE=CHAIR;PARTSTAT=ACCEPTED:MAILTO:A@embassy.example
            ATTENDEE;CN=Romano Prodi;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:rp@association.example
            ATTENDEE;CN="Đặng Thị B";ROLE=OPT-PARTICIPANT:mailto:b@embassy.example
            ATTENDEE;CUTYPE=ROOM;CN=Sala Verde:mailto:room@embassy.example
            ATTENDEE;CUTYPE=GROUP;CN="ASEAN Secretariat, Jakarta":mailto:sec@asean.example
            ATTENDEE;PARTSTAT=DECLINED;CN=Manlio Di Stefano:mailto:mds@axiom.example
            ATTENDEE;CN=romano prodi:mailto:rp2@association.example
            ATTENDEE:mailto:anonymous@example.org
            ATTENDEE;CUTYPE=INDIVIDUAL;CN=guest@gmail.example;X-NUM-GUESTS=0:mailto:guest@gmail.example
            ATTENDEE;CN="mailto:Other@Example.org":mailto:other@example.org
            """)))
        let db = try database()
        let r = try Importer(database: db, now: now).importFile(path)
        #expect(r.count(.added) == 1 && r.refused.isEmpty)
        let e = try db.event("invite-1")
        #expect(e.participants.map(\.label) == [
            "Nguyen Van A — chair", "Romano Prodi", "Đặng Thị B — optional", "ASEAN Secretariat, Jakarta",
            "Manlio Di Stefano — declined",
        ])
        try #require(e.participants.count == 5)
        #expect(e.participants[3].party == .organisation("ASEAN Secretariat, Jakarta"))
        #expect(r.notes.map(\.text) == ["ORGANIZER or ATTENDEE named by address alone (no CN): not kept as a participant"])
        // Found by the names, without their diacritics; the people are in the directory.
        #expect(try db.search("dang thi").contains { $0.event?.uid == "invite-1" })
        #expect(try db.people().map(\.name).contains("Romano Prodi"))
        // The same file again changes nothing.
        #expect(try Importer(database: db, now: now).importFile(path).count(.unchanged) == 1)
    }

    @Test("iTIP: a reply or counter-proposal does not replace the organiser's event; a cancellation cancels, also by UID alone")
    func itipMethods() throws {
        func calendar(_ method: String, _ body: String) -> String {
            "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//EN\nMETHOD:\(method)\n\(body)END:VCALENDAR\n"
        }
        let request = calendar("REQUEST", event("acr-1", """
            SUMMARY:ACR meeting
            DTSTART;TZID=Europe/Rome:20230220T103000
            DTEND;TZID=Europe/Rome:20230220T120000
            ORGANIZER;CN=Nguyen Van A:mailto:a@embassy.example
            ATTENDEE;CN=Romano Prodi:mailto:rp@association.example
            ATTENDEE;CN=Manlio Di Stefano:mailto:mds@axiom.example
            """) + event("acr-2", "SUMMARY:ACR lunch\nDTSTART;TZID=Europe/Rome:20230220T130000\nDTEND;TZID=Europe/Rome:20230220T140000"))
        // Outlook's "Accepted:" reply and a counter-proposal: same UID and SEQUENCE, a later DTSTAMP.
        let reply = calendar("REPLY", """
            BEGIN:VEVENT
            UID:acr-1
            DTSTAMP:20230215T000000Z
            SUMMARY:Accepted: ACR meeting
            DTSTART;TZID=Europe/Rome:20230220T103000
            DTEND;TZID=Europe/Rome:20230220T120000
            ATTENDEE;CN=Romano Prodi;PARTSTAT=ACCEPTED:mailto:rp@association.example
            END:VEVENT

            """)
        let counter = calendar("COUNTER", """
            BEGIN:VEVENT
            UID:acr-1
            DTSTAMP:20230216T000000Z
            SUMMARY:ACR meeting
            DTSTART;TZID=Europe/Rome:20230221T103000
            DTEND;TZID=Europe/Rome:20230221T120000
            END:VEVENT

            """)
        let cancels = calendar("CANCEL", """
            BEGIN:VEVENT
            UID:acr-2
            DTSTAMP:20230217T000000Z
            SEQUENCE:1
            SUMMARY:ACR lunch
            DTSTART;TZID=Europe/Rome:20230220T130000
            DTEND;TZID=Europe/Rome:20230220T140000
            END:VEVENT
            BEGIN:VEVENT
            UID:acr-1
            DTSTAMP:20230218T000000Z
            SEQUENCE:1
            END:VEVENT

            """)
        let path = try file(request + reply + counter + cancels)
        let db = try database()
        let r = try Importer(database: db, now: now).importFile(path)
        #expect(r.answersLeftOut == 2)
        #expect(r.notes.map(\.text).contains("METHOD:REPLY (an attendee's answer to an invitation, RFC 5546 §3.2.3): changes no event, left out"))
        #expect(r.notes.map(\.text).contains("METHOD:COUNTER (an attendee's counter-proposal, RFC 5546 §3.2.7): changes no event, left out"))
        let meeting = try db.event("acr-1")
        #expect(meeting.title == "ACR meeting" && meeting.schedule.label == "2023-02-20 10:30–12:00")
        #expect(meeting.participants.map(\.name) == ["Nguyen Van A", "Romano Prodi", "Manlio Di Stefano"])
        // A cancellation without STATUS cancels; so does one that names the UID alone (RFC 5546 §3.2.5), taking
        // its revision.
        #expect(try db.event("acr-2").status == .cancelled)
        #expect(r.refused.isEmpty, "\(r.refused)")
        #expect(meeting.status == .cancelled && meeting.sequence == 1)
        #expect(r.count(.added) == 2 && r.count(.updated) == 2)

        // By UID alone: an older revision is left; an event the agenda lacks is refused, and so is an occurrence
        // of an event that does not repeat.
        let lunch = calendar("REQUEST", event("acr-3", "SEQUENCE:2\nSUMMARY:ACR dinner\nDTSTART;TZID=Europe/Rome:20230220T200000\nDTEND;TZID=Europe/Rome:20230220T220000"))
        func cancel(_ uid: String, _ extra: String = "") -> String {
            "BEGIN:VEVENT\nUID:\(uid)\nDTSTAMP:20230101T000000Z\nSEQUENCE:1\n\(extra)END:VEVENT\n"
        }
        let more = try Importer(database: db, now: now).importFile(try file(lunch + calendar("CANCEL",
            cancel("acr-3") + cancel("nowhere") + cancel("acr-1", "RECURRENCE-ID:20230220T093000Z\n"))))
        #expect(more.count(.added) == 1 && more.count(.olderSkipped) == 1)
        #expect(try db.event("acr-3").status == .confirmed)
        #expect(more.refused.map(\.reason) == [
            "a cancellation (METHOD:CANCEL) of an event the agenda does not hold",
            "an occurrence (RECURRENCE-ID) of an event that does not repeat",
        ])

        // One occurrence of a stored series, by UID and RECURRENCE-ID alone: cancelled there; again, unchanged; a
        // time the series does not give is refused.
        let series = calendar("REQUEST", event("weekly", "SUMMARY:Weekly\nDTSTART;TZID=Europe/Rome:20230301T100000\nDTEND;TZID=Europe/Rome:20230301T110000\nRRULE:FREQ=WEEKLY;COUNT=3"))
        _ = try Importer(database: db, now: now).importFile(try file(series))
        let one = try file(calendar("CANCEL", cancel("weekly", "RECURRENCE-ID;TZID=Europe/Rome:20230308T100000\n")
            + cancel("weekly", "RECURRENCE-ID:20230309T090000Z\n")))
        let cancelled = try Importer(database: db, now: now).importFile(one)
        #expect(cancelled.count(.updated) == 1)
        #expect(cancelled.refused.map(\.reason) == ["RECURRENCE-ID 20230309T090000Z is not an occurrence of the series (its rule, RDATEs and EXDATEs)"])
        #expect(try db.occurrences(of: "weekly", window: nil).occurrences.map(\.status) == [.confirmed, .cancelled, .confirmed])
        #expect(try db.event("weekly").status == .confirmed)
        #expect(try Importer(database: db, now: now).importFile(one).count(.unchanged) == 1)
    }

    @Test("An invitation that changes one occurrence of a series the agenda holds changes it there, by its own revision")
    func occurrenceOfStoredSeries() throws {
        let db = try database()
        let series = event("s1", "SUMMARY:Weekly\nDTSTART:20230301T100000Z\nDTEND:20230301T110000Z\nRRULE:FREQ=WEEKLY;COUNT=4")
            + event("single", "SUMMARY:Once\nDTSTART:20230301T100000Z\nDTEND:20230301T110000Z")
        _ = try Importer(database: db, now: now).importFile(try file(calendar(series)))
        // The occurrence of `id` moved to 12:00 that day.
        func change(_ uid: String, _ id: String, title: String, sequence: Int) -> String {
            let day = id.prefix(8)
            return event(uid, "RECURRENCE-ID:\(id)\nSEQUENCE:\(sequence)\nSUMMARY:\(title)\nDTSTART:\(day)T120000Z\nDTEND:\(day)T130000Z")
        }
        func titles() throws -> [String] { try db.occurrences(of: "s1", window: nil).occurrences.map(\.title) }

        // Outlook's update of one meeting: that occurrence alone, moved and renamed.
        let moved = try file(calendar(change("s1", "20230315T100000Z", title: "Moved", sequence: 1)))
        let r = try Importer(database: db, now: now).importFile(moved)
        #expect(r.count(.updated) == 1 && r.refused.isEmpty, "\(r.refused)")
        #expect(try titles() == ["Weekly", "Weekly", "Moved", "Weekly"])
        let third = try db.occurrences(of: "s1", window: nil).occurrences[2]
        #expect(third.schedule.label == "2023-03-15 12:00–13:00")
        // Again: nothing changes. An older revision of the same change is left. Another occurrence's change
        // joins the first.
        #expect(try Importer(database: db, now: now).importFile(moved).count(.unchanged) == 1)
        let older = try Importer(database: db, now: now)
            .importFile(try file(calendar(change("s1", "20230315T100000Z", title: "Stale", sequence: 0))))
        #expect(older.count(.olderSkipped) == 1)
        _ = try Importer(database: db, now: now)
            .importFile(try file(calendar(change("s1", "20230322T100000Z", title: "Also moved", sequence: 1))))
        #expect(try titles() == ["Weekly", "Weekly", "Moved", "Also moved"])

        // Refused, each with its line: an event that does not repeat, a time the series does not give. The
        // series is as it was. (A UID the agenda does not hold becomes a series of its own: `parentless`.)
        let bad = try Importer(database: db, now: now).importFile(try file(calendar(
            change("nowhere", "20230315T100000Z", title: "X", sequence: 1)
                + change("single", "20230301T100000Z", title: "X", sequence: 1)
                + change("s1", "20230316T100000Z", title: "X", sequence: 1))))
        #expect(bad.refused.map(\.reason) == [
            "an occurrence (RECURRENCE-ID) of an event that does not repeat",
            "RECURRENCE-ID 20230316T100000Z is not an occurrence of the series (its rule, RDATEs and EXDATEs)",
        ])
        #expect(bad.refused.map(\.line) == [13, 22])
        #expect(bad.count(.added) == 1)
        #expect(try titles() == ["Weekly", "Weekly", "Moved", "Also moved"])
    }

    @Test("Occurrences of a series that neither the file nor the agenda holds become a series of their own; again, unchanged; the series itself replaces it when newer")
    func parentless() throws {
        let db = try database()
        // Google's birthdays calendar and an invitation to some meetings of a series: occurrences alone. The second
        // is moved (its own time is not its RECURRENCE-ID) and renamed; the times cross Rome's change to summer
        // time on 26 March, and each keeps its hour.
        func occurrence(_ id: String, start: String, end: String, title: String, status: String = "CONFIRMED") -> String {
            event("g1", "RECURRENCE-ID;TZID=Europe/Rome:\(id)\nSEQUENCE:1\nSUMMARY:\(title)\nSTATUS:\(status)\nDTSTART;TZID=Europe/Rome:\(start)\nDTEND;TZID=Europe/Rome:\(end)")
        }
        let path = try file(calendar(
            occurrence("20230329T100000", start: "20230329T100000", end: "20230329T113000", title: "ACR monthly")
                + occurrence("20230315T100000", start: "20230316T150000", end: "20230316T163000", title: "ACR monthly (moved)")
                + occurrence("20230301T100000", start: "20230301T100000", end: "20230301T113000", title: "ACR monthly")))
        let r = try Importer(database: db, now: now).importFile(path)
        #expect(r.count(.added) == 1 && r.count(.unchanged) == 2 && r.refused.isEmpty, "\(r.refused)")
        let (series, occurrences) = try db.occurrences(of: "g1", window: nil)
        #expect(series.schedule.label == "2023-03-01 10:00–11:30" && series.schedule.timeZone == "Europe/Rome")
        #expect(occurrences.map(\.schedule.label) == ["2023-03-01 10:00–11:30", "2023-03-16 15:00–16:30", "2023-03-29 10:00–11:30"])
        #expect(occurrences.map(\.title) == ["ACR monthly", "ACR monthly (moved)", "ACR monthly"])
        // The same file again: nothing changes.
        let again = try Importer(database: db, now: now).importFile(path)
        #expect(again.count(.unchanged) == 3 && again.count(.added) == 0)
        #expect(try db.occurrences(of: "g1", window: nil).occurrences.map(\.schedule.label) == occurrences.map(\.schedule.label))
        // The organiser's whole series, a newer revision, replaces it.
        let whole = try Importer(database: db, now: now).importFile(try file(calendar(event("g1", "SEQUENCE:2\nSUMMARY:ACR monthly\nDTSTART;TZID=Europe/Rome:20230301T100000\nDTEND;TZID=Europe/Rome:20230301T113000\nRRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=3"))))
        #expect(whole.count(.updated) == 1)
        #expect(try db.occurrences(of: "g1", window: nil).occurrences.map(\.schedule.label) == ["2023-03-01 10:00–11:30", "2023-03-15 10:00–11:30", "2023-03-29 10:00–11:30"])
        // Cancellations alone of meetings the agenda never had add nothing.
        let cancelled = try Importer(database: db, now: now).importFile(try file(calendar(
            event("g2", "RECURRENCE-ID:20230301T090000Z\nSTATUS:CANCELLED\nSUMMARY:X\nDTSTART:20230301T090000Z\nDTEND:20230301T100000Z"))))
        #expect(cancelled.refused.map(\.reason) == ["an occurrence (RECURRENCE-ID) of a series that is neither in the file nor in the agenda"])
    }

    @Test("An occurrence that changes the rest of its series (RANGE=THISANDFUTURE) splits it there, as `--from-occurrence` does; again, unchanged")
    func thisAndFuture() throws {
        func occurrence(_ uid: String, _ id: String, range: Bool = true, _ lines: String) -> String {
            event(uid, "SEQUENCE:1\nRECURRENCE-ID;\(range ? "RANGE=THISANDFUTURE;" : "")TZID=Europe/Rome:\(id)\n\(lines)")
        }
        // Evolution's "this and future instances": from 20 March the weekly meeting moves to 11:30 and to another
        // embassy; a plain change on 13 March stays with the first part, one on 3 April (moved to the 4th) with the
        // rest, where its original start moves with the rest.
        let body = event("w1", "SUMMARY:ACR weekly\nLOCATION:Embassy of Viet Nam\nDTSTART;TZID=Europe/Rome:20230306T100000\nDTEND;TZID=Europe/Rome:20230306T110000\nRRULE:FREQ=WEEKLY;COUNT=6")
            + occurrence("w1", "20230313T100000", range: false, "SUMMARY:ACR weekly (one)\nDTSTART;TZID=Europe/Rome:20230313T100000\nDTEND;TZID=Europe/Rome:20230313T110000")
            + occurrence("w1", "20230320T100000", "SUMMARY:ACR weekly (new room)\nLOCATION:Embassy of Thailand\nDTSTART;TZID=Europe/Rome:20230320T113000\nDTEND;TZID=Europe/Rome:20230320T123000")
            + occurrence("w1", "20230403T100000", range: false, "SUMMARY:Moved\nDTSTART;TZID=Europe/Rome:20230404T150000\nDTEND;TZID=Europe/Rome:20230404T160000")
            // A daily series until 10 March, changed from its first occurrence on: the whole series, its UNTIL moved.
            + event("d1", "SUMMARY:Daily\nDTSTART;TZID=Europe/Rome:20230306T090000\nDTEND;TZID=Europe/Rome:20230306T093000\nRRULE:FREQ=DAILY;UNTIL=20230310T080000Z")
            + occurrence("d1", "20230306T090000", "SUMMARY:Daily, later\nDTSTART;TZID=Europe/Rome:20230306T100000\nDTEND;TZID=Europe/Rome:20230306T103000")
            // Moved to another day of a rule that names its days: refused, the series kept whole.
            + event("b1", "SUMMARY:Mondays\nDTSTART;TZID=Europe/Rome:20230306T090000\nDTEND;TZID=Europe/Rome:20230306T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4")
            + occurrence("b1", "20230313T090000", "SUMMARY:Tuesdays\nDTSTART;TZID=Europe/Rome:20230314T090000\nDTEND;TZID=Europe/Rome:20230314T100000")
            // The rest of a series the file does not hold: refused.
            + occurrence("elsewhere", "20230313T090000", "SUMMARY:X\nDTSTART;TZID=Europe/Rome:20230313T090000\nDTEND;TZID=Europe/Rome:20230313T100000")
        let path = try file(calendar(body))
        let db = try database()
        let r = try Importer(database: db, now: now).importFile(path)
        #expect(r.count(.added) == 4 && r.joinedOccurrences == 3, "\(r.counts)")
        #expect(r.refused.map(\.reason) == [
            "an occurrence with RANGE=THISANDFUTURE that moves the rest of the series to days or hours its rule names (FREQ=WEEKLY;COUNT=4;BYDAY=MO): not supported",
            "an occurrence with RANGE=THISANDFUTURE of a series the file does not hold (changing the rest of a stored series this way is not supported: import the series with it)",
        ])
        func listed(_ uid: String) throws -> [String] {
            try db.occurrences(of: uid, window: nil).occurrences.map { "\($0.schedule.label) \($0.title) @ \($0.location ?? "")" }
        }
        #expect(try listed("w1") == ["2023-03-06 10:00–11:00 ACR weekly @ Embassy of Viet Nam",
                                     "2023-03-13 10:00–11:00 ACR weekly (one) @ Embassy of Viet Nam"])
        #expect(try listed("w1/2023-03-20T10:00") == ["2023-03-20 11:30–12:30 ACR weekly (new room) @ Embassy of Thailand",
                                                      "2023-03-27 11:30–12:30 ACR weekly (new room) @ Embassy of Thailand",
                                                      "2023-04-04 15:00–16:00 Moved @ Embassy of Thailand",
                                                      "2023-04-10 11:30–12:30 ACR weekly (new room) @ Embassy of Thailand"])
        #expect(try listed("d1").map { String($0.prefix(22)) } == ["2023-03-06 10:00–10:30", "2023-03-07 10:00–10:30",
                                                                   "2023-03-08 10:00–10:30", "2023-03-09 10:00–10:30",
                                                                   "2023-03-10 10:00–10:30"])
        #expect(try db.event("d1").title == "Daily, later")
        #expect(try listed("b1").count == 4)
        // Again: nothing changes.
        let again = try Importer(database: db, now: now).importFile(path)
        #expect(again.count(.unchanged) == 4 && again.count(.added) == 0 && again.count(.updated) == 0, "\(again.counts)")
    }

    @Test("Occurrences moved to the same time are listed in the order of their original starts, every run")
    func movedOntoOneTime() throws {
        let letters = ["A", "B", "C", "D", "E"]
        // Weeks 2 to 6 of the series all moved to 30 April 12:00; the dictionary of changes has no order of its own.
        let weeks = ["20230308", "20230315", "20230322", "20230329", "20230405"]
        let moves = zip(weeks, letters).map { week, letter in
            event("s1", "RECURRENCE-ID:\(week)T100000Z\nSUMMARY:\(letter)\nDTSTART:20230430T120000Z\nDTEND:20230430T130000Z")
        }
        let series = event("s1", "SUMMARY:Weekly\nDTSTART:20230301T100000Z\nDTEND:20230301T110000Z\nRRULE:FREQ=WEEKLY;COUNT=6")
        let db = try database()
        let r = try Importer(database: db, now: now).importFile(try file(calendar(series + moves.reversed().joined())))
        #expect(r.joinedOccurrences == 5 && r.refused.isEmpty, "\(r.refused)")
        let day = try db.upcoming(from: Date(timeIntervalSince1970: 1_682_812_800), until: Date(timeIntervalSince1970: 1_682_899_200))
        #expect(day.map(\.title) == letters)
    }

    @Test("A place or title on several lines (Apple's name and address) is joined into one line and noted; a refusal's reason is one line")
    func textOnSeveralLines() throws {
        let body = event("apple-1", """
            SUMMARY:ACR meeting\\nwith the Association
            LOCATION:Embassy of Viet Nam\\nVia di Bravetta 156\\, Rome\\n
            DTSTART;TZID=Europe/Rome:20230220T103000
            DTEND;TZID=Europe/Rome:20230220T120000
            ATTENDEE;CN="Nguyen^nVan A":mailto:a@embassy.example
            ATTENDEE;CN="Đặng	Thị B":mailto:b@embassy.example
            """)
            // One of our feeds with a line break where the agenda keeps one line: refused, said on one line.
            + event("ours-1", "SUMMARY:X\nX-AGENDA-PRECISION:timed\nX-AGENDA-ALT-TITLE:a\\nb\nDTSTART:20230301T100000Z\nDTEND:20230301T110000Z")
        let db = try database()
        let r = try Importer(database: db, now: now).importFile(try file(calendar(body)))
        let e = try db.event("apple-1")
        #expect(e.title == "ACR meeting with the Association")
        #expect(e.location == "Embassy of Viet Nam, Via di Bravetta 156, Rome")
        #expect(e.participants.map(\.name) == ["Nguyen Van A", "Đặng Thị B"])
        #expect(r.notes.map(\.text) == [
            "SUMMARY on several lines: joined into one (with spaces)",
            "LOCATION on several lines: joined into one (with ',')",
        ])
        #expect(r.refused.map(\.reason) == ["invalid alt title 'a\\u{a}b': expected text without control characters (found U+000A)"])
    }

    @Test("Outlook's all-day events written midnight to midnight (X-MICROSOFT-CDO-ALLDAYEVENT) are all-day, series and changed days too, also under --strict")
    func outlookAllDay() throws {
        let allDay = "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE"
        let body = event("leave", """
            SUMMARY:Leave
            DTSTART;TZID=W. Europe Standard Time:20230724T000000
            DTEND;TZID=W. Europe Standard Time:20230726T000000
            \(allDay)
            """)
            + event("weekly", """
            SUMMARY:Office closed
            DTSTART;TZID=W. Europe Standard Time:20230301T000000
            DTEND;TZID=W. Europe Standard Time:20230302T000000
            RRULE:FREQ=WEEKLY;UNTIL=20230328T220000Z
            EXDATE;TZID=W. Europe Standard Time:20230315T000000
            \(allDay)
            """)
            + event("weekly", """
            RECURRENCE-ID;TZID=W. Europe Standard Time:20230322T000000
            SUMMARY:Office closed (moved)
            DTSTART;TZID=W. Europe Standard Time:20230323T000000
            DTEND;TZID=W. Europe Standard Time:20230324T000000
            \(allDay)
            """)
            // Not marked: a timed event from midnight to midnight stays timed.
            + event("night", "SUMMARY:Night shift\nDTSTART;TZID=Europe/Rome:20230801T000000\nDTEND;TZID=Europe/Rome:20230802T000000")
        let path = try file(calendar(body))
        for strict in [false, true] {
            let db = try database()
            let r = try Importer(database: db, strict: strict, now: now).importFile(path)
            #expect(r.refused.isEmpty && r.count(.added) == 3 && r.joinedOccurrences == 1, "\(r.refused)")
            #expect(!r.notes.contains { $0.text.contains("RFC 5545") }, "\(r.notes)")
            #expect(try db.event("leave").schedule.label == "2023-07-24 – 2023-07-25")
            let days = try db.occurrences(of: "weekly", window: nil).occurrences.map(\.schedule.label)
            #expect(days == ["2023-03-01", "2023-03-08", "2023-03-23", "2023-03-29"], "\(days)")
            #expect(try db.event("night").schedule.label == "2023-08-01 00:00 – 2023-08-02 00:00")
        }
    }

    @Test("A TZID the file defines but whose VTIMEZONE does not read is refused for what is wrong with it")
    func unusableZoneDefinitions() throws {
        func zoned(_ uid: String, _ tzid: String) -> String {
            event(uid, "SUMMARY:Meeting\nDTSTART;TZID=\(tzid):20230301T100000\nDTEND;TZID=\(tzid):20230301T110000")
        }
        let zones = """
            BEGIN:VTIMEZONE
            TZID:Far
            BEGIN:STANDARD
            DTSTART:19700101T000000
            TZOFFSETFROM:+2500
            TZOFFSETTO:+2500
            END:STANDARD
            END:VTIMEZONE
            BEGIN:VTIMEZONE
            TZID:Empty
            END:VTIMEZONE

            """
        let path = try file(calendar(zoned("far-1", "Far") + zoned("empty-1", "Empty") + zoned("unknown-1", "Nowhere"), header: zones))
        let r = try Importer(database: try database(), now: now).importFile(path)
        #expect(r.count(.added) == 0)
        #expect(r.refused.map(\.uid) == ["far-1", "empty-1", "unknown-1"])
        #expect(r.refused.map(\.reason) == [
            "invalid TZID 'Far': expected a zone whose VTIMEZONE (line 4) gives offsets of at most 18 hours, as ±HHMM; its STANDARD has TZOFFSETTO:+2500",
            "invalid TZID 'Empty': expected a zone whose VTIMEZONE (line 12) has a STANDARD or DAYLIGHT observance; it has none",
            "invalid TZID 'Nowhere': expected an IANA or Windows zone, or one the file defines",
        ])
    }

    @Test("An event inside another component is refused with its line and UID, not dropped unsaid")
    func eventInsideAnotherComponent() throws {
        // icalendar's test calendar issue_178_custom_component_contains_other.ics has one, with no VCALENDAR at all.
        let path = try file("BEGIN:MYCOMPTOO\nDTSTAMP:20150121T080000\n" + event("inside-1", "DTSTART;VALUE=DATE:20150122")
                            + "END:MYCOMPTOO\n")
        let db = try database()
        let r = try Importer(database: db, now: now).importFile(path)
        #expect(r.count(.added) == 0 && r.unreadable == nil)
        #expect(r.refused.map(\.uid) == ["inside-1"])
        #expect(r.refused.map(\.line) == [3])
        #expect(r.refused.first?.reason == "a VEVENT inside MYCOMPTOO, not directly in the VCALENDAR")
        #expect(try db.events().isEmpty)
    }

    @Test("Lenient reading reports bare LF once; strict refuses the file at that line, writing nothing")
    func strictDeviation() throws {
        let path = try file(calendar(event("lf-event-1", "SUMMARY:x\nDTSTART;VALUE=DATE:20230301")), bareLF: true)
        let db = try database()
        let lenient = try Importer(database: db, now: now).importFile(path)
        #expect(lenient.count(.added) == 1 && lenient.deviations.map(\.message) == ["lines end in LF alone, not CRLF"])
        let strictDB = try database()
        let strict = try Importer(database: strictDB, strict: true, now: now).importFile(path)
        #expect(strict.unreadable?.line == 1 && !strict.written)
        #expect(try strictDB.events().isEmpty)
    }

    @Test("A file that breaks a limit part way is refused whole, even the events read before it")
    func abandoned() throws {
        let body = event("before-the-bad-line", "SUMMARY:x\nDTSTART;VALUE=DATE:20230301")
            + "BEGIN:VEVENT\nX-HUGE:" + String(repeating: "a", count: (1 << 20) + 10) + "\nEND:VEVENT\n"
        let db = try database()
        let r = try Importer(database: db, now: now).importFile(try file(calendar(body)))
        #expect(r.unreadable != nil && !r.written)
        #expect(try db.events().isEmpty)
    }

    @Test("Short UIDs, as some producers write them, are kept as they are")
    func shortUID() throws {
        let db = try database()
        let r = try Importer(database: db, now: now).importFile(try file(calendar(event("e1", "SUMMARY:x\nDTSTART;VALUE=DATE:20230301"))))
        #expect(r.count(.added) == 1)
        #expect(try db.event("e1").uid == "e1")
    }

    @Test("A dry run reports and writes nothing")
    func dryRun() throws {
        let db = try database()
        let r = try Importer(database: db, dryRun: true, now: now)
            .importFile(try file(calendar(event("dry-run-event", "SUMMARY:x\nDTSTART;VALUE=DATE:20230301"))))
        #expect(r.count(.added) == 1 && !r.written)
        #expect(try db.events().isEmpty)
    }

    @Test("Series are written where they stand when the file has no occurrence to join them later; held to the end when it has one, wherever it comes")
    func seriesInPlace() throws {
        let series = event("weekly", "SUMMARY:Weekly briefing\nDTSTART;TZID=Europe/Rome:20230306T100000\nDTEND;TZID=Europe/Rome:20230306T110000\nRRULE:FREQ=WEEKLY;COUNT=4")
        let single = event("single", "SUMMARY:Bilateral call\nDTSTART;TZID=Europe/Rome:20230306T100000\nDTEND;TZID=Europe/Rome:20230306T110000")
        // Folded and in lower case: still an occurrence, so the series must wait for it.
        let occurrence = event("weekly", "recurrence-\n id;TZID=Europe/Rome:20230313T100000\nSUMMARY:Weekly briefing (moved)\nDTSTART;TZID=Europe/Rome:20230313T150000\nDTEND;TZID=Europe/Rome:20230313T160000")

        let db = try database()
        let plain = try Importer(database: db, now: now).importFile(try file(calendar(series + single)))
        #expect(plain.count(.added) == 2 && plain.refused.isEmpty)
        let stored = try db.events()
        let ids = Dictionary(uniqueKeysWithValues: stored.map { ($0.uid, $0.id!) })
        #expect(ids["weekly"]! < ids["single"]!, "file order")
        #expect(stored.first { $0.uid == "weekly" }?.series?.rule != nil)

        let db2 = try database()
        let withOccurrence = try Importer(database: db2, now: now).importFile(try file(calendar(series + single + occurrence)))
        #expect(withOccurrence.count(.added) == 2 && withOccurrence.refused.isEmpty && withOccurrence.joinedOccurrences == 1)
        let weekly = try #require(try db2.events().first { $0.uid == "weekly" })
        #expect(weekly.series?.overrides.count == 1)
    }

    @Test("Our own feed comes back: titles without decorations, month precision, statuses, committee; twice is once")
    func ownFeed() throws {
        let source = try database()
        try source.load(AgendaDatabase.embeddedScenario())
        let path = scratchDirectory.appendingPathComponent("own-\(UUID().uuidString).ics").path
        let spec = FeedSpec(feed: Feed(name: "ACR"), filter: FeedExporter.filter(committees: [], window: nil, audience: .internal))
        _ = try FeedExporter(db: source, now: now).exportFile(path, spec)
        let target = try database()
        try target.addCommittee(Committee(code: "ACR", name: "ASEAN Committee in Rome", timeZone: "Europe/Rome"))
        let first = try Importer(database: target, now: now).importFile(path)
        let original = try source.events()
        #expect(first.count(.added) == original.count && first.refused.isEmpty)
        let back = try target.events()
        for (a, b) in zip(original, back) {
            #expect(a.uid == b.uid && a.title == b.title && a.status == b.status && a.classification == b.classification)
            #expect(a.schedule.utcSpan == b.schedule.utcSpan && a.schedule.precision == b.schedule.precision)
            #expect(a.committee == b.committee && a.location == b.location && a.kind == b.kind && a.sequence == b.sequence)
        }
        let dialogue = try #require(back.first { $0.title == "Italy-ASEAN High-Level Dialogue" })
        #expect(dialogue.schedule.label == "Oct 2023" && dialogue.status == .tentative)
        let second = try Importer(database: target, now: now).importFile(path)
        #expect(second.count(.unchanged) == original.count)
    }
}

/// The workplace's ics-corpus beside this checkout (third-party files, not in the repository), if present.
private let corpus: String? = {
    let here = URL(fileURLWithPath: #filePath)
    let folder = ProcessInfo.processInfo.environment["AGENDA_ICS_CORPUS"]
        ?? here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/ics-corpus").path
    return FileManager.default.fileExists(atPath: folder + "/MANIFEST.tsv") ? folder : nil
}()

@Suite("Import of real-world files", .enabled(if: corpus != nil, "the ics-corpus is not beside this checkout"))
struct CorpusImportTests {
    @Test("Every corpus file imports leniently without a crash; each VEVENT is imported or refused with a reason, twice is once")
    func everyFile() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus!).filter { $0.hasSuffix(".ics") }.sorted()
        #expect(names.count >= 60)
        let db = try database()
        var added = 0, refused = 0
        for name in names {
            let path = corpus! + "/" + name
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
            let vevents = text.components(separatedBy: .newlines).filter {
                $0.trimmingCharacters(in: .whitespacesAndNewlines).uppercased() == "BEGIN:VEVENT"
            }.count
            let r = try Importer(database: db, now: now).importFile(path)
            if r.unreadable != nil { continue }  // not iCalendar at all (icalendar refuses those too)
            let seen = UpsertOutcome.allCases.reduce(0) { $0 + r.count($1) } + r.refused.count + r.joinedOccurrences
                + r.answersLeftOut
            #expect(seen == vevents, "\(name): \(seen) of \(vevents) VEVENTs accounted for")
            #expect(r.refused.allSatisfy { !$0.reason.isEmpty && $0.line > 0 }, "\(name)")
            added += r.count(.added)
            refused += r.refused.count
            // Importing again changes nothing.
            let again = try Importer(database: db, now: now).importFile(path)
            #expect(again.count(.added) == 0 && again.count(.updated) == 0, "\(name): \(again.counts)")
        }
        #expect(added > 80 && refused > 0)
    }
}
