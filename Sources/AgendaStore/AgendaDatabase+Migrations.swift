import AgendaCore
import Foundation
import GRDB

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
            }
        }
        return migrator
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
    func migrate() throws {
        // An up-to-date file is left untouched: a command that fails must not change a byte of it.
        if try isUpToDate() { return }
        // Several processes may meet a new file at once: the ones that lose the race for a migration fail with a
        // busy or "already exists" error, and `open` tries again, finding the work done. (No lock of our own on
        // the file: closing another descriptor of it would drop SQLite's POSIX locks.)
        try AgendaDatabase.migrator.migrate(writer)
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
