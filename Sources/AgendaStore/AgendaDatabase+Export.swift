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

    /// Calls `body` with every event of `filter` in feed order (start, then id), reading `batchSize` events at a
    /// time so that memory does not grow with the number of events. One snapshot: concurrent writes are not seen.
    public func forEachEvent(_ filter: EventFilter, batchSize: Int = 2000, _ body: (Event) throws -> Void) throws {
        try read { db in
            let (whereSQL, args) = Self.whereClause(filter)
            let ids = try Int64.fetchAll(db, sql: """
                SELECT e.id FROM event e WHERE \(whereSQL) ORDER BY e.span_start, \(Self.precisionRank), e.id
                """, arguments: args)
            var i = 0
            while i < ids.count {
                let chunk = Array(ids[i..<min(ids.count, i + batchSize)])
                for e in try Self.fetchEvents(db, EventFilter(ids: chunk)) { try body(e) }
                i += batchSize
            }
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
