import AgendaCore
import Foundation
import GRDB
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
