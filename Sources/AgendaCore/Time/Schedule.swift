import Foundation
import ICalendar

/// When an event happens, as precisely as it is known, and no more.
///
/// Every schedule has a reference time zone (the venue's IANA zone). Exact ranges are wall times in it; all-day
/// dates and imprecise periods are dates on its calendar. `utcSpan()` turns any schedule into a half-open UTC
/// span, so windows are range queries.
public struct Schedule: Hashable, Sendable, CustomStringConvertible {
    public enum Form: Hashable, Sendable {
        /// An exact range of wall times, end exclusive.
        case timed(start: LocalDateTime, end: LocalDateTime)
        /// Whole days, both inclusive.
        case allDay(first: LocalDate, last: LocalDate)
        /// Known only to a month, quarter or year.
        case period(Period)
    }

    public var form: Form
    /// IANA identifier, e.g. `Europe/Rome`.
    public var timeZone: String

    /// Creates a schedule after checking its zone and order; throws `AgendaError.invalid` naming the field.
    public init(_ form: Form, timeZone: String) throws {
        guard let zone = TimeZone(identifier: timeZone) else {
            throw AgendaError.unknownZone(field: "time zone", value: timeZone)
        }
        switch form {
        case let .timed(start, end):
            try SupportedYears.check(start.date, field: "start", value: start.description)
            try SupportedYears.check(end.date, field: "end", value: end.description)
            try Schedule.checkExists(start, in: zone, field: "start")
            try Schedule.checkExists(end, in: zone, field: "end")
            // An end equal to the start is an event of no duration (RFC 5545 §3.6.1: a DATE-TIME DTSTART without
            // DTEND or DURATION), which calendars show as a moment; typed input asks for an end after the start.
            guard end.instant(in: zone) >= start.instant(in: zone) else {
                throw AgendaError.invalid(field: "end", value: end.description,
                                          expected: "a time not before the start \(start)")
            }
        case let .allDay(first, last):
            try SupportedYears.check(first, field: "start")
            try SupportedYears.check(last, field: "end")
            guard last >= first else {
                throw AgendaError.invalid(field: "end", value: last.description,
                                          expected: "a date on or after the start \(first)")
            }
            for day in [first, last] where day.adding(days: 1).startInstant(in: zone) <= day.startInstant(in: zone) {
                throw AgendaError.invalid(field: day == first ? "start" : "end", value: day.description,
                                          expected: "a day that exists in \(timeZone) (the zone skipped \(day))")
            }
        case let .period(p):
            try SupportedYears.check(p.firstDay, field: "start", value: p.description)
        }
        self.form = form
        self.timeZone = timeZone
        let span = utcSpan
        guard span.upperBound - span.lowerBound <= Schedule.maximumSpanSeconds else {
            throw AgendaError.invalid(field: "end", value: endText ?? startText,
                                      expected: "an event lasting at most 400 days")
        }
    }

    /// Refuses a wall time that the zone's clocks skip, offering the two readings people may have meant
    /// (`give 2023-03-26T01:30+01:00 or 2023-03-26T03:30+02:00`); `value` is the text as typed, when there is one.
    static func checkExists(_ t: LocalDateTime, in zone: TimeZone, field: String, value: String? = nil) throws {
        guard case let .skipped(earlier, later) = t.resolution(in: zone) else { return }
        let a = LocalDateTime(earlier, in: zone), b = LocalDateTime(later, in: zone)
        throw AgendaError.invalid(
            field: field, value: value ?? t.description,
            expected: "a time that exists in \(zone.identifier): clocks skip \(t.timeText) on \(t.date); "
                + "give \(a.description)\(Schedule.offsetText(zone, earlier)) or \(b.description)\(Schedule.offsetText(zone, later))")
    }

    /// `+01:00`, the offset of `zone` at `instant`.
    public static func offsetText(_ zone: TimeZone, _ instant: Date) -> String {
        let s = zone.secondsFromGMT(for: instant)
        let a = abs(s)
        let hm = zeroPadded(a / 3600, 2) + ":" + zeroPadded(a % 3600 / 60, 2)
        return (s < 0 ? "-" : "+") + hm
    }

    /// The longest span stored (the schema checks it too); it bounds window range scans.
    public static let maximumSpanSeconds = 400 * 86400

    public var zone: TimeZone { TimeZone(identifier: timeZone)! }

    /// The start on the wall clock, in seconds since 1970-01-01T00:00 (an all-day schedule's first midnight), as a
    /// series runs from it; nil for a month, quarter or year, which cannot repeat.
    public var startWall: Int? {
        switch form {
        case let .timed(start, _): start.wallSeconds
        case let .allDay(first, _): first.dayNumber * 86400
        case .period: nil
        }
    }

    public var precision: Precision {
        switch form {
        case .timed: .timed
        case .allDay: .date
        case let .period(p): p.precision
        }
    }

    /// First and last calendar day the schedule touches in its zone.
    public var days: ClosedRange<LocalDate> {
        switch form {
        case let .timed(start, end):
            let lastMoment = LocalDateTime(wallSeconds: end.wallSeconds - 1)
            return start.date...max(start.date, lastMoment.date)
        case let .allDay(first, last): return first...last
        case let .period(p): return p.firstDay...p.lastDay
        }
    }

    /// Half-open UTC span in whole seconds since 1970: [start, end).
    public var utcSpan: Range<Int> {
        let zone = self.zone
        switch form {
        case let .timed(start, end):
            let s = Int(start.instant(in: zone).timeIntervalSince1970)
            let e = Int(end.instant(in: zone).timeIntervalSince1970)
            // An event of no duration occupies its second, so that windows holding its moment find it.
            return s..<max(e, s + 1)
        case .allDay, .period:
            let d = days
            let s = Int(d.lowerBound.startInstant(in: zone).timeIntervalSince1970)
            let e = Int(d.upperBound.adding(days: 1).startInstant(in: zone).timeIntervalSince1970)
            return s..<e
        }
    }

    /// The true end in UTC seconds: `utcSpan`'s end, except for an event of no duration, whose span holds its
    /// second for the windows' sake but which ends where it starts.
    public var utcEnd: Int {
        if case let .timed(start, end) = form, start == end { return utcSpan.lowerBound }
        return utcSpan.upperBound
    }

    /// Stored start text: `2023-02-20T10:30`, `2023-02-20`, `2023-10`, `2023-Q4`, `2023`.
    public var startText: String {
        switch form {
        case let .timed(start, _): start.description
        case let .allDay(first, _): first.description
        case let .period(p): p.description
        }
    }

    /// Stored end text, nil for periods.
    public var endText: String? {
        switch form {
        case let .timed(_, end): end.description
        case let .allDay(_, last): last.description
        case .period: nil
        }
    }

    /// Rebuilds a schedule from columns the schema has already checked, without validating the zone or the span
    /// again (the hot path of large exports); nil when the text does not parse.
    /// `laterOccurrences` is the stored `wall_fold`: bit 0 marks the start, bit 1 the end as the second
    /// occurrence of a repeated wall time.
    public init?(trustedPrecision precision: Precision, start: String, end: String?, timeZone: String,
                 laterOccurrences: Int = 0) {
        switch precision {
        case .timed:
            guard let s = LocalDateTime(iso: start), let e = end.flatMap({ LocalDateTime(iso: $0) }) else { return nil }
            form = .timed(start: s.occurrence(later: laterOccurrences & 1 != 0),
                          end: e.occurrence(later: laterOccurrences & 2 != 0))
        case .date:
            guard let s = LocalDate(iso: start), let e = end.flatMap({ LocalDate(iso: $0) }) else { return nil }
            form = .allDay(first: s, last: e)
        case .month, .quarter, .year:
            guard let p = Period(iso: start), p.precision == precision else { return nil }
            form = .period(p)
        }
        self.timeZone = timeZone
    }

    /// The stored `wall_fold` bits (see `init(trustedPrecision:...)`).
    public var laterOccurrences: Int {
        guard case let .timed(s, e) = form else { return 0 }
        return (s.isLaterOccurrence ? 1 : 0) | (e.isLaterOccurrence ? 2 : 0)
    }

    /// Rebuilds a schedule from its stored columns.
    public init(precision: Precision, start: String, end: String?, timeZone: String) throws {
        let bad = { AgendaError.invalid(field: "schedule", value: start + (end.map { "/" + $0 } ?? ""),
                                        expected: "a stored schedule of precision \(precision.rawValue)") }
        switch precision {
        case .timed:
            guard let s = LocalDateTime(iso: start), let e = end.flatMap({ LocalDateTime(iso: $0) }) else { throw bad() }
            try self.init(.timed(start: s, end: e), timeZone: timeZone)
        case .date:
            guard let s = LocalDate(iso: start), let e = end.flatMap({ LocalDate(iso: $0) }) else { throw bad() }
            try self.init(.allDay(first: s, last: e), timeZone: timeZone)
        case .month, .quarter, .year:
            guard let p = Period(iso: start), p.precision == precision else { throw bad() }
            try self.init(.period(p), timeZone: timeZone)
        }
    }

    /// What people read, in the schedule's own zone: "2023-02-20 10:30–12:00", "2023-02-20", "Oct 2023".
    public var label: String {
        switch form {
        case let .timed(start, end):
            if start == end { return "\(start.date) \(clockLabel(start))" }
            if start.date == end.date { return "\(start.date) \(clockLabel(start))–\(clockLabel(end))" }
            return "\(start.date) \(clockLabel(start)) – \(end.date) \(clockLabel(end))"
        case let .allDay(first, last):
            return first == last ? first.description : "\(first) – \(last)"
        case let .period(p):
            return p.label
        }
    }

    /// `HH:MM`, with the UTC offset for either occurrence of a wall time a DST change repeats
    /// (`01:30 (-04:00)`, `01:30 (-05:00)`), so the two 01:30s read differently.
    public func clockLabel(_ t: LocalDateTime) -> String { Self.clockLabel(t, in: zone) }

    /// `01:30`, or with its offset on a night the clocks go back in `zone`, when 01:30 comes twice: the first
    /// `01:30 (-04:00)`, the second `01:30 (-05:00)`. Both say it, so that a meeting from the first 01:30 to the
    /// second 01:00 reads `01:30 (-04:00)–01:00 (-05:00)`, not as ending before it starts.
    public static func clockLabel(_ t: LocalDateTime, in zone: TimeZone) -> String {
        guard case let .repeated(first, second) = t.resolution(in: zone) else { return t.timeText }
        return "\(t.timeText) (\(offsetText(zone, t.isLaterOccurrence ? second : first)))"
    }

    /// `clockLabel(_:in:)` for a wall time whose instant is known (a listing has both): one offset lookup in the
    /// common case rather than three.
    public static func clockLabel(_ t: LocalDateTime, at instant: Date, in zone: TimeZone) -> String {
        let i = Int(instant.timeIntervalSince1970.rounded(.down))
        if !t.isLaterOccurrence {
            // The first of two when the clocks go back within the day after to an offset at which this wall time
            // comes again (offsets change at most once a day).
            let offset = WallClock.offset(at: i, in: zone), dayAfter = WallClock.offset(at: i + 86400, in: zone)
            guard dayAfter < offset, WallClock.offset(at: i + (offset - dayAfter), in: zone) == dayAfter else { return t.timeText }
        }
        return "\(t.timeText) (\(offsetText(zone, instant)))"
    }

    public var description: String { "\(label) [\(timeZone)]" }
}
