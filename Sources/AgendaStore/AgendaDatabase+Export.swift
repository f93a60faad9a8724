import AgendaCore
import Foundation
import GRDB

extension AgendaDatabase {
    /// For each time zone used by the events of `filter`, the UTC span its VTIMEZONE must cover.
    public func timeZoneSpans(_ filter: EventFilter) throws -> [String: ClosedRange<Int>] {
        try read { db in
            let (whereSQL, args) = Self.whereClause(filter)
            var spans: [String: ClosedRange<Int>] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT e.time_zone, min(e.span_start), max(e.span_end) FROM event e
                WHERE \(whereSQL) AND e.precision = 'timed' GROUP BY e.time_zone
                """, arguments: args) {
                let lo: Int = row[1], hi: Int = row[2]
                spans[row[0]] = lo...max(lo, hi)
            }
            return spans
        }
    }

    /// Calls `body` with every event of `filter` in feed order (start, then shorter span, then id), streaming one
    /// ordered cursor and adding participants and topics `batchSize` events at a time, so that memory does not grow
    /// with the number of events. One snapshot: concurrent writes are not seen.
    public func forEachEvent(_ filter: EventFilter, batchSize: Int = 1000, _ body: (Event) throws -> Void) throws {
        try read { db in
            let (whereSQL, args) = Self.whereClause(filter)
            let rows = try Row.fetchCursor(db, sql: "\(Self.eventSelect) WHERE \(whereSQL) ORDER BY \(Self.eventOrder)",
                                           arguments: args)
            var batch: [Event] = []
            var index: [Int64: Int] = [:]
            func flush() throws {
                guard !batch.isEmpty else { return }
                let ids = batch.map { $0.id! }
                try Self.attachDetails(db, to: &batch, index: index,
                                       idsSQL: ids.map { _ in "?" }.joined(separator: ","), arguments: StatementArguments(ids))
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
