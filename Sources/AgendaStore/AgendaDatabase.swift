import AgendaCore
import Foundation
import GRDB

/// The agenda's database: owns the connection and the migrator, and offers named operations (each one
/// transaction) and focused reads. Share it freely: it is a `Sendable` value.
public struct AgendaDatabase: Sendable {
    let writer: any DatabaseWriter
    /// "Now", injected so that tests and exports are deterministic.
    public let clock: @Sendable () -> Date

    /// Opens (creating and migrating when needed) the database file at `path`, in WAL mode with a busy timeout
    /// so that several `agenda` processes can share it.
    public static func open(path: String, clock: @escaping @Sendable () -> Date = { Date() }) throws -> AgendaDatabase {
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        do {
            // A queue rather than a pool: GRDB's DatabasePool writes a dummy table on open when no WAL file
            // exists, and a command that fails must leave the file byte-for-byte as it was. WAL is set below.
            var config = configuration()
            config.prepareDatabase { db in
                if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                }
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // A bounded page cache (32 MiB): large exports stream in constant memory. (Memory-mapping the file
                // was measured no faster, and its pages count against the process.)
                try db.execute(sql: "PRAGMA cache_size = -32768")
            }
            let queue = try DatabaseQueue(path: path, configuration: config)
            let db = AgendaDatabase(writer: queue, clock: clock)
            try db.migrate()
            return db
        } catch let error as DatabaseError {
            throw AgendaDatabase.describe(error, path: path)
        }
    }

    /// A private database in memory, for tests and the demo.
    public static func inMemory(clock: @escaping @Sendable () -> Date = { Date() }) throws -> AgendaDatabase {
        let queue = try DatabaseQueue(configuration: configuration())
        let db = AgendaDatabase(writer: queue, clock: clock)
        try db.migrate()
        return db
    }

    static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // Wait up to 30 s for another process's write ($AGENDA_BUSY_TIMEOUT seconds, for scripts and tests).
        let timeout = ProcessInfo.processInfo.environment["AGENDA_BUSY_TIMEOUT"].flatMap(Double.init) ?? 30
        config.busyMode = .timeout(timeout)
        config.label = "agenda"
        return config
    }

    /// Turns low-level failures on open into one line that says what is wrong with the file.
    static func describe(_ error: DatabaseError, path: String) -> AgendaError {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            .database("database '\(path)' is not an agenda database or is corrupt (\(error.resultCode))")
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            .database("database '\(path)' cannot be opened for writing: \(error.message ?? "\(error.resultCode)")")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            .database("database '\(path)' is locked by another process; try again when it is done")
        default:
            .database("database '\(path)': \(error.message ?? "\(error.resultCode)")")
        }
    }

    /// Runs `body` in one write transaction, mapping constraint failures to `AgendaError`s. Nothing is written
    /// when it throws.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch let error as DatabaseError {
            throw AgendaDatabase.translate(error)
        }
    }

    /// Runs `body` on a consistent snapshot.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch let error as DatabaseError {
            throw AgendaDatabase.translate(error)
        }
    }

    static func translate(_ error: DatabaseError) -> AgendaError {
        let message = error.message ?? "\(error.resultCode)"
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_TRIGGER:
            return .conflict(message)
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
            return .conflict("already exists: \(message)")
        case .SQLITE_CONSTRAINT_CHECK:
            return .conflict("rejected by the schema: \(message)")
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return .conflict("refers to something that does not exist, or is still referred to: \(message)")
        default:
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return .database("the database is locked by another process; try again when it is done")
            case .SQLITE_READONLY:
                return .database("the database is read-only: \(message)")
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return .database("the database is corrupt: \(message)")
            default:
                return .database("database error: \(message)")
            }
        }
    }
}
