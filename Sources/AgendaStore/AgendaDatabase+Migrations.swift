import AgendaCore
import Foundation
import GRDB
import ICalendar

extension AgendaDatabase {
    /// The schema migrations embedded in the binary, in order: (identifier, SQL).
    public static var migrations: [(id: String, sql: String)] {
        Embedded.files
            .filter { $0.name.hasPrefix("Schema/") && $0.name.hasSuffix(".sql") }
            .sorted { $0.name < $1.name }
            .map { file in
                let id = String(file.name.dropFirst("Schema/".count).dropLast(".sql".count))
                return (id, String(decoding: Data(base64Encoded: file.base64)!, as: UTF8.self))
            }
    }

    /// A seed file embedded in the binary, by name (`acr-2023.json`).
    public static func embeddedSeed(_ name: String) -> Data? {
        Embedded.files.first { $0.name == "seeds/" + name }.flatMap { Data(base64Encoded: $0.base64) }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.id) { db in
                try db.execute(sql: migration.sql)
                try followUps[migration.id]?(db)
            }
        }
        return migrator
    }

    /// What follows a migration's SQL, in the same transaction, for the rows already there: what SQL alone cannot
    /// compute. Each reads only the tables and columns its migration knows.
    static let followUps: [String: @Sendable (Database) throws -> Void] = [
        "0008_series_occurrence_starts": tableOccurrenceStarts,
    ]

    /// Tables the occurrence starts of the series already stored (0008), as new series get them when written.
    /// A series whose rule or zone does not read is left untabled: windows expand it, and report it, as before.
    static func tableOccurrenceStarts(_ db: Database) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT s.event_id AS event_id, s.rrule AS rrule, s.rdates AS rdates, s.exdates AS exdates,
                   e.precision AS precision, e.local_start AS start, e.time_zone AS zone
            FROM event_series s JOIN event e ON e.id = s.event_id
            """)
        let update = try db.makeStatement(sql: "UPDATE event_series SET occurrence_starts = ? WHERE event_id = ?")
        var zones: [String: TimeZone] = [:]
        for row in rows {
            guard let (series, set) = recurrenceSet(row, zones: &zones), let first = try? set.prefix(series.tablingPrefix),
                  let starts = series.tabledStarts(first) else { continue }
            try update.execute(arguments: [OccurrenceStarts.encode(starts), row["event_id"] as Int64])
        }
    }

    /// Whether every migration this binary knows is applied; refuses a file written by a newer binary.
    func isUpToDate() throws -> Bool {
        let migrator = AgendaDatabase.migrator
        let (superseded, complete) = try writer.read { db in
            (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db))
        }
        if superseded {
            throw AgendaError.database(
                "the database was written by a newer version of agenda (it has migrations this binary does not know); upgrade agenda")
        }
        return complete
    }

    /// Applies the migrations this binary knows that the file lacks; refuses a file written by a newer binary.
    /// Then readies the writing connection for this store's writes (`stampRotationChangesWithClock`).
    func migrate() throws {
        // An up-to-date file is left untouched: a command that fails must not change a byte of it.
        if try !isUpToDate() {
            // Several processes may meet a new file at once: the ones that lose the race for a migration fail with
            // a busy or "already exists" error, and `open` tries again, finding the work done. (No lock of our own
            // on the file: closing another descriptor of it would drop SQLite's POSIX locks.)
            try AgendaDatabase.migrator.migrate(writer)
        }
        try stampRotationChangesWithClock()
    }

    /// The schema's triggers stamp a committee's `rotation_modified_at` with SQLite's own clock (`unixepoch()`), so
    /// that any program writing the rotation tables keeps it right. This store's writes take its injected clock
    /// instead (`AGENDA_NOW` in the CLI: reproducible feeds): on the writing connection, a temporary trigger
    /// (nothing is written to the file) stamps the change again with `agenda_now()`, the clock's seconds.
    func stampRotationChangesWithClock() throws {
        let clock = self.clock
        try writer.writeWithoutTransaction { db in
            db.add(function: DatabaseFunction("agenda_now", argumentCount: 0, pure: false) { _ in
                Int64(clock().timeIntervalSince1970.rounded(.down))
            })
            try db.execute(sql: """
                CREATE TEMP TRIGGER IF NOT EXISTS agenda_rotation_clock AFTER UPDATE OF rotation_modified_at ON main.committee
                WHEN NEW.rotation_modified_at IS NOT agenda_now()
                BEGIN
                    UPDATE committee SET rotation_modified_at = agenda_now() WHERE id = NEW.id;
                END
                """)
        }
    }

    /// Refuses, for reading, a file whose schema this binary would migrate or does not know.
    func checkUpToDate(path: String) throws {
        if try !isUpToDate() {
            throw AgendaError.database("the database '\(path)' has an older schema: upgrade it with 'agenda init --db \(path)'")
        }
    }

    /// Identifiers of the migrations applied to the file.
    public func appliedMigrations() throws -> [String] {
        try read { db in try AgendaDatabase.migrator.appliedIdentifiers(db).sorted() }
    }
}
