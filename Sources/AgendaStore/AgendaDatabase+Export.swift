import AgendaCore
import Foundation
import GRDB

extension AgendaDatabase {
    /// For each time zone used by the events of `filter`, the UTC span its VTIMEZONE must cover. Read in the
    /// transaction of the events it is for (`streamEvents`), so that no zone of theirs can be missing.
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
    /// that a large export uses both cores. With `zones`, the time zones' spans come first. Everything comes from
    /// one snapshot: a zone used by an event written meanwhile cannot be missing from them. `body` runs on the
    /// calling thread, outside any transaction of this database; it must not use it (the reader holds it until
    /// the last batch is taken).
    public func streamEvents(_ filter: EventFilter, zones: Bool = true, batchSize: Int = 1000,
                             _ body: (EventStreamPart) throws -> Void) throws {
        try streamEvents(filter, zones: zones, batchSize: batchSize, beforeSharing: nil, body)
    }

    /// `streamEvents`; returns whether a second connection read the zones. The zones' query reads a whole index
    /// (about a tenth of a large export's reading, and the reading thread is its bottleneck) before the first
    /// event can be written: when the file can be opened a second time, the calling thread, idle until the first
    /// batch comes, reads the zones on that second connection while the reading thread starts on the events.
    /// The two transactions see the same snapshot when no commit fell between the second connection's last look
    /// at the file (`PRAGMA data_version`), taken before the reader's snapshot, and its own transaction, begun
    /// after: that is checked, and when a commit did fall between, the reading thread reads the zones itself
    /// first, as it does for a database in memory. `beforeSharing` runs just before the check (tests write there).
    @discardableResult
    func streamEvents(_ filter: EventFilter, zones: Bool, batchSize: Int, beforeSharing: (() throws -> Void)?,
                      _ body: (EventStreamPart) throws -> Void) throws -> Bool {
        let companion = zones ? companionConnection() : nil
        let verdict = SharingVerdict()
        // The reader lets go of the database as soon as it is done, so that closing it (and checkpointing the WAL)
        // never waits on a finished thread's teardown.
        let holder = DatabaseHolder(self)
        var shared = false
        try Pipeline.run(batchSize: 1, capacity: 3, produce: { (emit: (StreamItem) throws -> Void) in
            defer { holder.release() }
            guard let database = holder.database else { return }
            try database.read { db in
                var zonesRead = false
                if companion != nil {
                    // The snapshot is taken by the first read; then the other side checks that it sees the same.
                    _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
                    try emit(.snapshotTaken)
                    zonesRead = verdict.wait()
                }
                if zones && !zonesRead { try emit(.part(.zones(Self.timeZoneSpans(db, filter)))) }
                try Self.forEachBatch(db, filter, batchSize: batchSize) { try emit(.part(.events($0))) }
            }
        }, consume: { item in
            switch item {
            case .snapshotTaken:
                guard let companion else { return verdict.decide(false) }
                var spans: [String: ClosedRange<Int>]?
                do {
                    try companion.queue.inDatabase { other in
                        try beforeSharing?()
                        try other.inTransaction(.deferred) {
                            // The transaction's first read takes its snapshot and tells whether the file changed
                            // since `seen`.
                            if try Int.fetchOne(other, sql: "PRAGMA data_version") == companion.seen {
                                verdict.decide(true)
                                spans = try Self.timeZoneSpans(other, filter)
                            }
                            return .commit
                        }
                    }
                } catch {
                    verdict.decide(false)
                    throw error
                }
                verdict.decide(false)  // when the snapshots may differ (a first decision stands)
                if let spans {
                    shared = true
                    try body(.zones(spans))
                }
            case let .part(part):
                try body(part)
            }
        })
        return shared
    }
}

extension AgendaDatabase {
    /// A second, read-only connection to the file with a small page cache, and its `PRAGMA data_version` read
    /// now, outside any transaction; nil for a database in memory (or one that cannot be opened twice).
    func companionConnection() -> (queue: DatabaseQueue, seen: Int)? {
        let path = writer.path
        guard !path.isEmpty, path != ":memory:", !path.contains("mode=memory"), !path.hasPrefix("file::memory:") else {
            return nil
        }
        var config = writer.configuration
        config.readonly = true
        config.label = "agenda-companion"
        // It reads one index once: SQLite's default cache (2 MiB) rather than the reader's.
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -2000") }
        guard let queue = try? DatabaseQueue(path: path, configuration: config),
              let seen = try? queue.inDatabase({ try Int.fetchOne($0, sql: "PRAGMA data_version") }) else { return nil }
        return (queue, seen)
    }
}

/// What the reading thread hands over: the moment its snapshot is taken, then the stream's parts.
private enum StreamItem {
    case snapshotTaken
    case part(EventStreamPart)
}

/// Whether the calling thread reads the zones, decided once by it, awaited by the reader.
private final class SharingVerdict: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Bool?
    func decide(_ shared: Bool) {
        condition.lock()
        if value == nil { value = shared }
        condition.broadcast()
        condition.unlock()
    }
    func wait() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value!
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
