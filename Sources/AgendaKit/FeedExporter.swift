import AgendaCore
import AgendaStore
import Foundation
import ICalendar

/// Builds iCalendar feeds from the database, for every front end: the clock and the output sink are injected.
public struct FeedExporter: Sendable {
    public var db: AgendaDatabase
    /// "Now", for the cancelled-event cutoff.
    public var now: Date
    /// Cancelled events stay in feeds this many days after they were cancelled.
    public var keepCancelledDays: Int

    public init(db: AgendaDatabase, now: Date, keepCancelledDays: Int = 90) {
        self.db = db; self.now = now; self.keepCancelledDays = keepCancelledDays
    }

    /// The filter of a feed's events for an audience.
    public static func filter(committees: [String], window: Range<Int>?, audience: Audience) -> EventFilter {
        EventFilter(window: window, committees: committees, classifications: audience.classifications)
    }

    /// Writes one calendar to `sink`; returns the number of events written.
    @discardableResult
    public func export(_ spec: FeedSpec, sink: @escaping ([UInt8]) throws -> Void) throws -> Int {
        var count = 0
        var w = ICalendarWriter(sink: sink)
        if spec.includesEvents {
            // Cancelled events changed before the cutoff are left out by the read itself, so that they do not
            // widen the VTIMEZONEs either (a feed read back and written again is then the same bytes).
            var filter = spec.filter
            let cutoff = now.timeIntervalSince1970 - Double(keepCancelledDays) * 86400
            filter.cancelledSince = Int(cutoff.rounded(.up))
            // The zones' spans arrive first, from the same snapshot as the events.
            try db.streamEvents(filter) { part in
                switch part {
                case let .zones(zones): try spec.feed.writeHeader(zones: zones, to: &w)
                case let .events(batch):
                    // By index: each event is read where it lies in the batch, not copied out of it first.
                    for i in batch.indices {
                        try Feed.write(batch[i], to: &w)
                        count += 1
                    }
                }
            }
        } else {
            try spec.feed.writeHeader(zones: [:], to: &w)
        }
        for t in spec.terms {
            try w.write(Feed.component(for: t))
            count += 1
        }
        try spec.feed.writeEnd(to: &w)
        return count
    }

    /// Exports to a file (see `OutputFile`): returns (events, changed).
    public func exportFile(_ path: String, _ spec: FeedSpec, staging: String? = nil,
                           mode: mode_t = 0o644) throws -> (count: Int, changed: Bool) {
        var n = 0
        let changed = try OutputFile.write(to: path, staging: staging, mode: mode) { sink in
            n = try export(spec, sink: sink)
        }
        return (n, changed)
    }
}

/// One feed: its calendar header, which events, which chair terms.
public struct FeedSpec: Sendable {
    public var feed: Feed
    public var filter: EventFilter
    public var terms: [ChairTerm]
    public var includesEvents: Bool

    public init(feed: Feed, filter: EventFilter, terms: [ChairTerm] = [], includesEvents: Bool = true) {
        self.feed = feed; self.filter = filter; self.terms = terms; self.includesEvents = includesEvents
    }
}
