import AgendaCore
import Foundation
import GRDB
import Testing
@testable import AgendaStore

@Suite("Reads: windows, upcoming, search, the seed scenario")
struct QueryTests {
    @Test("The seed scenario loads, and loading it twice is loading once")
    func seedIdempotent() throws {
        let db = try freshDatabase()
        let first = try db.load(AgendaDatabase.embeddedScenario())
        #expect(first.events == 5 && first.memberships == 6 && first.chairTerms == 2 && first.committees == 1)
        let dump = try db.dump()
        let second = try db.load(AgendaDatabase.embeddedScenario())
        #expect(second.total == 0)
        #expect(try db.dump() == dump)
    }

    @Test("Who chaired the ACR on 2023-02-20: Viet Nam, with its source")
    func whoChaired() throws {
        let db = try seededDatabase()
        let t = try #require(try db.chair("ACR", on: day("2023-02-20")))
        #expect(t.member == "Viet Nam")
        #expect(t.embassy == "Embassy of Viet Nam in Italy")
        #expect(t.start == day("2023-01-01") && t.end == day("2023-06-30"))
        #expect(t.source?.contains("TTXVN") == true)
        #expect(try db.chair("ACR", on: day("2023-06-30"))?.member == "Viet Nam")
        #expect(try db.chair("ACR", on: day("2023-07-01")) == nil)
        #expect(try db.chair("acr", on: day("2017-05-15"))?.member == "Viet Nam")
    }

    @Test("Upcoming as of 2023-03-01: the Bangkok dialogue, tentative, October 2023; not the February meetings")
    func upcomingAsOfMarch() throws {
        let db = try seededDatabase()
        let rome = TimeZone(identifier: "Europe/Rome")!
        let events = try db.upcoming(from: day("2023-03-01").startInstant(in: rome),
                                     until: day("2024-01-01").startInstant(in: rome))
        let dialogue = try #require(events.first { $0.title == "Italy-ASEAN High-Level Dialogue" })
        #expect(dialogue.status == .tentative)
        #expect(dialogue.schedule.precision == .month)
        #expect(dialogue.schedule.label == "Oct 2023")
        #expect(dialogue.location == "Bangkok, Thailand")
        #expect(!events.contains { $0.schedule.days.lowerBound == day("2023-02-20") })
        // The 20 February meetings are there for a February window, with participants and titles.
        let feb = try db.events(EventFilter(window: EventFilter.window(from: instant("2023-02-20T00:00:00Z"),
                                                                       to: instant("2023-02-21T00:00:00Z"))))
        let meeting = try #require(feb.first { $0.kind == .meeting })
        #expect(feb.count >= 2)
        #expect(meeting.chair == "Dương Hải Hưng")
        #expect(meeting.participants.contains { $0.name == "Romano Prodi" && $0.title?.contains("President") == true })
        #expect(meeting.topics.count == 5)
    }

    @Test("Window edges: half-open, events started before the window count, periods touch every window in their month")
    func windowEdges() throws {
        let db = try freshDatabase()
        let a = try db.addEvent(event("ten to noon", timed("2023-05-10T10:00", "2023-05-10T12:00", "UTC")))
        let m = try db.addEvent(event("some day in October", period("2023-10", "UTC")))
        let d = try db.addEvent(event("three days", allDay("2023-06-01", "2023-06-03", "UTC")))
        func ids(_ from: String, _ to: String) throws -> [Int64] {
            try db.events(EventFilter(window: EventFilter.window(from: instant(from), to: instant(to)))).map { $0.id! }
        }
        #expect(try ids("2023-05-10T12:00:00Z", "2023-05-10T13:00:00Z") == [])          // ends exactly at window start
        #expect(try ids("2023-05-10T09:00:00Z", "2023-05-10T10:00:00Z") == [])          // starts exactly at window end
        #expect(try ids("2023-05-10T11:59:59Z", "2023-05-10T13:00:00Z") == [a.id!])     // started before, ends inside
        #expect(try ids("2023-10-31T23:59:00Z", "2023-11-02T00:00:00Z") == [m.id!])     // last minute of October
        #expect(try ids("2023-10-01T00:00:00Z", "2023-10-01T00:00:01Z") == [m.id!])     // first second
        #expect(try ids("2023-09-01T00:00:00Z", "2023-10-01T00:00:00Z") == [])          // all of September
        #expect(try ids("2023-10-15T00:00:00Z", "2023-10-16T00:00:00Z") == [m.id!])     // any day in October
        #expect(try ids("2023-06-03T23:00:00Z", "2023-06-05T00:00:00Z") == [d.id!])     // last day inclusive
        #expect(try ids("2023-06-04T00:00:00Z", "2023-06-05T00:00:00Z") == [])
        #expect(try ids("2023-01-01T00:00:00Z", "2024-01-01T00:00:00Z") == [a.id!, d.id!, m.id!])
    }

    @Test("Search finds Vietnamese titles with or without diacritics, and people and organisations", arguments: [
        ("doi thoai", "Italy-ASEAN High-Level Dialogue"),
        ("Đối thoại", "Italy-ASEAN High-Level Dialogue"),
        ("DOI THOAI CAP CAO", "Italy-ASEAN High-Level Dialogue"),
        ("hiep hoi", "Italy-ASEAN Association"),
        ("duong hai hung", "Dương Hải Hưng"),
        ("Dương", "Dương Hải Hưng"),
        ("prod", "Romano Prodi"),
        ("axiom", "Axiom Space"),
        ("luan van", "Award for outstanding theses on ASEAN, 2023"),
        ("bangkok", "Italy-ASEAN High-Level Dialogue"),
    ])
    func search(query: String, expected: String) throws {
        let db = try seededDatabase()
        let hits = try db.search(query)
        #expect(hits.contains { $0.label == expected }, "hits: \(hits.map(\.label))")
    }

    @Test("Search that finds nothing, and a query with no words")
    func searchEdges() throws {
        let db = try seededDatabase()
        #expect(try db.search("zanzibar").isEmpty)
        #expect(throws: AgendaError.self) { try db.search("  ,;* ") }
        #expect(try db.search("\"quoted\" OR NEAR(") .isEmpty)
    }

    @Test("Edits raise SEQUENCE only for significant changes, keep the UID, and update search")
    func sequence() throws {
        let db = try seededDatabase()
        let before = try db.event("3")
        let notes = try db.updateEvent("3", EventChange(notes: "new note")).event
        #expect(notes.sequence == before.sequence && notes.uid == before.uid)
        let moved = try db.updateEvent(before.uid, EventChange(location: "Jakarta, Indonesia")).event
        #expect(moved.sequence == before.sequence + 1)
        let postponed = try db.postponeEvent("3", to: ScheduleInput(start: "2024-Q1", timeZone: "Asia/Bangkok")).event
        #expect(postponed.sequence == before.sequence + 2)
        #expect(postponed.status == .postponed)
        #expect(postponed.schedule.label == "2024-Q1")
        #expect(postponed.notes?.contains("Postponed from Oct 2023 to 2024-Q1") == true)
        #expect(try db.search("jakarta").map(\.id) == [3])
        #expect(try db.search("bangkok").isEmpty)
        let deleted = try db.deleteEvent("3")
        #expect(deleted.uid == before.uid)
        #expect(try db.search("jakarta").isEmpty)
        #expect(throws: AgendaError.notFound(entity: "event", key: "3")) { try db.event("3") }
    }

    @Test("People and organisations are found by name, in any case, through an index, not by reading the table")
    func nameLookupPlans() throws {
        let db = try seededDatabase()
        for (sql, index) in [(AgendaDatabase.personByNameSQL, "person_name_nocase"),
                             (AgendaDatabase.organisationByNameSQL, "organisation_name_nocase"),
                             (AgendaDatabase.organisationByNameSQL, "organisation_short_name_nocase")] {
            let plan = try db.writer.read { conn in
                try Row.fetchAll(conn, sql: "EXPLAIN QUERY PLAN \(sql)", arguments: ["romano prodi"]).map { $0["detail"] as String }
            }
            #expect(plan.contains { $0.hasPrefix("SEARCH") && $0.contains("INDEX \(index)") }, "plan: \(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN") }, "plan: \(plan)")
        }
        // Any case, and the name as stored.
        #expect(try db.person("ROMANO PRODI").name == "Romano Prodi")
    }

    @Test("Window and upcoming queries use the span index, not a table scan")
    func queryPlan() throws {
        let db = try seededDatabase()
        let window = EventFilter.window(from: instant("2023-03-01T00:00:00Z"), to: instant("2023-04-01T00:00:00Z"))
        for filter in [EventFilter(window: window), EventFilter(window: window, statuses: [.confirmed, .tentative]),
                       EventFilter(window: window, committees: ["ACR"])] {
            let plan = try db.windowQueryPlan(filter)
            // One covering range scan per length class, and no scan of the whole table.
            #expect(plan.filter { $0.contains("SEARCH event USING COVERING INDEX event_class_span (span_class=? AND span_start>? AND span_start<?)") }.count
                    == SpanClass.longest.count, "plan: \(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN e") || $0.hasPrefix("SCAN event") }, "plan: \(plan)")
        }
    }

    @Test("A summary read of a window (a table's listing) reads the covering index and no table row")
    func summaryPlan() throws {
        let db = try seededDatabase()
        let window = EventFilter.window(from: instant("2023-02-01T00:00:00Z"), to: instant("2023-11-01T00:00:00Z"))
        for var filter in [EventFilter(window: window), EventFilter(window: window, statuses: [.confirmed, .tentative]),
                           EventFilter(window: window, committees: ["acr"], classifications: [.public])] {
            filter.withDetails = false
            let plan = try db.windowQueryPlan(filter)
            #expect(plan.filter { $0.contains("USING COVERING INDEX event_class_span (span_class=? AND span_start>? AND span_start<?)") }.count
                    == SpanClass.longest.count, "plan: \(plan)")
            // The only row lookups are of the (small) committee table.
            #expect(!plan.contains { $0.contains("INTEGER PRIMARY KEY") && !$0.hasPrefix("SEARCH c ") }, "plan: \(plan)")
            // The one scan is of the index ranges' union (the co-routine `e`), never of a table.
            #expect(plan.first == "CO-ROUTINE e" && plan.filter { $0.hasPrefix("SCAN") } == ["SCAN e"], "plan: \(plan)")
            // The same events, in the same order, with what a table shows.
            var full = filter
            full.withDetails = true
            let summary = try db.events(filter), detailed = try db.events(full)
            #expect(!summary.isEmpty)
            #expect(summary.map(\.id) == detailed.map(\.id))
            for (s, d) in zip(summary, detailed) {
                #expect(s.uid == d.uid && s.title == d.title && s.schedule == d.schedule && s.status == d.status
                        && s.classification == d.classification && s.committee == d.committee
                        && s.location == d.location && s.kind == d.kind)
                #expect(s.notes == nil && s.participants.isEmpty)
            }
        }
    }

    @Test("A window over a large agenda reads only the events near it", .timeLimit(.minutes(2)))
    func largeAgenda() throws {
        let db = try freshDatabase()
        // 50,000 events, one every three hours from 2020 on.
        let base = 1_577_836_800
        try insertMeetings(db, (0..<50_000).map { i in ("gen-\(i)-uid", "UTC", base + i * 10_800, base + i * 10_800 + 3600) })
        let w = EventFilter.window(from: instant("2024-01-01T00:00:00Z"), to: instant("2024-01-02T00:00:00Z"))
        let events = try db.events(EventFilter(window: w))
        #expect(events.count == 8)
        let plan = try db.windowQueryPlan(EventFilter(window: w))
        #expect(plan.contains { $0.contains("event_class_span") }, "plan: \(plan)")
    }

    @Test("Events of the same span are listed and streamed in UID order, never sorted by SQLite, zones first")
    func uidOrder() throws {
        let db = try freshDatabase()
        // Stored in the reverse of their UIDs' order, with two other spans around them; one in another zone.
        let s = 1_677_744_000  // 2023-03-02T08:00:00Z
        try insertMeetings(db, [("d@x", "UTC", s, s + 3600), ("c@x", "UTC", s, s + 3600), ("b@x", "Asia/Bangkok", s, s + 3600),
                                ("a@x", "UTC", s, s + 3600), ("z@x", "UTC", s - 3600, s), ("0@x", "UTC", s + 3600, s + 7200)])
        let expected = ["z@x", "a@x", "b@x", "c@x", "d@x", "0@x"]
        #expect(try db.events(EventFilter()).map(\.uid) == expected)
        let w = EventFilter.window(from: instant("2023-03-01T00:00:00Z"), to: instant("2023-03-03T00:00:00Z"))
        #expect(try db.events(EventFilter(window: w)).map(\.uid) == expected)
        #expect(try streamedParts(db).parts == ["zones Asia/Bangkok,UTC"] + expected)
        // Neither the listing's nor the feed's query sorts: the index holds the order.
        let (whereSQL, args) = AgendaDatabase.whereClause(EventFilter(), includingSeries: true)
        let plan = try db.writer.read { conn in
            try Row.fetchAll(conn, sql: """
                EXPLAIN QUERY PLAN \(AgendaDatabase.eventSelect) WHERE \(whereSQL) ORDER BY \(AgendaDatabase.eventOrder)
                """, arguments: args).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("USING INDEX event_span") }, "plan: \(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "plan: \(plan)")
    }

    @Test("A read by ids looks each up by its key and is one statement however many ids there are")
    func readByIDs() throws {
        let db = try AgendaDatabase.inMemory(clock: { fixedNow })
        try insertMeetings(db, (0..<40).map { ("m\($0)@x", "Europe/Rome", 1_700_000_000 + $0 * 3600, 1_700_001_800 + $0 * 3600) })
        let all = try db.events(EventFilter())
        let wanted = Array(all.compactMap(\.id).shuffled().prefix(25))
        let many = (0..<5_000).map { Int64($0) } + wanted
        let (sql, args) = AgendaDatabase.readSQL(EventFilter.byIDs(many))
        #expect(sql == AgendaDatabase.readSQL(EventFilter.byIDs([1])).sql)
        #expect(!sql.contains("?,"), "one placeholder for all the ids: \(sql)")
        let plan = try db.writer.read { conn in
            try Row.fetchAll(conn, sql: "EXPLAIN QUERY PLAN \(sql)", arguments: args).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("SEARCH e USING INTEGER PRIMARY KEY") }, "plan: \(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN e") }, "plan: \(plan)")
        #expect(Set(try db.events(EventFilter.byIDs(many)).compactMap(\.id)) == Set(all.compactMap(\.id)))
        #expect(Set(try db.events(EventFilter.byIDs(wanted)).compactMap(\.id)) == Set(wanted))
    }

    @Test("A stream's zones are read beside its events from the same snapshot, or by the reader when a commit fell between")
    func sharedZones() throws {
        let path = temporaryPath()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let db = try AgendaDatabase.open(path: path, access: .write, clock: { fixedNow })
        try insertMeetings(db, [("a@x", "UTC"), ("b@x", "Asia/Bangkok"), ("c@x", "Europe/Rome")].enumerated().map { i, m in
            (m.0, m.1, 1_677_747_600 + i * 60, 1_677_751_200 + i * 60)
        })
        func stream(_ beforeSharing: (() throws -> Void)?) throws -> (shared: Bool, parts: [String]) {
            try streamedParts(db, beforeSharing: beforeSharing) { "\($0.uid) \($0.schedule.timeZone)" }
        }
        let expected = ["zones Asia/Bangkok,Europe/Rome,UTC", "a@x UTC", "b@x Asia/Bangkok", "c@x Europe/Rome"]
        // Nothing written meanwhile: the second connection reads the zones.
        let quiet = try stream(nil)
        #expect(quiet.shared && quiet.parts == expected)
        // Another process moves an event to another zone after the reader's snapshot was taken, before the second
        // connection's: the snapshots differ, and the reader's zones (Rome included) go with the reader's events.
        let other = try AgendaDatabase.open(path: path, access: .write)
        let busy = try stream {
            try other.writer.write { try $0.execute(sql: "UPDATE event SET time_zone = 'America/New_York' WHERE uid = 'c@x'") }
        }
        #expect(!busy.shared && busy.parts == expected)
        // The next stream sees the change, zones and events alike.
        let after = try stream(nil)
        #expect(after.shared && after.parts == ["zones America/New_York,Asia/Bangkok,UTC", "a@x UTC", "b@x Asia/Bangkok",
                                                "c@x America/New_York"])
        // A database in memory has no second connection.
        let memory = try freshDatabase()
        #expect(try !memory.streamEvents(EventFilter(), zones: true, batchSize: 2, beforeSharing: nil) { _ in })
    }

    @Test("Rows read stay proportional to rows returned, with many year-, quarter- and month-long items")
    func rowsRead() throws {
        let db = try freshDatabase()
        try db.writer.write { conn in
            let stmt = try conn.makeStatement(sql: """
                INSERT INTO event(uid, kind, title, status, precision, local_start, local_end, time_zone, span_start,
                                  span_end, created_at, modified_at, span_class)
                VALUES (?, 'meeting', 'x', 'confirmed', ?, ?, ?, 'UTC', ?, ?, 0, 0, ?)
                """)
            let base = 1_577_836_800  // 2020-01-01
            var n = 0
            func add(_ precision: String, _ s: Int, _ length: Int) throws {
                let a = LocalDateTime(wallSeconds: s), b = LocalDateTime(wallSeconds: s + length)
                let start = precision == "timed" ? a.description : a.date.description
                let end: String? = precision == "timed" ? b.description : precision == "date" ? b.date.adding(days: -1).description : nil
                let text = precision == "year" ? String(start.prefix(4)) : precision == "month" ? String(start.prefix(7)) : precision == "quarter" ? String(start.prefix(4)) + "-Q1" : start
                try stmt.execute(arguments: ["u-\(n)-xxxxxxxx", precision, text, end, s, s + length, SpanClass.of(length)])
                n += 1
            }
            for i in 0..<20_000 { try add("timed", base + i * 7_200, 3_600) }          // two-hourly meetings
            for i in 0..<4_000 { try add("year", base + (i % 2000) * 86_400, 365 * 86_400) }
            for i in 0..<4_000 { try add("quarter", base + (i % 1500) * 86_400, 91 * 86_400) }
            for i in 0..<4_000 { try add("month", base + (i % 1500) * 86_400, 30 * 86_400) }
            for i in 0..<4_000 { try add("date", base + (i % 1500) * 86_400, 86_400) }
        }
        let week = EventFilter.window(from: instant("2021-06-01T00:00:00Z"), to: instant("2021-06-08T00:00:00Z"))
        let cost = try db.windowCost(week)
        #expect(cost.returned == (try db.events(EventFilter(window: week))).count)
        #expect(cost.returned > 1_000)
        #expect(cost.read <= 2 * cost.returned, "read \(cost.read) index entries for \(cost.returned) events")
        // A single scan bounded by the longest span (400 days) would read several times more.
        let naive = try db.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM event WHERE span_start < ? AND span_start >= ?",
                                                          arguments: [week.upperBound, week.lowerBound - Schedule.maximumSpanSeconds]) ?? 0 }
        #expect(naive > 3 * cost.read, "naive \(naive), classed \(cost.read)")
    }

    @Test("The schema's span classes and SpanClass agree at every boundary")
    func spanClassBoundaries() throws {
        let db = try freshDatabase()
        try db.writer.write { conn in
            var n = 0
            for bound in SpanClass.longest {
                for length in [bound - 1, bound, bound + 1] where length <= Schedule.maximumSpanSeconds {
                    let s = 1_700_000_000
                    try conn.execute(sql: """
                        INSERT INTO event(uid, kind, title, status, precision, local_start, local_end, time_zone,
                                          span_start, span_end, created_at, modified_at, span_class)
                        VALUES (?, 'meeting', 'x', 'confirmed', 'timed', '2023-11-14T22:13', '2023-11-15T22:13', 'UTC', ?, ?, 0, 0, ?)
                        """, arguments: ["b-\(n)-xxxxxxxx", s, s + length, SpanClass.of(length)])
                    n += 1
                    // Any other class is refused by the schema.
                    #expect(throws: DatabaseError.self) {
                        try conn.execute(sql: """
                            INSERT INTO event(uid, kind, title, status, precision, local_start, local_end, time_zone,
                                              span_start, span_end, created_at, modified_at, span_class)
                            VALUES (?, 'meeting', 'x', 'confirmed', 'timed', '2023-11-14T22:13', '2023-11-15T22:13', 'UTC', ?, ?, 0, 0, ?)
                            """, arguments: ["c-\(n)-xxxxxxxx", s, s + length, SpanClass.of(length) + 1])
                    }
                }
            }
        }
    }
}
