import Foundation

/// A change to an event, as a value: what the user asked to change, nothing more. The store applies it inside its
/// one write transaction (references such as the committee are resolved there), so no caller code ever runs
/// inside a transaction. An empty string clears an optional field.
public struct EventChange: Sendable, Hashable {
    public var title: String?
    public var altTitle: String?
    /// Resolved against the stored schedule: a new start keeps the duration unless an end is given.
    public var schedule: ScheduleInput?
    public var committee: String?
    public var location: String?
    public var kind: EventKind?
    public var status: EventStatus?
    public var classification: Classification?
    public var chair: String?
    public var participants: [Participant]?
    public var topics: [String]?
    public var notes: String?
    public var source: String?
    /// A new or bounded rule (`--repeat`, `--rrule`, `--until`, `--count`).
    public var repetition: RepeatInput?
    /// Makes a series a single event again (its first occurrence).
    public var stopRepeating = false

    /// Whether the change touches only what one occurrence of a series may have of its own: time, title, place,
    /// status, notes.
    public var fitsOneOccurrence: Bool {
        altTitle == nil && committee == nil && kind == nil && classification == nil && chair == nil
            && participants == nil && topics == nil && source == nil && repetition == nil && !stopRepeating
    }

    /// Whether the change asks for nothing (an edit that names no field).
    public var isEmpty: Bool {
        fitsOneOccurrence && title == nil && (schedule?.isEmpty ?? true) && location == nil && status == nil && notes == nil
            && (repetition?.isEmpty ?? true)
    }

    public init(title: String? = nil, altTitle: String? = nil, schedule: ScheduleInput? = nil,
                committee: String? = nil, location: String? = nil, kind: EventKind? = nil,
                status: EventStatus? = nil, classification: Classification? = nil, chair: String? = nil,
                participants: [Participant]? = nil, topics: [String]? = nil, notes: String? = nil,
                source: String? = nil, repetition: RepeatInput? = nil, stopRepeating: Bool = false) {
        self.repetition = repetition; self.stopRepeating = stopRepeating
        self.title = title; self.altTitle = altTitle; self.schedule = schedule; self.committee = committee
        self.location = location; self.kind = kind; self.status = status; self.classification = classification
        self.chair = chair; self.participants = participants; self.topics = topics; self.notes = notes
        self.source = source
    }

    /// Applies the change to `event` at `now`; returns notes on how the schedule was read.
    public func apply(to e: inout Event, now: Date) throws -> [String] {
        func optional(_ s: String) -> String? { s.isEmpty ? nil : s }
        var notes: [String] = []
        if let t = title { e.title = t }
        if let t = altTitle { e.altTitle = optional(t) }
        if let c = committee { e.committee = optional(c) }
        if let input = schedule, !input.isEmpty {
            let r = try input.resolve(now: now, defaultZone: e.schedule.timeZone, current: e.schedule)
            let old = e.schedule
            e.schedule = r.schedule
            notes += r.notes
            // A series moves whole: its dates and overrides keep their place relative to the start.
            if e.series != nil, e.occurrence == nil { try e.shiftSeries(from: old) }
        }
        if stopRepeating { e.series = nil }
        if let r = repetition, !r.isEmpty {
            let rule = try r.rule(for: e.schedule, current: e.series?.rule, now: now)
            e.series = Series(rule: rule, rdates: e.series?.rdates ?? [], exdates: e.series?.exdates ?? [],
                              overrides: e.series?.overrides ?? [])
        }
        if let l = location { e.location = optional(l) }
        if let k = kind { e.kind = k }
        if let s = status { e.status = s }
        if let c = classification { e.classification = c }
        if let c = chair { e.chair = optional(c) }
        if let p = participants { e.participants = p }
        if let t = topics { e.topics = t }
        if let n = self.notes { e.notes = optional(n) }
        if let s = source { e.source = optional(s) }
        return notes
    }
}

/// A change to a committee's fields, as a value (the code never changes). An empty string clears an optional
/// field.
public struct CommitteeChange: Sendable, Hashable {
    public var name, parent, seatCity, timeZone, notes: String?
    public init(name: String? = nil, parent: String? = nil, seatCity: String? = nil, timeZone: String? = nil,
                notes: String? = nil) {
        self.name = name; self.parent = parent; self.seatCity = seatCity; self.timeZone = timeZone; self.notes = notes
    }

    /// Whether the change asks for nothing (an edit that names no field).
    public var isEmpty: Bool { name == nil && parent == nil && seatCity == nil && timeZone == nil && notes == nil }
}
