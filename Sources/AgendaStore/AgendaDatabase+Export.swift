import AgendaCore
import Foundation
import GRDB

extension AgendaDatabase {
    /// For each time zone used by the events of `filter`, the UTC span its VTIMEZONE must cover.
    public func timeZoneSpans(_ filter: EventFilter) throws -> [String: ClosedRange<Int>] {
        try read { db in try Self.timeZoneSpans(db, filter) }
    }

    static func timeZoneSpans(_ db: Database, _ filter: EventFilter) throws -> [String: ClosedRange<Int>] {
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

    /// Calls `body` with the events of `filter` in feed order, `batchSize` at a time (each batch handed over as it
    /// is, not copied), streaming one ordered cursor and adding participants, topics and series a batch at a
    /// time, so that memory does not grow with the number of events.
    static func forEachBatch(_ db: Database, _ filter: EventFilter, batchSize: Int, _ body: ([Event]) throws -> Void) throws {
        let (whereSQL, args) = Self.whereClause(filter, includingSeries: true)
        let rows = try Row.fetchCursor(db, sql: "\(Self.eventSelect) WHERE \(whereSQL) ORDER BY \(Self.eventOrder)",
                                       arguments: args)
        var batch: [Event] = []
        batch.reserveCapacity(batchSize)
        var index: [Int64: Int] = [:]
        func flush() throws {
            guard !batch.isEmpty else { return }
            try Self.attachDetails(db, to: &batch, index: index)
            try body(batch)
            batch = []
            batch.reserveCapacity(batchSize)
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

    /// Every committee's recorded chair terms.
    public func allChairTerms() throws -> [ChairTerm] {
        try read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM committee ORDER BY code").flatMap {
                try Self.fetchTerms(db, committeeID: $0)
            }
        }
    }
}

/// What `streamEvents` hands over, in this order: the UTC span each time zone's VTIMEZONE must cover (when asked
/// for), then the events, a batch at a time.
public enum EventStreamPart {
    case zones([String: ClosedRange<Int>])
    case events([Event])
}

extension AgendaDatabase {
    /// The events of `filter` in feed order, read on a second thread while `body` handles the previous batch, so
    /// that a large export uses both cores. With `zones`, the time zones' spans come first, read in the same
    /// transaction as the events (one snapshot: a zone used by an event written meanwhile cannot be missing from
    /// them). `body` runs on the calling thread, outside any transaction; it must not use this database (the
    /// reader holds it until the last batch is taken).
    public func streamEvents(_ filter: EventFilter, zones: Bool = true, batchSize: Int = 1000,
                             _ body: (EventStreamPart) throws -> Void) throws {
        // The reader lets go of the database as soon as it is done, so that closing it (and checkpointing the WAL)
        // never waits on a finished thread's teardown.
        let holder = DatabaseHolder(self)
        try Pipeline.run(batchSize: 1, capacity: 3, produce: { (emit: (EventStreamPart) throws -> Void) in
            defer { holder.release() }
            guard let database = holder.database else { return }
            try database.read { db in
                if zones { try emit(.zones(Self.timeZoneSpans(db, filter))) }
                try Self.forEachBatch(db, filter, batchSize: batchSize) { try emit(.events($0)) }
            }
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
