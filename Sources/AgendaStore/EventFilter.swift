import AgendaCore
import Foundation

/// Which events a read returns.
public struct EventFilter: Sendable, Hashable {
    /// Half-open UTC window in seconds: events whose span overlaps it.
    public var window: Range<Int>?
    /// Committee codes (any of them); empty means all.
    public var committees: [String]
    /// Statuses kept; empty means all.
    public var statuses: Set<EventStatus>
    /// Classifications kept; empty means all.
    public var classifications: Set<Classification>
    /// Whether to read everything (participants, topics, notes, source, chair, alternative title, sequence and
    /// times of change); without, a read returns what a table of titles and times shows, from an index alone.
    public var withDetails = true
    /// Only events at least this long, in seconds (0: all): a window then scans only the length classes
    /// (`SpanClass`) that can hold them, e.g. the month-, quarter- and year-long "date TBC" items of a long window
    /// without reading its meetings.
    public var minimumSpan = 0
    /// Cancelled events last changed before this instant (UTC seconds) are left out (feeds drop them after a
    /// while); nil keeps them all. In the query, so that what is left out has no say in the rest of the read
    /// either (the VTIMEZONEs a feed writes cover only the events it holds).
    public var cancelledSince: Int?
    var ids: [Int64]
    /// Whether the read comes in listing order (`eventOrder`); off for a read whose caller orders what it gets
    /// (a window's series, merged with its other events and sorted once).
    var ordered = true

    /// The length classes a window scans.
    var spanClasses: [(k: Int, longest: Int)] {
        let first = minimumSpan > 0 ? SpanClass.of(minimumSpan) : 0
        return SpanClass.longest.enumerated().filter { $0.offset >= first }.map { ($0.offset, $0.element) }
    }

    public init(window: Range<Int>? = nil, committees: [String] = [], statuses: Set<EventStatus> = [],
                classifications: Set<Classification> = []) {
        self.window = window; self.committees = committees; self.statuses = statuses
        self.classifications = classifications; self.ids = []
    }

    init(ids: [Int64]) {
        self.init()
        self.ids = ids
    }

    /// Exactly these events.
    public static func byIDs(_ ids: [Int64]) -> EventFilter { EventFilter(ids: ids) }

    /// A UTC window from two instants.
    public static func window(from: Date, to: Date) -> Range<Int> {
        let a = Int(from.timeIntervalSince1970.rounded(.down)), b = Int(to.timeIntervalSince1970.rounded(.up))
        return a..<max(a, b)
    }
}
