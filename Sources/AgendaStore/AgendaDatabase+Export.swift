import AgendaCore
import Foundation
import GRDB

extension AgendaDatabase {
    /// For each time zone used by the events of `filter`, the UTC span its VTIMEZONE must cover.
    public func timeZoneSpans(_ filter: EventFilter) throws -> [String: ClosedRange<Int>] {
        try read { db in
            let (whereSQL, args) = Self.whereClause(filter, includingSeries: true)
            var spans: [String: ClosedRange<Int>] = [:]
            // A series covers its whole extent; one that never ends, ten years from its start (beyond that the
            // VTIMEZONE's yearly rules speak for the zone).
            for row in try Row.fetchAll(db, sql: """
                SELECT e.time_zone AS zone, min(min(e.span_start, coalesce(s.series_start, e.span_start))) AS first,
                       max(max(e.span_end, CASE WHEN s.event_id IS NULL THEN e.span_end
                                                ELSE coalesce(s.series_end, s.series_start + 315576000) END)) AS last
                FROM event e LEFT JOIN event_series s ON s.event_id = e.id
                WHERE \(whereSQL) AND e.precision = 'timed' GROUP BY e.time_zone
                """, arguments: args) {
                let lo: Int = row["first"], hi: Int = row["last"]
                spans[row["zone"]] = lo...max(lo, hi)
            }
            return spans
        }
    }

    /// Calls `body` with every event of `filter` in feed order (start, then shorter span, then UID), streaming one
    /// ordered cursor and adding participants and topics `batchSize` events at a time, so that memory does not grow
    /// with the number of events. One snapshot: concurrent writes are not seen.
    /// Internal: `body` runs inside the read, so only the store's own code may be passed.
    func forEachEvent(_ filter: EventFilter, batchSize: Int = 1000, _ body: (Event) throws -> Void) throws {
        try read { db in
            let (whereSQL, args) = Self.whereClause(filter, includingSeries: true)
            let rows = try Row.fetchCursor(db, sql: "\(Self.eventSelect) WHERE \(whereSQL) ORDER BY \(Self.feedOrder)",
                                           arguments: args)
            var batch: [Event] = []
            var index: [Int64: Int] = [:]
            func flush() throws {
                guard !batch.isEmpty else { return }
                try Self.attachDetails(db, to: &batch, index: index)
                for e in batch { try body(e) }
                batch.removeAll(keepingCapacity: true)
                index.removeAll(keepingCapacity: true)
            }
            while let row = try rows.next() {
                let e = try Self.decodeEvent(row)
                index[e.id!] = batch.count
                batch.append(e)
                if batch.count == batchSize { try flush() }
            }
            try flush()
        }
    }

    /// Every committee's recorded chair terms.
    public func allChairTerms() throws -> [ChairTerm] {
        try read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM committee ORDER BY code").flatMap {
                try Self.fetchTerms(db, committeeID: $0)
            }
        }
    }
}

extension AgendaDatabase {
    /// Like `forEachEvent`, but reads the database on a second thread while `body` handles the previous batch, so
    /// that a large export uses both cores. `body` runs on the calling thread, batches in feed order, outside any
    /// transaction; it must not use this database (the reader holds it until the last batch is taken).
    public func streamEventBatches(_ filter: EventFilter, batchSize: Int = 1000, _ body: ([Event]) throws -> Void) throws {
        // The reader lets go of the database as soon as it is done, so that closing it (and checkpointing the WAL)
        // never waits on a finished thread's teardown.
        let holder = DatabaseHolder(self)
        try Pipeline.run(batchSize: 1, capacity: 3, produce: { (emit: ([Event]) throws -> Void) in
            defer { holder.release() }
            guard let db = holder.database else { return }
            var batch: [Event] = []
            try db.forEachEvent(filter, batchSize: batchSize) { e in
                batch.append(e)
                if batch.count == batchSize {
                    try emit(batch)
                    batch = []
                }
            }
            if !batch.isEmpty { try emit(batch) }
        }, consume: body)
    }
}

/// Holds the database for a reader thread until it is released.
final class DatabaseHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var db: AgendaDatabase?
    init(_ db: AgendaDatabase) { self.db = db }
    var database: AgendaDatabase? { lock.withLock { db } }
    func release() { lock.withLock { db = nil } }
}
