import AgendaCore
import Foundation
import GRDB

/// The agenda's database: owns the connection and the migrator, and offers named operations (each one
/// transaction) and focused reads. Share it freely: it is a `Sendable` value.
public struct AgendaDatabase: Sendable {
    let writer: any DatabaseWriter
    /// "Now", injected so that tests and exports are deterministic.
    public let clock: @Sendable () -> Date

    /// How a front end means to use the file.
    public enum Access: Sendable {
        /// Reads only: the file must exist and be an up-to-date agenda database; nothing is created, migrated or
        /// changed (a read-only file or folder can be read).
        case read
        /// Reads and writes: a missing file is created, an older schema is migrated.
        case write
    }

    /// The `application_id` the schema sets ('AGND'): an SQLite file without it is not ours.
    public static let applicationID: Int32 = 1_095_192_132

    /// Opens the database file at `path`. Another application's SQLite file is refused untouched; with `.write`,
    /// a missing file is created (with its folder) and migrated, in WAL mode with a busy timeout so that several
    /// processes can share it; concurrent first use by several processes is safe.
    public static func open(path: String, access: Access, configuration: StoreConfiguration = StoreConfiguration(),
                            clock: @escaping @Sendable () -> Date = { Date() }) throws -> AgendaDatabase {
        try checkFile(path, access: access)
        switch access {
        case .read:
            return try openForReading(path: path, configuration: configuration, clock: clock)
        case .write:
            let url = URL(fileURLWithPath: path)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // Several processes may create the same new file at once: the losers of a race for the schema or the
            // WAL switch wait and try again (each attempt is all or nothing).
            var attempt = 0
            while true {
                do {
                    return try openForWriting(path: path, configuration: configuration, clock: clock)
                } catch let error as DatabaseError where attempt < 20 && Self.isRace(error) {
                    attempt += 1
                    usleep(useconds_t(20_000 * attempt))
                }
            }
        }
    }

    /// The checks made before SQLite sees the file at `path`: a path, not a folder; a file that exists, for a
    /// read; and one that is empty or SQLite's (`fileHeader`). Returns whether the file exists.
    @discardableResult
    static func checkFile(_ path: String, access: Access) throws -> Bool {
        guard !path.isEmpty else {
            throw AgendaError.invalid(field: "database path", value: path, expected: "the path of a database file")
        }
        // One stat (a symbolic link to a file is followed) says what is there.
        var status = stat()
        guard stat(path, &status) == 0 else {
            if access == .read { throw AgendaError.missing(path) }
            return false
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw AgendaError.invalid(field: "database path", value: path, expected: "a file, not a folder")
        // A device or a pipe is no database: opening a FIFO waits for a writer forever, and SQLite fails on a
        // device with "disk I/O error".
        default: throw AgendaError.invalid(field: "database path", value: path, expected: "a file, not a device or a pipe")
        }
        switch fileHeader(path) {
        case .sqlite, .unreadable: break
        case .foreign: throw notAnAgendaDatabase(path)
        // An empty file with nothing in a WAL beside it holds no agenda yet: a read says how to make one.
        case .empty: if access == .read, fileSize(path + "-wal") ?? 0 == 0 { throw AgendaError.missing(path) }
        }
        return true
    }

    /// What the first bytes of an existing file say it is.
    enum FileHeader { case empty, sqlite, foreign, unreadable }

    /// SQLite reads a file shorter than its 100-byte header as an empty database, so a short file of anything else
    /// would be taken for a new one and overwritten by a write: a file that is not empty must begin with SQLite's
    /// own header. (A file we cannot read is left to SQLite, whose error then says so.)
    static func fileHeader(_ path: String) -> FileHeader {
        guard let handle = FileHandle(forReadingAtPath: path) else { return .unreadable }
        defer { try? handle.close() }
        let bytes: Data
        do {
            // nil at the end of the file.
            guard let read = try handle.read(upToCount: 16), !read.isEmpty else { return .empty }
            bytes = read
        } catch {
            return .unreadable
        }
        return bytes.elementsEqual(Array("SQLite format 3".utf8) + [0]) ? .sqlite : .foreign
    }

    /// Whether the file at `path` begins with SQLite's header (an output must never replace one).
    public static func isSQLiteFile(_ path: String) -> Bool { fileHeader(path) == .sqlite }

    /// The size of the file at `path`, nil when there is none.
    static func fileSize(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
    }

    /// A failure that means another process migrated the file meanwhile (the migration's transaction rolled back;
    /// a new attempt finds the work done): busy or locked, a table created or dropped under us, or a migration that
    /// rebuilt a table again and then found its own identifier already recorded.
    static func isRace(_ error: DatabaseError) -> Bool {
        let message = error.message ?? ""
        return error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
            || message.contains("already exists") || message.contains("no such table")
            || message.contains("duplicate column") || message.contains("grdb_migrations.identifier")
    }

    static func openForWriting(path: String, configuration store: StoreConfiguration,
                               clock: @escaping @Sendable () -> Date) throws -> AgendaDatabase {
        do {
            // A queue rather than a pool: GRDB's DatabasePool writes a dummy table on open when no WAL file
            // exists, and a command that fails must leave the file byte-for-byte as it was. WAL is set below.
            var config = configuration(store)
            config.prepareDatabase { db in
                try AgendaDatabase.checkIdentity(db, path: path)
                if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                }
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            let queue = try DatabaseQueue(path: path, configuration: config)
            let db = AgendaDatabase(writer: queue, clock: clock)
            try db.migrate()
            return db
        } catch let error as DatabaseError where isRace(error) {
            throw error
        } catch let error as DatabaseError {
            throw AgendaDatabase.describe(error, path: path)
        }
    }

    static func openForReading(path: String, configuration store: StoreConfiguration,
                               clock: @escaping @Sendable () -> Date) throws -> AgendaDatabase {
        var oneOff = store
        oneOff.cacheKiB = store.readCacheKiB
        func attempt(_ location: String) throws -> AgendaDatabase {
            let queue = try DatabaseQueue(path: location, configuration: readingConfiguration(oneOff, path: path))
            let db = AgendaDatabase(writer: queue, clock: clock)
            try db.checkUpToDate(path: path)
            return db
        }
        do {
            return try attempt(path)
        } catch let error as DatabaseError where [.SQLITE_CANTOPEN, .SQLITE_READONLY].contains(error.resultCode) {
            // A WAL database in a folder we cannot write to (no -shm can be made): read the file as it stands.
            do {
                var allowed = CharacterSet.urlPathAllowed
                allowed.remove(charactersIn: "?#%")
                let escaped = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
                return try attempt("file:\(escaped)?immutable=1")
            } catch let error as DatabaseError {
                throw AgendaDatabase.describe(error, path: path)
            }
        } catch let error as DatabaseError {
            throw AgendaDatabase.describe(error, path: path)
        }
    }

    /// The configuration of read-only connections: the file is checked to be ours before anything is read.
    static func readingConfiguration(_ store: StoreConfiguration, path: String) -> Configuration {
        var config = configuration(store)
        config.readonly = true
        config.prepareDatabase { db in
            try AgendaDatabase.checkIdentity(db, path: path)
            // Reads may map the file rather than copy its pages (a window touches scattered rows).
            try db.execute(sql: "PRAGMA mmap_size = \(store.mmapBytes)")
        }
        return config
    }

    /// Refuses, before anything is written, a file that is neither empty nor an agenda database.
    static func checkIdentity(_ db: Database, path: String) throws {
        let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        if id == applicationID { return }
        let notOurs = AgendaError.database(
            "'\(path)' is an SQLite database of another application, not an agenda database; it was left untouched")
        guard id == 0 else { throw notOurs }
        // A new file, or one another agenda process is creating right now (its migration table comes first).
        let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE name <> 'grdb_migrations' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'") ?? 0
        if tables == 0 { return }
        // Files from before the application id was set: ours when the migration table names our first schema.
        let ours = try Bool.fetchOne(db, sql: """
            SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'grdb_migrations'
            """) == true && (try Bool.fetchOne(db, sql: "SELECT 1 FROM grdb_migrations WHERE identifier = '0001_init'") == true)
        if !ours { throw notOurs }
    }

    /// A private database in memory, for tests and the demo.
    public static func inMemory(clock: @escaping @Sendable () -> Date = { Date() }) throws -> AgendaDatabase {
        let queue = try DatabaseQueue(configuration: configuration(StoreConfiguration()))
        let db = AgendaDatabase(writer: queue, clock: clock)
        try db.migrate()
        return db
    }

    /// A database over any GRDB writer: a `DatabasePool` for a long-running server (concurrent readers in WAL),
    /// a `DatabaseQueue` for the CLI. Migrates it; use `configuration(_:)` for the writer's configuration.
    public init(writer: any DatabaseWriter, migrating: Bool, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.init(writer: writer, clock: clock)
        if migrating { try migrate() }
    }

    init(writer: any DatabaseWriter, clock: @escaping @Sendable () -> Date) {
        self.writer = writer
        self.clock = clock
    }

    /// The GRDB configuration the store needs: foreign keys, the busy timeout, a bounded page cache.
    public static func configuration(_ store: StoreConfiguration) -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(store.busyTimeout)
        config.label = "agenda"
        let cache = store.cacheKiB
        config.prepareDatabase { db in
            // A bounded page cache: large exports stream in constant memory. (Memory-mapping the file was
            // measured no faster, and its pages count against the process.)
            try db.execute(sql: "PRAGMA cache_size = -\(cache)")
        }
        return config
    }

    /// A file that is not SQLite, or is damaged.
    static func notAnAgendaDatabase(_ path: String) -> AgendaError {
        .database("'\(path)' is not an agenda database (not SQLite, or corrupt); it was left untouched")
    }

    /// Turns low-level failures on open into one line that says what is wrong with the file.
    static func describe(_ error: DatabaseError, path: String) -> AgendaError {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            notAnAgendaDatabase(path)
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

    /// Runs `body` with the writer and no transaction of its own (for code that manages its transaction and
    /// savepoints itself).
    func writeWithoutTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.writeWithoutTransaction(body)
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
            let field = SchemaRule.field(message)
            return .invalid(field: field, value: "(as given)", expected: "a value the agenda's rules accept for \(field)")
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return .conflict("refers to something that does not exist, or that is still referred to")
        default:
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return .database("the database is locked by another process; try again when it is done")
            case .SQLITE_READONLY:
                return .database("the database is read-only; nothing was changed")
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return .database("the database is corrupt (\(error.resultCode))")
            default:
                return .database("the database failed (\(error.resultCode)); nothing was changed")
            }
        }
    }
}
