import GRDB

extension AgendaDatabase {
    /// Runs a large write with the secondary indexes of `tables` dropped, and builds them again at the end, inside
    /// the caller's transaction: building an index from sorted keys once is cheaper than inserting each row into
    /// several B-trees in the order the rows arrive (most of a bulk load's SQLite time). The indexes are taken from
    /// the schema itself (`sqlite_master`), so the definitions stay in `Schema/`; UNIQUE constraints' own indexes
    /// stay, so lookups by UID keep working during the write. A failure rolls the drop back with everything else.
    /// The search index is told not to merge its segments while the write lasts (`SearchIndex.withMergesDeferred`).
    static func withIndexesDeferred<T>(_ db: Database, tables: [String], _ body: () throws -> T) throws -> T {
        if tables.isEmpty { return try body() }
        let placeholders = tables.map { _ in "?" }.joined(separator: ",")
        let indexes = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master
            WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(placeholders))
            ORDER BY name
            """, arguments: StatementArguments(tables)).map { (name: $0["name"] as String, sql: $0["sql"] as String) }
        for index in indexes { try db.execute(sql: "DROP INDEX \(index.name.quotedDatabaseIdentifier)") }
        let result = try SearchIndex.withMergesDeferred(db, body)
        for index in indexes { try db.execute(sql: index.sql) }
        return result
    }

    /// The tables an event's rows go to.
    static let eventTables = ["event", "event_participant", "event_topic", "event_series"]

    /// How many events make a write bulk enough to defer the event indexes.
    public static let bulkThreshold = 5_000
}

extension AgendaDatabase {
    /// `Database.inSavepoint` for the items of a write of many, inside its transaction, with the savepoint's
    /// statements prepared once: GRDB's parses `SAVEPOINT` and `RELEASE` again for every item (4 % of an import's
    /// writing thread on the peers' 100,000 events). An error thrown by `body` rolls the item back and is rethrown.
    static func inItemSavepoint(_ db: Database, _ body: () throws -> Database.TransactionCompletion) throws {
        try db.cachedStatement(sql: "SAVEPOINT item").execute()
        let completion: Database.TransactionCompletion
        do {
            completion = try body()
        } catch {
            try? rollBackItem(db)
            throw error
        }
        switch completion {
        case .commit: try db.cachedStatement(sql: "RELEASE SAVEPOINT item").execute()
        case .rollback: try rollBackItem(db)
        }
    }

    private static func rollBackItem(_ db: Database) throws {
        try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT item").execute()
        try db.cachedStatement(sql: "RELEASE SAVEPOINT item").execute()
    }
}
