import AgendaCore
import Foundation
import GRDB
import ICalendar
import Testing
@testable import AgendaStore

/// A database with the ACR committee and its monthly meeting (third Thursday, 10:00–12:00 Rome, all 2026).
private func monthly() throws -> (AgendaDatabase, Event) {
    let db = try freshDatabase()
    try db.addCommittee(Committee(code: "ACR", name: "ASEAN Committee in Rome", timeZone: "Europe/Rome"))
    let schedule = try Schedule(.timed(start: LocalDateTime(iso: "2026-01-15T10:00")!, end: LocalDateTime(iso: "2026-01-15T12:00")!),
                                timeZone: "Europe/Rome")
    var e = event("ACR monthly meeting", schedule, committee: "ACR")
    e.series = Series(rule: try RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=3TH;UNTIL=20261231T225959Z"))
    return (db, try db.addEvent(e))
}

private func window(_ a: String, _ b: String) -> Range<Int> {
    Int(instant(a).timeIntervalSince1970)..<Int(instant(b).timeIntervalSince1970)
}

private func starts(_ events: [Event]) -> [String] { events.map(\.schedule.startText) }

@Suite("Recurring events in the store")
struct SeriesTests {
    @Test("A window lists the series' occurrences in it, each marked, at the same wall time across DST")
    func windowExpands() throws {
        let (db, _) = try monthly()
        let spring = try db.events(EventFilter(window: window("2026-03-01T00:00:00Z", "2026-05-01T00:00:00Z")))
        #expect(starts(spring) == ["2026-03-19T10:00", "2026-04-16T10:00"])
        #expect(spring.allSatisfy { $0.occurrence != nil && $0.uid == spring[0].uid })
        // 10:00 in Rome is 09:00Z in March (CET) and 08:00Z in April (CEST).
        #expect(spring.map { $0.schedule.utcSpan.lowerBound % 86400 } == [9 * 3600, 8 * 3600])
        // The series' row holds its extent: a window after UNTIL finds nothing, one years later too.
        #expect(try db.events(EventFilter(window: window("2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z"))).isEmpty)
        // A summary read (tables) gives the same occurrences as a detailed one.
        var summary = EventFilter(window: window("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"))
        summary.withDetails = false
        let all = try db.events(summary)
        #expect(all.count == 12)
        #expect(starts(all) == starts(try db.events(EventFilter(window: window("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z")))))
    }

    @Test("A series that never ends is found by a window decades after it began, without reading its past")
    func openEnded() throws {
        let db = try freshDatabase()
        let s = try Schedule(.timed(start: LocalDateTime(iso: "1990-01-02T09:00")!, end: LocalDateTime(iso: "1990-01-02T10:00")!), timeZone: "Asia/Bangkok")
        var e = event("Weekly call", s)
        e.series = Series(rule: try RecurrenceRule(parsing: "FREQ=WEEKLY"))
        try db.addEvent(e)
        let week = try db.events(EventFilter(window: window("2026-12-01T00:00:00Z", "2026-12-08T00:00:00Z")))
        #expect(starts(week) == ["2026-12-01T09:00"])
    }

    @Test("One occurrence moved, renamed or cancelled; the rest of the series stays")
    func overrides() throws {
        let (db, e) = try monthly()
        let key = String(e.id!)
        try db.editOccurrence(key, occurrence: "2026-03-19", EventChange(schedule: ScheduleInput(start: "2026-03-20 15:00"), location: "Embassy of Viet Nam"))
        try db.editOccurrence(key, occurrence: "2026-05-21T10:00", EventChange(title: "ACR meeting with the Italy-ASEAN Association"))
        try db.cancelOccurrence(key, occurrence: "2026-04-16", reason: "Easter")
        let year = try db.events(EventFilter(window: window("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z")))
        #expect(year.count == 12)
        let march = try #require(year.first { $0.occurrence?.recurrenceID == "2026-03-19T10:00" })
        #expect(march.schedule.startText == "2026-03-20T15:00" && march.schedule.endText == "2026-03-20T17:00")
        #expect(march.location == "Embassy of Viet Nam" && march.occurrence!.overridden)
        #expect(year.first { $0.occurrence?.recurrenceID == "2026-04-16T10:00" }!.status == .cancelled)
        #expect(year.first { $0.occurrence?.recurrenceID == "2026-05-21T10:00" }!.title == "ACR meeting with the Italy-ASEAN Association")
        // Untouched occurrences keep the series' fields.
        #expect(year.filter { !($0.occurrence?.overridden ?? false) }.allSatisfy { $0.title == "ACR monthly meeting" && $0.status == .confirmed })
        // The moved occurrence is listed where it now is: a window of 20 March only.
        #expect(starts(try db.events(EventFilter(window: window("2026-03-20T00:00:00Z", "2026-03-21T00:00:00Z")))) == ["2026-03-20T15:00"])
        #expect(try db.events(EventFilter(window: window("2026-03-19T00:00:00Z", "2026-03-20T00:00:00Z"))).isEmpty)
        // Cancelled occurrences leave the default listing statuses.
        let active = try db.events(EventFilter(window: window("2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z"), statuses: [.confirmed, .tentative, .postponed]))
        #expect(active.isEmpty)
    }

    @Test("Refused with the field named: a date without an occurrence, a day holding several, fields of the whole series")
    func refusals() throws {
        let (db, e) = try monthly()
        let key = String(e.id!)
        let before = try db.dump()
        /// The error `body` throws must be about the occurrence field, name the value, and say `why`.
        func refused(_ value: String, _ why: String, _ body: () throws -> Void) {
            do {
                try body()
                Issue.record("\(value) was accepted")
            } catch let AgendaError.invalid(field, v, expected) {
                #expect(field == "occurrence" && v == value && expected.contains(why), "\(field) \(v) \(expected)")
            } catch {
                Issue.record("\(error)")
            }
        }
        refused("2026-03-18", "when event #\(e.id!) occurs") { try db.editOccurrence(key, occurrence: "2026-03-18", EventChange(title: "x")) }
        refused("2026-03-19", "belong to the whole series") { try db.editOccurrence(key, occurrence: "2026-03-19", EventChange(committee: "")) }
        refused("2027-01-21", "when event #\(e.id!) occurs") { try db.cancelOccurrence(key, occurrence: "2027-01-21") }
        // A month or year names one occurrence only when it holds one; a daily series' year holds more than 50.
        refused("2026", "one occurrence; it holds 12 (2026-01-15T10:00, 2026-02-19T10:00, 2026-03-19T10:00, 2026-04-16T10:00, 2026-05-21T10:00, …): give the day") {
            try db.editOccurrence(key, occurrence: "2026", EventChange(title: "x"))
        }
        let daily = try Schedule(.timed(start: LocalDateTime(iso: "2026-01-01T09:00")!, end: LocalDateTime(iso: "2026-01-01T09:30")!), timeZone: "Europe/Rome")
        var call = event("Daily call", daily)
        call.series = Series(rule: try RecurrenceRule(parsing: "FREQ=DAILY"))
        let callKey = String(try db.addEvent(call).id!)
        let withCall = try db.dump()
        refused("2026", "one occurrence; it holds more than 50 (2026-01-01T09:00") { try db.editOccurrence(callKey, occurrence: "2026", EventChange(title: "x")) }
        refused("2026-05", "it holds 31") { try db.cancelOccurrence(callKey, occurrence: "2026-05") }
        #expect(try db.dump() == withCall)
        try db.deleteEvent(callKey)
        #expect(try db.dump() == before)
    }

    @Test("A series cannot end before its first occurrence: --until earlier than the start is refused, nothing written")
    func untilBeforeStart() throws {
        let (db, e) = try monthly()
        let key = String(e.id!)
        let before = try db.dump()
        let now = instant("2026-01-01T00:00:00Z")
        let timed = try Schedule(.timed(start: LocalDateTime(iso: "2026-01-15T10:00")!, end: LocalDateTime(iso: "2026-01-15T12:00")!),
                                 timeZone: "Europe/Rome")
        let allDay = try Schedule(.allDay(first: LocalDate(iso: "2026-01-15")!, last: LocalDate(iso: "2026-01-15")!), timeZone: "Europe/Rome")
        for (schedule, until) in [(timed, "2026-01-14"), (timed, "2026-01-15 09:59"), (allDay, "2026-01-14"), (allDay, "2025-12")] {
            #expect(throws: AgendaError.invalid(field: "until", value: until,
                                                expected: "a date on or after the series' first occurrence (\(schedule.label))")) {
                try RepeatInput(plain: "weekly", until: until).rule(for: schedule, now: now)
            }
        }
        // The same day, and the start itself, are accepted (the first occurrence alone).
        #expect(try RepeatInput(plain: "weekly", until: "2026-01-15").rule(for: timed, now: now).until != nil)
        #expect(try RepeatInput(plain: "weekly", until: "2026-01-15 10:00").rule(for: timed, now: now).until != nil)
        #expect(try RepeatInput(plain: "weekly", until: "2026-01-15").rule(for: allDay, now: now).until != nil)
        // An edit that gives only an end earlier than the series' start changes nothing.
        #expect(throws: AgendaError.self) { try db.updateEvent(key, EventChange(repetition: RepeatInput(until: "2025-12-31"))) }
        #expect(try db.dump() == before)
    }

    @Test("This and following: the series splits, earlier occurrences and the UID unchanged, COUNT shared out")
    func split() throws {
        let db = try freshDatabase()
        let s = try Schedule(.timed(start: LocalDateTime(iso: "2026-01-06T12:30")!, end: LocalDateTime(iso: "2026-01-06T14:00")!), timeZone: "America/New_York")
        var e = event("Heads of mission lunch", s)
        e.series = Series(rule: try RecurrenceRule(parsing: "FREQ=WEEKLY;INTERVAL=2;COUNT=10"))
        let stored = try db.addEvent(e)
        try db.cancelOccurrence(String(stored.id!), occurrence: "2026-01-20")
        let before = try db.occurrences(of: String(stored.id!), window: nil).occurrences
        #expect(before.count == 10)
        let (earlier, later, _) = try db.splitSeries(String(stored.id!), from: "2026-03-17", EventChange(schedule: ScheduleInput(start: "2026-03-17 13:00")))
        #expect(earlier.uid == stored.uid && later.uid != stored.uid)
        #expect(earlier.series?.rule?.count == 5 && later.series?.rule?.count == 5)
        let a = try db.occurrences(of: String(earlier.id!), window: nil).occurrences
        let b = try db.occurrences(of: String(later.id!), window: nil).occurrences
        #expect(starts(a) == starts(Array(before.prefix(5))))
        #expect(a[1].status == .cancelled)
        #expect(starts(b) == ["2026-03-17T13:00", "2026-03-31T13:00", "2026-04-14T13:00", "2026-04-28T13:00", "2026-05-12T13:00"])
    }

    @Test("Moving the whole series moves its overrides and excluded dates with it")
    func moveWhole() throws {
        let (db, e) = try monthly()
        let key = String(e.id!)
        try db.cancelOccurrence(key, occurrence: "2026-04-16")
        try db.updateEvent(key, EventChange(schedule: ScheduleInput(start: "2026-01-15 11:00")))
        let april = try db.events(EventFilter(window: window("2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z")))
        #expect(april.map(\.schedule.startText) == ["2026-04-16T11:00"])
        #expect(april[0].status == .cancelled)
    }

    @Test("Deleting a series removes its rule and overrides; ending it is one edit")
    func deleteAndEnd() throws {
        let (db, e) = try monthly()
        let key = String(e.id!)
        try db.updateEvent(key, EventChange(repetition: RepeatInput(until: "2026-06-30")))
        #expect(try db.occurrences(of: key, window: nil).occurrences.count == 6)
        try db.updateEvent(key, EventChange(repetition: RepeatInput(count: 2)))
        #expect(try db.occurrences(of: key, window: nil).occurrences.count == 2)
        try db.deleteEvent(key)
        let left = try db.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM event_series") }
        #expect(left == 0)
    }

    @Test("A series' window read equals its full expansion filtered to the window (random windows)")
    func windowsAgree() throws {
        let (db, e) = try monthly()
        try db.editOccurrence(String(e.id!), occurrence: "2026-06-18", EventChange(schedule: ScheduleInput(start: "2026-07-01 09:00")))
        let all = try db.occurrences(of: String(e.id!), window: nil).occurrences
        var rng = SystemRandomNumberGenerator()
        let year = window("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z")
        for _ in 0..<50 {
            let a = Int.random(in: year, using: &rng), b = a + Int.random(in: 3600...(90 * 86400), using: &rng)
            let got = try db.events(EventFilter(window: a..<b))
            let want = all.filter { $0.schedule.utcSpan.overlaps(a..<b) }
            #expect(got.map(\.schedule.startText) == want.map(\.schedule.startText).sorted(), "\(a)..<\(b)")
        }
    }

    /// The tabled occurrence starts of the series `id` (nil when not tabled).
    private func tabled(_ db: AgendaDatabase, _ id: Int64) throws -> [Int]? {
        try db.writer.read { conn in
            try Data.fetchOne(conn, sql: "SELECT occurrence_starts FROM event_series WHERE event_id = ?", arguments: [id])
                .map(OccurrenceStarts.decode)
        }
    }

    @Test("A series that ends keeps each occurrence's start (excluded dates out); one that never ends or has more than 512 keeps none")
    func tabledStarts() throws {
        let (db, e) = try monthly()
        let id = e.id!
        // Third Thursdays of 2026 at 10:00 Rome: 09:00Z in winter, 08:00Z in summer (CEST from 29 March to 25 October).
        let expected = ["2026-01-15T09", "2026-02-19T09", "2026-03-19T09", "2026-04-16T08", "2026-05-21T08", "2026-06-18T08",
                        "2026-07-16T08", "2026-08-20T08", "2026-09-17T08", "2026-10-15T08", "2026-11-19T09", "2026-12-17T09"]
        let hour = { (t: Int) in String(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(t))).prefix(13)) }
        #expect(try tabled(db, id)?.map(hour) == expected)
        var excluded = e
        excluded.id = nil
        excluded.uid = ""
        excluded.series!.exdates = ["2026-04-16T10:00"]
        #expect(try tabled(db, db.addEvent(excluded).id!)?.map(hour) == expected.filter { $0 != "2026-04-16T08" })
        try db.updateEvent(String(id), EventChange(repetition: RepeatInput(count: 2)))
        #expect(try tabled(db, id)?.map(hour) == Array(expected.prefix(2)))

        let s = try Schedule(.timed(start: LocalDateTime(iso: "2026-01-01T09:00")!, end: LocalDateTime(iso: "2026-01-01T09:30")!), timeZone: "Asia/Bangkok")
        var forever = event("Daily call", s), long = event("Daily call, 600 days", s), most = event("Daily call, 512 days", s)
        forever.series = Series(rule: try RecurrenceRule(parsing: "FREQ=DAILY"))
        long.series = Series(rule: try RecurrenceRule(parsing: "FREQ=DAILY;COUNT=600"))
        most.series = Series(rule: try RecurrenceRule(parsing: "FREQ=DAILY;COUNT=512"))
        #expect(try tabled(db, db.addEvent(forever).id!) == nil)
        #expect(try tabled(db, db.addEvent(long).id!) == nil)
        #expect(try tabled(db, db.addEvent(most).id!)?.count == 512)
    }

    @Test("Windows list the same occurrences whether the series' starts are tabled or their rules expanded (older files)")
    func tabledAgreesWithExpansion() throws {
        let db = try freshDatabase()
        let rules: [(String, String, String, String)] = [
            ("2026-01-15T10:00", "2026-01-15T12:00", "Europe/Rome", "FREQ=MONTHLY;BYDAY=3TH;COUNT=12"),
            ("2026-03-27T23:30", "2026-03-28T01:30", "Europe/Rome", "FREQ=DAILY;COUNT=5"),
            ("2026-10-23T02:30", "2026-10-23T03:00", "Europe/Rome", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR,SU;COUNT=9"),
            ("2026-02-02T08:00", "2026-02-02T09:00", "Asia/Ho_Chi_Minh", "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260601T000000Z"),
            ("2026-01-31T17:00", "2026-01-31T18:00", "America/New_York", "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=10"),
            ("2026-09-15T09:00", "2026-09-15T17:00", "Pacific/Kiritimati", "FREQ=YEARLY;BYMONTH=9;BYDAY=3TU;COUNT=3"),
            // 02:30 on 29 March 2026 does not exist in Rome (the clocks skip from 02:00 to 03:00).
            ("2026-03-15T02:30", "2026-03-15T03:15", "Europe/Rome", "FREQ=WEEKLY;COUNT=4"),
        ]
        for (i, (a, b, zone, rule)) in rules.enumerated() {
            var e = event("Series \(i) — Đối thoại", try Schedule(.timed(start: LocalDateTime(iso: a)!, end: LocalDateTime(iso: b)!), timeZone: zone))
            e.series = Series(rule: try RecurrenceRule(parsing: rule), exdates: i == 3 ? ["2026-03-04T08:00"] : [])
            try db.addEvent(e)
        }
        var national = event("Quốc khánh", allDay("2026-09-02"))
        national.series = Series(rule: try RecurrenceRule(parsing: "FREQ=YEARLY;COUNT=4"))
        try db.addEvent(national)
        #expect(try db.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM event_series WHERE occurrence_starts IS NOT NULL") } == rules.count + 1)
        // Windows of an hour to three months, every 7 hours across 2026 and the start of 2027.
        let from = Int(instant("2026-01-01T00:00:00Z").timeIntervalSince1970)
        let windows = stride(from: from, to: from + 400 * 86400, by: 7 * 3600).enumerated().map { i, a in a..<(a + [3600, 86400, 7 * 86400, 90 * 86400][i % 4]) }
        // Whole events (times, occurrence keys, series), as a table and as a detailed read.
        let read = { (details: Bool) in
            try windows.map { w in
                var f = EventFilter(window: w)
                f.withDetails = details
                return try db.events(f)
            }
        }
        let withTable = try read(false), detailedWithTable = try read(true)
        #expect(withTable.contains { !$0.isEmpty } && withTable.reduce(0) { $0 + $1.count } > 1000)
        try db.writer.write { try $0.execute(sql: "UPDATE event_series SET occurrence_starts = NULL") }
        let expanded = try read(false), detailedExpanded = try read(true)
        for (w, (x, y)) in zip(windows, zip(withTable, expanded)) where x != y {
            Issue.record("window \(w): tabled \(starts(x)), expanded \(starts(y))")
        }
        #expect(detailedWithTable == detailedExpanded)
        // The skipped 02:30 is listed where the rule puts it (03:30 by the clock), keyed 02:30.
        let skipped = try #require(expanded.joined().first { $0.occurrence?.recurrenceID == "2026-03-29T02:30" })
        #expect(skipped.schedule.startText == "2026-03-29T03:30")
        #expect(withTable.joined().contains(skipped))
    }

    @Test("A series carries its event's class (written with it, kept when only the class changes, filled by 0011); a window lists only its audience's series")
    func seriesClassification() throws {
        let (db, e) = try monthly()
        let key = e.uid
        func stored() throws -> String? {
            try db.writer.read { try String.fetchOne($0, sql: "SELECT classification FROM event_series WHERE event_id = ?", arguments: [e.id!]) }
        }
        let march = EventFilter.window(from: instant("2026-03-01T00:00:00Z"), to: instant("2026-04-01T00:00:00Z"))
        func listed(_ classes: Set<Classification>) throws -> [String] {
            try db.events(EventFilter(window: march, classifications: classes)).map(\.title)
        }
        #expect(try stored() == "public")
        #expect(try listed([.public]) == ["ACR monthly meeting"])
        // Only the class changes (the series row is not written again): the trigger keeps the copy equal.
        _ = try db.updateEvent(key, EventChange(classification: .confidential))
        #expect(try stored() == "confidential")
        #expect(try listed([.public]).isEmpty)
        #expect(try listed([.public, .confidential]) == ["ACR monthly meeting"])
        #expect(try listed([]) == ["ACR monthly meeting"])
        // The series written again with its event (a new rule) takes the event's class.
        _ = try db.updateEvent(key, EventChange(classification: .private, repetition: RepeatInput(rrule: "FREQ=MONTHLY;BYDAY=3TH;COUNT=6")))
        #expect(try stored() == "private")
        #expect(try listed([.public]).isEmpty && listed([.private]) == ["ACR monthly meeting"])

        // A file of 0010: its series get their events' classes.
        let path = temporaryPath("0010")
        let queue = try DatabaseQueue(path: path)
        try AgendaDatabase.migrator.migrate(queue, upTo: "0010_checks_without_lists")
        try queue.write { conn in
            try conn.execute(sql: """
                INSERT INTO event(id, uid, kind, title, status, classification, precision, local_start, local_end, time_zone,
                                  span_start, span_end, sequence, created_at, modified_at, span_class)
                VALUES (1, 'u1', 'meeting', 'Private series', 'confirmed', 'private', 'timed', '2026-01-15T10:00',
                        '2026-01-15T12:00', 'Europe/Rome', 1768467600, 1768474800, 0, 0, 0, 1);
                INSERT INTO event_series(event_id, rrule, series_start, series_end) VALUES (1, 'FREQ=WEEKLY;COUNT=3', 1768467600, 1769684400);
                """)
        }
        try queue.close()
        let upgraded = try AgendaDatabase.open(path: path, access: .write, clock: { Date() })
        #expect(try upgraded.writer.read { try String.fetchOne($0, sql: "SELECT classification FROM event_series") } == "private")
    }

    @Test("A window's scan of the series reads index entries alone: the extent index carries the tabled starts")
    func seriesScanPlan() throws {
        let (db, _) = try monthly()
        for classes: Set<Classification> in [[.public], [], [.public, .private]] {
            let (sql, arguments) = AgendaDatabase.seriesWindowScan(0..<1, classes: classes)
            let plan = try db.writer.read { conn in
                try Row.fetchAll(conn, sql: "EXPLAIN QUERY PLAN \(sql)", arguments: arguments).map { $0["detail"] as String }
            }
            // Both branches (series that end, series that never end) range over the index, from its audience's
            // classes alone, and read no table row.
            #expect(plan.filter {
                $0.hasPrefix("SEARCH event_series USING COVERING INDEX event_series_extent (classification=? AND series_end")
            }.count == 2, "plan: \(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN") || $0.contains("INTEGER PRIMARY KEY") }, "plan: \(plan)")
        }
    }

    @Test("Occurrences listed from tabled starts are those of the expansion; declined the day after a clock change, or with overrides")
    func listedFromStarts() throws {
        var e = event("Weekly — Đối thoại", try Schedule(.timed(start: LocalDateTime(iso: "2026-03-15T02:30")!, end: LocalDateTime(iso: "2026-03-15T03:15")!),
                                                          timeZone: "Europe/Rome"))
        e.series = Series(rule: try RecurrenceRule(parsing: "FREQ=WEEKLY;COUNT=4"))
        let starts = try #require(try e.seriesShape().starts)
        let march = window("2026-03-01T00:00:00Z", "2026-03-25T00:00:00Z")
        let fast = try #require(e.occurrencesWithSpans(starts: starts, overlapping: march))
        let full = try e.occurrencesWithSpans(overlapping: march)
        #expect(fast.count == 2)
        #expect(fast.map(\.event) == full.map(\.event) && fast.map(\.span) == full.map(\.span))
        // 29 March: 02:30 was skipped by the clocks; its instant alone does not say it was scheduled at 02:30.
        #expect(e.occurrencesWithSpans(starts: starts, overlapping: window("2026-03-29T00:00:00Z", "2026-03-30T00:00:00Z")) == nil)
        e.series!.overrides = [OccurrenceOverride(recurrenceID: "2026-03-22T02:30", title: "Moved")]
        #expect(e.occurrencesWithSpans(starts: starts, overlapping: march) == nil)
    }
}
