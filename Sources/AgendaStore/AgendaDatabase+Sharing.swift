import AgendaCore
import Foundation
import GRDB

extension AgendaDatabase {
    /// Opens an existing, up-to-date database for a long-running reader such as `agenda serve`: a read-only
    /// `DatabasePool`, so that many requests read at once (WAL readers) while CLI processes write to the same file.
    /// Nothing is created, migrated or changed.
    public static func openShared(path: String, configuration store: StoreConfiguration = StoreConfiguration(),
                                  clock: @escaping @Sendable () -> Date = { Date() }) throws -> AgendaDatabase {
        try checkFile(path, access: .read)
        do {
            var config = readingConfiguration(store, path: path)
            config.maximumReaderCount = 4
            let pool = try DatabasePool(path: path, configuration: config)
            let db = AgendaDatabase(writer: pool, clock: clock)
            try db.checkUpToDate(path: path)
            return db
        } catch let error as DatabaseError {
            throw AgendaDatabase.describe(error, path: path)
        }
    }

    /// A value that changes whenever anything is committed to the database, by this process or another: SQLite's
    /// `data_version` (commits of other connections) with this connection's own change count. Costs one pragma;
    /// caches of rendered output are keyed by it.
    public func changeToken() throws -> ChangeToken {
        try writer.writeWithoutTransaction { db in
            let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT total_changes() AS t"))!
            let version = try Int.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
            return ChangeToken(dataVersion: version, ownChanges: row["t"])
        }
    }
}

/// See `AgendaDatabase.changeToken()`: equal tokens mean nothing was committed in between.
public struct ChangeToken: Sendable, Hashable {
    public var dataVersion: Int
    public var ownChanges: Int
}
