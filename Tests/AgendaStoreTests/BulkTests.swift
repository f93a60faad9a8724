import AgendaCore
import Foundation
import GRDB
import ICalendar
import Testing
@testable import AgendaStore

@Suite("Bulk writes build the event indexes once, at the end")
struct BulkTests {
    func indexes(_ db: AgendaDatabase) throws -> [String: String] {
        try db.writer.read { conn in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(conn, sql: """
                SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
                """).map { ($0["name"] as String, $0["sql"] as String) })
        }
    }

    @Test("A bulk upsert leaves every index as the schema defines it, the data intact, and windows use the index")
    func bulkUpsert() throws {
        let db = try seededDatabase()
        let before = try indexes(db)
        let items = (0..<6000).lazy.map { ImportItem.event(SyntheticAgenda.event($0, committee: "ACR")) }
        let results = try db.upsert(items, bulk: true)
        #expect(results.count == 6000 && results.allSatisfy { (try? $0.get()) == .added })
        #expect(try indexes(db) == before)
        try db.writer.read { conn in
            #expect(try String.fetchOne(conn, sql: "PRAGMA integrity_check") == "ok")
            let plan = try Row.fetchAll(conn, sql: "EXPLAIN QUERY PLAN SELECT id FROM event WHERE span_class = 0 AND span_start < 10 AND span_start >= 0 AND span_end > 5")
                .map { $0["detail"] as String }.joined(separator: "; ")
            #expect(plan.contains("event_class_span"), "\(plan)")
        }
        #expect(try db.eventCount() == 6005)
        // The search index merges as usual again (merging is off during the bulk write only), and finds the
        // events the bulk write brought.
        try db.writer.read { conn in
            let config = Dictionary(uniqueKeysWithValues: try Row.fetchAll(conn, sql: "SELECT k, v FROM search_index_config")
                .map { ($0["k"] as String, $0["v"] as Int?) })
            #expect(config["automerge"] == 4 && config["crisismerge"] == 16 && config["hashsize"] == 1_048_576, "\(config)")
        }
        #expect(try db.search(SyntheticAgenda.event(5999, committee: "ACR").title).contains { $0.kind == .event })
    }

    @Test("Outcomes come back one at a time, in order, each with the tag its item was read with")
    func tagged() throws {
        let db = try seededDatabase()
        var items: [(ImportItem, Int)] = (0..<10).map { (.event(SyntheticAgenda.event($0, committee: "ACR")), $0) }
        var untitled = SyntheticAgenda.event(10, committee: "ACR")
        untitled.title = " "  // refused: an event needs a title
        items.insert((.event(untitled), 10), at: 4)
        var seen: [(tag: Int, added: Bool)] = []
        try db.upsert(tagged: items) { tag, outcome in seen.append((tag, (try? outcome.get()) == .added)) }
        #expect(seen.map(\.tag) == [0, 1, 2, 3, 10, 4, 5, 6, 7, 8, 9])
        #expect(seen.map(\.added) == [true, true, true, true, false, true, true, true, true, true, true])
        #expect(try db.eventCount() == 15)
    }

    @Test("IDSet: dense ids as bits, far ones in a hash set; each insert says whether it was new")
    func idSet() {
        var set = IDSet()
        for id: Int64 in [1, 64, 65, 1_000_000, (1 << 26) - 1, 1 << 26, Int64.max, -3] {
            let new = set.insert(id), again = set.insert(id)
            #expect(new, "\(id) is new")
            #expect(!again, "\(id) was there")
        }
        let others = [set.insert(2), set.insert(63), set.insert(999_999), set.insert(1)]
        #expect(others == [true, true, true, false])
    }

    @Test("A bulk upsert that is rolled back (a dry run, or abandoned) leaves the indexes and the data as they were")
    func rolledBack() throws {
        let db = try seededDatabase()
        let before = try indexes(db)
        let items = (0..<200).lazy.map { ImportItem.event(SyntheticAgenda.event($0, committee: "ACR")) }
        _ = try db.upsert(items, dryRun: true, bulk: true)
        #expect(try indexes(db) == before && db.eventCount() == 5)
        _ = try db.upsert(items, bulk: true, abandoned: { true })
        #expect(try indexes(db) == before && db.eventCount() == 5)
    }
}

@Suite("An import's search entries are written in batches between items")
struct SearchBatchTests {
    /// Synthetic event `i` with a word of its own in the title (`kw<i><suffix>`), and a series when `series`.
    func item(_ i: Int, suffix: String, sequence: Int = 0, series: Bool = false) throws -> ImportItem {
        var e = SyntheticAgenda.event(i, committee: "ACR")
        e.title = "Riunione kw\(i)\(suffix)"
        e.sequence = sequence
        if series { e.series = Series(rule: try RecurrenceRule(parsing: "FREQ=WEEKLY;COUNT=3")) }
        return .event(e)
    }

    func hits(_ db: AgendaDatabase, _ word: String) throws -> Int {
        try db.search(word).filter { $0.kind == .event }.count
    }

    @Test("Items refused after their entry was made leave none behind; every other event is found, across batches, and a newer revision replaces its entry")
    func refusedAndReplaced() throws {
        let db = try seededDatabase()
        // Series rows are refused by the database (after the event's search entry is made, as a CHECK failing
        // late would be): each such item rolls back whole.
        try db.writer.write { conn in
            try conn.execute(sql: """
                CREATE TEMP TRIGGER refuse_series BEFORE INSERT ON main.event_series
                BEGIN SELECT RAISE(ABORT, 'refused for the test'); END
                """)
        }
        let seeded = try db.eventCount()
        let n = 2_600  // three batches of entries
        let refusedItems = Set(stride(from: 50, to: n, by: 100))
        let items = try (0..<n).map { try item($0, suffix: "x", series: refusedItems.contains($0)) }
        let results = try db.upsert(items)
        #expect(results.count == n)
        for (i, r) in results.enumerated() {
            if refusedItems.contains(i) {
                #expect((try? r.get()) == nil, "item \(i) should be refused")
            } else {
                #expect((try? r.get()) == .added, "item \(i): \(r)")
            }
        }
        for i in [0, 49, 50, 999, 1000, 1001, 1950, 2599] {
            #expect(try hits(db, "kw\(i)x") == (refusedItems.contains(i) ? 0 : 1), "kw\(i)x")
        }
        try db.writer.write { conn in
            // The index agrees with its content, and holds one entry per stored event.
            try conn.execute(sql: "INSERT INTO search_index(search_index) VALUES ('integrity-check')")
            let entries = try Int.fetchOne(conn, sql: "SELECT count(*) FROM search_index WHERE entity = 'event'")
            #expect(entries == seeded + n - refusedItems.count)
        }

        // A newer revision of every accepted event, with a new word: the old word is gone, the new one found.
        let updates = try (0..<n).filter { !refusedItems.contains($0) }.map { try item($0, suffix: "y", sequence: 1) }
        let second = try db.upsert(updates)
        #expect(second.allSatisfy { (try? $0.get()) == .updated })
        for i in [0, 999, 1000, 2599] {
            #expect(try hits(db, "kw\(i)x") == 0)
            #expect(try hits(db, "kw\(i)y") == 1)
        }
        try db.writer.write { conn in
            try conn.execute(sql: "INSERT INTO search_index(search_index) VALUES ('integrity-check')")
            #expect(try Int.fetchOne(conn, sql: "SELECT count(*) FROM search_index WHERE entity = 'event'") == seeded + n - refusedItems.count)
        }
    }
}

@Suite("Values bound straight to SQLite")
struct BoundValueTests {
    @Test("Text (empty, Vietnamese, long), integers and NULL are stored as given; a failing CHECK throws GRDB's error")
    func boundAsGiven() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t(a TEXT, b INTEGER, c TEXT CHECK (c IS NULL OR length(c) < 5)) STRICT")
            let insert = try db.cachedStatement(sql: "INSERT INTO t(a, b, c) VALUES (?, ?, ?)")
            let texts = ["", "Đối thoại cấp cao Italy–ASEAN", String(repeating: "Ủy ban ", count: 2_000), "x"]
            for (i, text) in texts.enumerated() {
                try insert.run([.text(text), .int(Int.min + i), i.isMultiple(of: 2) ? .null : BoundValue("ok")])
            }
            let rows = try Row.fetchAll(db, sql: "SELECT a, b, c, typeof(a) AS ta FROM t ORDER BY rowid")
            #expect(rows.map { $0["a"] as String } == texts)
            #expect(rows.map { $0["b"] as Int } == texts.indices.map { Int.min + $0 })
            #expect(rows.map { $0["c"] as String? } == texts.indices.map { $0.isMultiple(of: 2) ? nil : "ok" })
            #expect(rows.allSatisfy { $0["ta"] as String == "text" }, "the empty text is text, not NULL")
            // The statement is reset after each run: GRDB can use it again with its own arguments.
            try insert.execute(arguments: ["grdb", 7, nil])
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == texts.count + 1)
            func failure(_ body: () throws -> Void) -> DatabaseError? {
                do { try body(); return nil } catch { return error as? DatabaseError }
            }
            let ours = failure { try insert.run([.text("bad"), .int(1), .text("too long")]) }
            let grdbs = failure { try insert.execute(arguments: ["bad", 1, "too long"]) }
            #expect(ours?.extendedResultCode == .SQLITE_CONSTRAINT_CHECK)
            #expect(ours?.extendedResultCode == grdbs?.extendedResultCode && ours?.message == grdbs?.message,
                    "\(String(describing: ours)) / \(String(describing: grdbs))")
            #expect(ours.map(AgendaDatabase.translate) == grdbs.map(AgendaDatabase.translate))
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == texts.count + 1)
            // After a failure the statement runs again.
            try insert.run([.text("after"), .null, .null])
            #expect(try String.fetchOne(db, sql: "SELECT a FROM t ORDER BY rowid DESC LIMIT 1") == "after")
        }
    }
}
