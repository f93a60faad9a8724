import Foundation
import ICalendar

/// A schedule as a person types it (start, end or duration, zone, whole days), turned into a `Schedule` by one
/// set of rules shared by every front end (adding, editing and postponing events).
///
/// The rules:
/// - `+90m`, `+2h` are elapsed time: the end is that many minutes after the start instant, whatever the clocks
///   do in between. `+3d`, `+1w` keep the wall time: the same time three days later.
/// - A wall time that the zone's clocks skip (a DST gap) is refused, with the two readings it could mean.
/// - A wall time the clocks show twice is the first occurrence (RFC 5545 §3.3.5) and a note says so; an explicit
///   offset (`2023-11-05T01:30-05:00`) picks the occurrence. An end that is only after the start in its second
///   occurrence takes the second one.
/// - Editing the start keeps the duration (elapsed for timed events, the number of days for all-day ones) unless
///   an end is given.
/// - Dates lie in `SupportedYears`.
public struct ScheduleInput: Sendable, Hashable {
    /// Start as typed (`DateInput.accepted`); nil keeps the current start when editing.
    public var start: String?
    /// End as typed, or a duration (`+90m`, `+3d`); nil: the default (one hour, one day, or the current length).
    public var end: String?
    /// IANA zone; nil: the current schedule's, else the default zone.
    public var timeZone: String?
    /// Whole days even when a time is typed.
    public var allDay: Bool
    /// How the front end calls each field in errors (`--start` for the CLI).
    public var fieldNames: FieldNames

    /// Names of the input fields, for error messages.
    public struct FieldNames: Sendable, Hashable {
        public var start, end, timeZone: String
        public init(start: String = "start", end: String = "end", timeZone: String = "time zone") {
            self.start = start; self.end = end; self.timeZone = timeZone
        }
    }

    public init(start: String? = nil, end: String? = nil, timeZone: String? = nil, allDay: Bool = false,
                fieldNames: FieldNames = FieldNames()) {
        self.start = start; self.end = end; self.timeZone = timeZone; self.allDay = allDay
        self.fieldNames = fieldNames
    }

    /// True when the input changes nothing of a schedule.
    public var isEmpty: Bool { start == nil && end == nil && timeZone == nil && !allDay }

    /// A schedule and what the user should be told about how it was read.
    public struct Resolved: Sendable, Hashable {
        public var schedule: Schedule
        /// One-line notes, e.g. which of two repeated 01:30s was taken.
        public var notes: [String]
    }

    /// Resolves the input at `now`, in its zone (else `current`'s, else `defaultZone`), starting from `current`
    /// when editing. "today" and weekdays are read in that zone.
    public func resolve(now: Date, defaultZone: String, current: Schedule? = nil) throws -> Resolved {
        var zoneID = timeZone ?? current?.timeZone ?? defaultZone
        guard TimeZone(identifier: zoneID) != nil, !zoneID.isEmpty else {
            throw AgendaError.unknownZone(field: fieldNames.timeZone, value: zoneID)
        }
        var notes: [String] = []
        // A bare offset typed as the zone is stored under its one name (UTC+7 is Etc/GMT-7; GMT+0530 is UTC+05:30).
        if let typed = timeZone, let canonical = ZoneNames.canonicalOffset(typed), canonical != typed {
            zoneID = canonical
            let whose = canonical.hasPrefix("Etc/") || canonical == "UTC" ? "the tz database's" : "the agenda's"
            notes.append("time zone \(typed) stored as \(canonical), \(whose) name for that offset all year round")
        }
        let zone = TimeZone(identifier: zoneID)!
        // A new zone for a timed event, its start not given: the wall times stay and are read in the new zone, so
        // the instant moves; said, with how to keep the instant instead.
        if let current, start == nil, current.precision == .timed, zoneID != current.timeZone,
           case let .timed(from, _) = current.form {
            notes.append("the zone is now \(zoneID) (was \(current.timeZone)): the event keeps its wall times, now read there; "
                         + "to keep the instant, give --start with its offset (\(from)\(Schedule.offsetText(current.zone, from.instant(in: current.zone))))")
        }
        let startWhen: When
        if let start {
            startWhen = try DateInput.parse(start, field: fieldNames.start, now: now, zone: zone)
        } else if let current {
            startWhen = current.startWhen
        } else {
            throw AgendaError.invalid(field: fieldNames.start, value: "", expected: "a start: " + DateInput.accepted)
        }
        // An edit that gives neither start nor end keeps the current form and length.
        let keepLength = end == nil ? current : nil
        let endDuration = end.flatMap(DateInput.duration)
        let endWhen = try end.flatMap { endDuration == nil ? try DateInput.parse($0, field: fieldNames.end, now: now, zone: zone) : nil }
        let endError = { (expected: String) in AgendaError.invalid(field: fieldNames.end, value: end ?? "", expected: expected) }

        if case let .period(p) = startWhen {
            if allDay {
                throw AgendaError.invalid(field: fieldNames.start, value: start ?? p.description,
                                          expected: "a day YYYY-MM-DD with whole days (\(p.label) is a period; leave whole days out to keep it imprecise)")
            }
            guard end == nil else { throw endError("no end for an event known only to \(p.precision.rawValue) precision (\(p.label))") }
            return Resolved(schedule: try make(.period(p), timeZone: zoneID), notes: notes)
        }
        var isDay = allDay
        if case .day = startWhen { isDay = true }
        if isDay {
            let first = startWhen.wallTime(in: zone).date
            var last = first
            if let endDuration {
                guard case let .days(n) = endDuration else {
                    throw endError("a duration in days (+3d) or a last day for an all-day event")
                }
                last = first.adding(days: n - 1)
            } else if let endWhen {
                if case .period = endWhen { throw endError("a last day YYYY-MM-DD (or +Nd) for an all-day event") }
                if !allDay, endWhen.precision == .timed {
                    throw endError("a last day YYYY-MM-DD (or +Nd) for an all-day event starting \(first)")
                }
                last = endWhen.wallTime(in: zone).date
            } else if let keepLength, case let .allDay(f, l) = keepLength.form {
                last = first.adding(days: l.dayNumber - f.dayNumber)
            } else if let keepLength, case .timed = keepLength.form, start == nil {
                last = keepLength.days.upperBound
            }
            guard last >= first else { throw endError("a last day on or after \(first)") }
            return Resolved(schedule: try make(.allDay(first: first, last: last), timeZone: zoneID), notes: notes)
        }

        // Timed.
        let s = try wallTime(startWhen, zone: zone, field: fieldNames.start, text: start, notes: &notes)
        let startInstant = s.instant(in: zone)
        var e: LocalDateTime
        switch (endDuration, endWhen) {
        case let (.seconds(n)?, _):
            e = LocalDateTime(startInstant.addingTimeInterval(TimeInterval(n)), in: zone)
        case let (.days(n)?, _):
            e = LocalDateTime(LocalDateTime(wallSeconds: s.wallSeconds + n * 86400).instant(in: zone), in: zone)
        case let (nil, w?):
            guard w.precision == .timed else {
                throw endError("an end time such as 2023-02-20T12:00 or a duration such as +90m")
            }
            if case let .wall(t) = w, case let .repeated(first, second) = t.resolution(in: zone),
               first <= startInstant, second > startInstant {
                e = t.occurrence(later: true)
            } else {
                var ignored: [String] = []
                e = try wallTime(w, zone: zone, field: fieldNames.end, text: end, notes: &ignored)
            }
        case (nil, nil):
            var length: TimeInterval = 3600
            if let keepLength, case let .timed(cs, ce) = keepLength.form {
                length = ce.instant(in: keepLength.zone).timeIntervalSince(cs.instant(in: keepLength.zone))
            }
            e = LocalDateTime(startInstant.addingTimeInterval(length), in: zone)
        }
        guard e.instant(in: zone) > startInstant else { throw endError("a time after the start \(s)") }
        return Resolved(schedule: try make(.timed(start: s, end: e), timeZone: zoneID), notes: notes)
    }

    /// A schedule, with errors naming this input's fields.
    func make(_ form: Schedule.Form, timeZone: String) throws -> Schedule {
        do {
            return try Schedule(form, timeZone: timeZone)
        } catch let AgendaError.invalid(field, value, expected) {
            let name = field == "start" ? fieldNames.start : field == "end" ? fieldNames.end
                : field == "time zone" ? fieldNames.timeZone : field
            // The value as typed (`+99999w`, `next friday`), with what it came to, rather than a date nobody typed.
            let typed = field == "start" ? start : field == "end" ? end : nil
            if let typed, typed != value {
                throw AgendaError.invalid(field: name, value: typed, expected: "\(expected) (it comes to \(value))")
            }
            throw AgendaError.invalid(field: name, value: value, expected: expected)
        }
    }

    /// The wall time of a timed input in `zone`: refuses skipped times, takes the first of repeated ones (noting
    /// it), and keeps the occurrence an explicit offset names.
    func wallTime(_ w: When, zone: TimeZone, field: String, text: String?, notes: inout [String]) throws -> LocalDateTime {
        switch w {
        case let .instant(d):
            return LocalDateTime(d, in: zone)
        case let .wall(t):
            try Schedule.checkExists(t, in: zone, field: field, value: text)
            if case let .repeated(first, second) = t.resolution(in: zone), !t.isLaterOccurrence {
                notes.append("\(t.date) \(t.timeText) happens twice in \(zone.identifier): taken as the first, "
                             + "\(Schedule.offsetText(zone, first)); give \(t.description)\(Schedule.offsetText(zone, second)) for the second")
            }
            return t
        case .day, .period:
            return w.wallTime(in: zone)
        }
    }
}

extension Schedule {
    /// The start as an input value (for edits that keep it).
    public var startWhen: When {
        switch form {
        case let .timed(s, _): .wall(s)
        case let .allDay(f, _): .day(f)
        case let .period(p): .period(p)
        }
    }
}
