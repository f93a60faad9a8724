import AgendaCore
import Foundation
import GRDB
import ICalendar
import Testing
@testable import AgendaStore
import TestScratch

@Suite("Migrations and the database file")
struct MigrationTests {
    @Test("A new file is migrated; opening it again applies nothing and keeps the data")
    func migrateTwice() throws {
        let path = temporaryPath()
        let first = try AgendaDatabase.open(path: path, access: .write, clock: { fixedNow })
        #expect(try first.appliedMigrations() == AgendaDatabase.migrations.map(\.id))
        try first.load(AgendaDatabase.embeddedScenario())
        let before = try first.dump()
        let second = try AgendaDatabase.open(path: path, access: .write, clock: { fixedNow })
        #expect(try second.appliedMigrations() == AgendaDatabase.migrations.map(\.id))
        #expect(try second.dump() == before)
    }

    @Test("The schema is embedded in the binary, numbered, and uses STRICT tables")
    func embedded() throws {
        let migrations = AgendaDatabase.migrations
        #expect(migrations.first?.id == "0001_init")
        #expect(migrations.map(\.id) == migrations.map(\.id).sorted())
        #expect(AgendaDatabase.embeddedSeed("acr-2023.json") != nil)
        // Every table of ours is STRICT (GRDB's bookkeeping table and SQLite's own are not ours).
        let db = try AgendaDatabase.open(path: temporaryPath(), access: .write, clock: { fixedNow })
        let loose = try db.writer.read { conn in
            try String.fetchAll(conn, sql: """
                SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND strict = 0
                  AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
                """)
        }
        #expect(loose == [])
    }

    @Test("The file is in WAL mode with foreign keys on")
    func walAndForeignKeys() throws {
        let db = try AgendaDatabase.open(path: temporaryPath(), access: .write, clock: { fixedNow })
        let (mode, fk) = try db.writer.read { conn in
            (try String.fetchOne(conn, sql: "PRAGMA journal_mode"), try Bool.fetchOne(conn, sql: "PRAGMA foreign_keys"))
        }
        #expect(mode == "wal")
        #expect(fk == true)
    }

    @Test("A file written by a newer agenda is refused with a clear message")
    func newerFile() throws {
        let path = temporaryPath()
        _ = try AgendaDatabase.open(path: path, access: .write, clock: { fixedNow })
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('9999_future')") }
        try queue.close()
        #expect(throws: AgendaError.self) { try AgendaDatabase.open(path: path, access: .write) }
        do { _ = try AgendaDatabase.open(path: path, access: .write) } catch let e as AgendaError {
            #expect(e.description.contains("newer version of agenda"))
        }
    }

    @Test("A file that is not a database is refused with a clear message")
    func notADatabase() throws {
        let path = temporaryPath()
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        do {
            _ = try AgendaDatabase.open(path: path, access: .write)
            Issue.record("opened garbage")
        } catch let e as AgendaError {
            #expect(e.description.contains(path))
            #expect(e.description.contains("not an agenda database"))
        }
    }

    @Test("Another application's SQLite file is refused and left byte for byte as it was, for reads and writes")
    func foreignFile() throws {
        let path = temporaryPath()
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes(text) VALUES ('x')") }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for access in [AgendaDatabase.Access.read, .write] {
            do {
                _ = try AgendaDatabase.open(path: path, access: access)
                Issue.record("opened another application's file")
            } catch let e as AgendaError {
                #expect(e.description.contains("another application"))
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("Reading a missing file creates nothing and says how to create one")
    func readMissing() throws {
        let path = temporaryPath()
        #expect(throws: AgendaError.missing(path)) { try AgendaDatabase.open(path: path, access: .read) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("A database in a read-only folder can still be read")
    func readOnlyFolder() throws {
        let dir = scratchDirectory.appendingPathComponent("ro-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/agenda.sqlite"
        let db = try AgendaDatabase.open(path: path, access: .write, clock: { fixedNow })
        try db.load(AgendaDatabase.embeddedScenario())
        try db.writer.close()
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        chmod(path, 0o444)
        chmod(dir, 0o555)
        defer { chmod(dir, 0o755) }
        let reader = try AgendaDatabase.open(path: path, access: .read, clock: { fixedNow })
        #expect(try reader.committees().map(\.code) == ["ACR"])
    }

    @Test("A file of the previous release is refused for reading with the way to upgrade, and upgraded by a write")
    func upgrade() throws {
        let path = temporaryPath("old")
        let queue = try DatabaseQueue(path: path)
        try AgendaDatabase.migrator.migrate(queue, upTo: "0002_rotation")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO committee(code, name, time_zone) VALUES ('ACR', 'ASEAN Committee in Rome', 'Europe/Rome');
                INSERT INTO event(uid, kind, title, status, precision, local_start, local_end, time_zone, span_start, span_end,
                                  committee_id, created_at, modified_at)
                VALUES ('old-event-uid-1', 'meeting', 'ACR meeting', 'confirmed', 'timed', '2023-02-20T10:30', '2023-02-20T12:00',
                        'Europe/Rome', 1676885400, 1676890800, 1, 0, 0);
                """)
        }
        try queue.close()
        do {
            _ = try AgendaDatabase.open(path: path, access: .read)
            Issue.record("read an older schema")
        } catch let e as AgendaError {
            #expect(e.description.contains("agenda init --db \(path)"))
        }
        let db = try AgendaDatabase.open(path: path, access: .write, clock: { fixedNow })
        #expect(try db.appliedMigrations() == AgendaDatabase.migrations.map(\.id))
        let e = try db.event("old-event-uid-1")
        #expect(e.schedule.label == "2023-02-20 10:30–12:00" && e.committee == "ACR")
        let (id, cls) = try db.writer.read { conn in
            (try Int32.fetchOne(conn, sql: "PRAGMA application_id"), try Int.fetchOne(conn, sql: "SELECT span_class FROM event"))
        }
        #expect(id == AgendaDatabase.applicationID)
        #expect(cls == SpanClass.of(5400))
        #expect(try AgendaDatabase.open(path: path, access: .read).events().count == 1)
    }

    @Test("Upgrading to 0008 tables the occurrence starts of the series already stored, as a new series gets them")
    func upgradeTablesSeries() throws {
        let path = temporaryPath("series-0007")
        let db = try AgendaDatabase.open(path: path, access: .write, clock: { fixedNow })
        let rules = ["FREQ=MONTHLY;BYDAY=3TH;COUNT=12", "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260601T000000Z", "FREQ=DAILY",
                     "FREQ=DAILY;COUNT=600"]
        for rule in rules {
            var e = event("Series \(rule)", timed("2026-01-15T10:00", "2026-01-15T12:00", "Europe/Rome"))
            e.series = Series(rule: try RecurrenceRule(parsing: rule), exdates: ["2026-01-21T10:00"])
            try db.addEvent(e)
        }
        var national = event("Quốc khánh", allDay("2026-09-02", nil, "Asia/Ho_Chi_Minh"))
        national.series = Series(rule: try RecurrenceRule(parsing: "FREQ=YEARLY;COUNT=4"))
        try db.addEvent(national)
        let stored = { (q: any DatabaseReader) in
            try q.read { try Row.fetchAll($0, sql: "SELECT event_id, occurrence_starts FROM event_series ORDER BY event_id").map(\.description) }
        }
        let written = try stored(db.writer)
        #expect(try db.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM event_series WHERE occurrence_starts IS NOT NULL") } == 3)
        // The file as 0007 left it: no column, the extent index of 0005, neither 0008 nor 0009 applied.
        try db.writer.writeWithoutTransaction { conn in
            try conn.execute(sql: """
                DROP INDEX event_series_extent;
                CREATE INDEX event_series_extent ON event_series(series_end, series_start);
                ALTER TABLE event_series DROP COLUMN occurrence_starts;
                DELETE FROM grdb_migrations WHERE identifier IN ('0008_series_occurrence_starts', '0009_series_extent_covering');
                """)
        }
        try db.writer.close()
        let upgraded = try AgendaDatabase.open(path: path, access: .write, clock: { fixedNow })
        #expect(try upgraded.appliedMigrations() == AgendaDatabase.migrations.map(\.id))
        #expect(try stored(upgraded.writer) == written)
    }

    @Test("Upgrading to 0010 checks the closed sets without temporary b-trees: rows kept, the same values pass and fail")
    func closedSetsWithoutLists() throws {
        let path = temporaryPath("0009")
        let queue = try DatabaseQueue(path: path)
        try AgendaDatabase.migrator.migrate(queue, upTo: "0009_series_extent_covering")
        let insertEvent = """
            INSERT INTO event(uid, kind, title, status, classification, precision, local_start, local_end, time_zone,
                              span_start, span_end, created_at, modified_at, span_class)
            VALUES (?, 'meeting', 'ACR meeting', 'confirmed', 'public', 'timed', '2023-02-20T10:30', '2023-02-20T12:00',
                    'Europe/Rome', 1676885400, 1676890800, 0, 0, \(SpanClass.of(5400)))
            """
        let insertOverride = """
            INSERT INTO event_override(event_id, recurrence_id, status, modified_at) VALUES (1, '2023-02-27T10:30', ?, 0)
            """
        func temporaryTrees(_ conn: Database, _ sql: String) throws -> Int {
            let parameters = [DatabaseValue](repeating: .null, count: sql.filter { $0 == "?" }.count)
            return try Row.fetchAll(conn, sql: "EXPLAIN " + sql, arguments: StatementArguments(parameters))
                .filter { ($0["opcode"] as String) == "OpenEphemeral" }.count
        }
        let before = try queue.write { conn in
            try conn.execute(sql: insertEvent, arguments: ["acr-2023-02-20@agenda"])
            try conn.execute(sql: insertOverride, arguments: ["cancelled"])
            #expect(try temporaryTrees(conn, insertEvent) == 4, "0009 builds one b-tree a closed set")
            return try Row.fetchAll(conn, sql: "SELECT * FROM event").map(\.description)
        }
        try queue.close()
        let db = try AgendaDatabase.open(path: path, access: .write, clock: { fixedNow })
        #expect(try db.appliedMigrations() == AgendaDatabase.migrations.map(\.id))
        try db.writer.write { conn in
            #expect(try Row.fetchAll(conn, sql: "SELECT * FROM event").map(\.description) == before)
            #expect(try String.fetchOne(conn, sql: "PRAGMA integrity_check") == "ok")
            for table in ["event", "event_override"] {
                let sql = try String.fetchOne(conn, sql: "SELECT sql FROM sqlite_schema WHERE name = ?", arguments: [table]) ?? ""
                #expect(!sql.contains(" IN ("), "\(table) still checks a list")
            }
            #expect(try temporaryTrees(conn, insertEvent) == 0)
            #expect(try temporaryTrees(conn, insertOverride) == 0)
            // Every value of each closed set passes; anything else fails, naming its column.
            let sets: [(column: String, values: [String])] = [
                ("kind", EventKind.allCases.map(\.rawValue)), ("status", EventStatus.allCases.map(\.rawValue)),
                ("classification", Classification.allCases.map(\.rawValue)),
            ]
            for (column, values) in sets {
                for value in values { try conn.execute(sql: "UPDATE event SET \(column) = ?", arguments: [value]) }
                for bad in ["", "Meeting", "maybe", values[0] + " "] {
                    do {
                        try conn.execute(sql: "UPDATE event SET \(column) = ?", arguments: [bad])
                        Issue.record("\(column) = '\(bad)' accepted")
                    } catch let error as DatabaseError {
                        #expect(error.extendedResultCode == .SQLITE_CONSTRAINT_CHECK && error.message?.contains(column) == true)
                    }
                }
            }
            for bad in ["day", "week", "TIMED"] {
                #expect(throws: DatabaseError.self) { try conn.execute(sql: "UPDATE event SET precision = ?", arguments: [bad]) }
            }
            for value in EventStatus.allCases.map(\.rawValue) + [nil] {
                try conn.execute(sql: "UPDATE event_override SET status = ?", arguments: [value])
            }
            #expect(throws: DatabaseError.self) { try conn.execute(sql: "UPDATE event_override SET status = 'maybe'") }
        }
    }
}
