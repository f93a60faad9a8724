import Foundation
import ICalendar

/// What makes an event a series: an RRULE, extra dates (RDATE), excluded dates (EXDATE) and occurrences changed
/// one by one (overrides, RECURRENCE-ID). Dates are wall times in the event's zone, written as its start is
/// (`2026-01-15T10:00` for timed events, `2026-01-15` for all-day ones), so they read the same wherever the
/// viewer is.
public struct Series: Hashable, Sendable {
    public var rule: RecurrenceRule?
    public var rdates: [String]
    public var exdates: [String]
    public var overrides: [OccurrenceOverride]

    public init(rule: RecurrenceRule?, rdates: [String] = [], exdates: [String] = [], overrides: [OccurrenceOverride] = []) {
        self.rule = rule; self.rdates = rdates; self.exdates = exdates; self.overrides = overrides
    }

    /// Whether the series ends (a rule with COUNT or UNTIL, or extra dates only).
    public var ends: Bool { rule.map { $0.count != nil || $0.until != nil } ?? true }

    /// Most occurrences a series may have for its starts to be tabled.
    public static let tabledOccurrences = 512

    /// How many of its first occurrences to expand to table the series' starts: one more than can be tabled (to
    /// tell a longer series), or one when it never ends.
    public var tablingPrefix: Int { ends ? Series.tabledOccurrences + 1 : 1 }

    /// The UTC starts to table, from the series' first `tablingPrefix` occurrences: nil when it never ends, has
    /// more than `tabledOccurrences` or none. The store keeps them beside the series' extent, so that a window
    /// tells whether the series has an occurrence in it without parsing and expanding its rule.
    public func tabledStarts(_ first: [Occurrence]) -> [Int]? {
        ends && !first.isEmpty && first.count <= Series.tabledOccurrences ? first.map(\.instant) : nil
    }

    /// Of `count` occurrence starts in order (`start(i)`), the index of the first whose occurrence, `length`
    /// seconds long, ends after `lowerBound` (`count` when none does): a bisection.
    public static func firstEnding(after lowerBound: Int, count: Int, length: Int, start: (Int) -> Int) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if start(mid) + length > lowerBound { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// The overrides by their RECURRENCE-ID key (the first when a key is given twice).
    public var overridesByID: [String: OccurrenceOverride] {
        Dictionary(overrides.map { ($0.recurrenceID, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Puts `x` in place of any override of the same occurrence, keeping them in key order.
    public mutating func setOverride(_ x: OccurrenceOverride) { setOverrides([x]) }

    /// Puts each of `xs` in place of any override of the same occurrence (the last of `xs` for a key given twice),
    /// keeping them in key order, in one pass: a file's 20,000 changed occurrences of one series, put one at a
    /// time, re-sorted the list 20,000 times (minutes).
    public mutating func setOverrides(_ xs: [OccurrenceOverride]) {
        guard !xs.isEmpty else { return }
        var byID = Dictionary(overrides.map { ($0.recurrenceID, $0) }, uniquingKeysWith: { a, _ in a })
        for x in xs { byID[x.recurrenceID] = x }
        overrides = byID.values.sorted { $0.recurrenceID < $1.recurrenceID }
    }

    /// The series as RFC 5545 expands it from a start (wall seconds) in `zone`: the rule, and RDATEs and EXDATEs read
    /// on that zone's wall clock. A date key that does not read is an error naming its field.
    public func recurrenceSet(start: Int, zone: TimeZone, isDate: Bool) throws -> RecurrenceSet {
        func instants(_ keys: [String], field: String) throws -> [Int] {
            try keys.map { key in
                guard let w = Event.wallSeconds(key: key) else {
                    throw AgendaError.invalid(field: field, value: key, expected: isDate ? "a date YYYY-MM-DD" : "a time YYYY-MM-DDTHH:MM")
                }
                return WallClock.instant(wall: w, in: zone)
            }
        }
        return RecurrenceSet(start: start, zone: zone, isDate: isDate, rule: rule,
                             rdates: try instants(rdates, field: "rdate"), exdates: try instants(exdates, field: "exdate"))
    }
}

/// One occurrence of a series changed on its own: moved, renamed, relocated, cancelled.
public struct OccurrenceOverride: Hashable, Sendable {
    /// The occurrence's original start (RECURRENCE-ID), as a wall time in the series' zone.
    public var recurrenceID: String
    /// Its own time, when moved.
    public var schedule: Schedule?
    public var title: String?
    public var location: String?
    public var status: EventStatus?
    public var notes: String?
    /// Its own revision: raised by every change of this occurrence.
    public var sequence: Int
    public var modified: Date

    public init(recurrenceID: String, schedule: Schedule? = nil, title: String? = nil, location: String? = nil,
                status: EventStatus? = nil, notes: String? = nil, sequence: Int = 0,
                modified: Date = Date(timeIntervalSince1970: 0)) {
        self.recurrenceID = recurrenceID; self.schedule = schedule; self.title = title; self.location = location
        self.status = status; self.notes = notes; self.sequence = sequence; self.modified = modified
    }

    /// The override that turns `plain` (the occurrence as the rule gives it) into `changed`: the fields an
    /// occurrence may have of its own where they differ, nil where they do not.
    public init(recurrenceID: String, changed: Event, from plain: Event, sequence: Int, modified: Date) {
        self.init(recurrenceID: recurrenceID,
                  schedule: changed.schedule != plain.schedule ? changed.schedule : nil,
                  title: changed.title != plain.title ? changed.title : nil,
                  location: changed.location != plain.location ? changed.location : nil,
                  status: changed.status != plain.status ? changed.status : nil,
                  notes: changed.notes != plain.notes ? changed.notes : nil,
                  sequence: sequence, modified: modified)
    }
}

/// Marks an event value as one occurrence of a series.
public struct OccurrenceRef: Hashable, Sendable {
    /// The occurrence's original start (RECURRENCE-ID), a wall time in the series' zone.
    public var recurrenceID: String
    /// Whether an override changed it.
    public var overridden: Bool
    public init(recurrenceID: String, overridden: Bool) { self.recurrenceID = recurrenceID; self.overridden = overridden }
}

extension Event {
    /// The wall seconds of a stored date key (`2026-01-15T10:00` or `2026-01-15`) of this event's series.
    public static func wallSeconds(key: String) -> Int? {
        if let t = LocalDateTime(iso: key) { return t.wallSeconds }
        if let d = LocalDate(iso: key) { return d.dayNumber * 86400 }
        return nil
    }

    /// The date key of an occurrence starting at `wall` (wall seconds): timed events keep the time, all-day ones
    /// the date.
    public func seriesKey(wall: Int) -> String {
        if case .allDay = schedule.form { return LocalDate(dayNumber: Int((Double(wall) / 86400).rounded(.down))).description }
        return LocalDateTime(wallSeconds: wall).description
    }

    /// The series as RFC 5545 expands it: DTSTART (this event's start), the rule, RDATEs and EXDATEs read in the
    /// event's zone.
    public func recurrenceSet() throws -> RecurrenceSet {
        guard let series else { throw AgendaError.invalid(field: "event", value: uid, expected: "a recurring event") }
        guard let start = schedule.startWall else {
            throw AgendaError.invalid(field: "repeat", value: series.rule?.text ?? "RDATE",
                                      expected: "an event with a date or a time (a month, quarter or year cannot repeat)")
        }
        return try series.recurrenceSet(start: start, zone: schedule.zone, isDate: schedule.precision == .date)
    }

    /// The occurrence of this series starting at `o`, as an event: this event's fields with that start and the
    /// same length (an exact duration for timed events, whole days for all-day ones), then the override for it,
    /// if any.
    public func occurrence(_ o: ICalendar.Occurrence, overrides: [String: OccurrenceOverride] = [:]) -> Event {
        occurrence(o, overrides: overrides, zone: schedule.zone, length: nil)
    }

    /// `occurrence(_:overrides:)` with the series' zone and timed length (seconds) already in hand, for loops.
    func occurrence(_ o: ICalendar.Occurrence, overrides: [String: OccurrenceOverride], zone: TimeZone, length known: Int?) -> Event {
        var e = self
        let key = seriesKey(wall: o.wall)
        switch schedule.form {
        case let .timed(s, t):
            let length = known ?? Int(t.instant(in: zone).timeIntervalSince1970) - Int(s.instant(in: zone).timeIntervalSince1970)
            let start = LocalDateTime(Date(timeIntervalSince1970: TimeInterval(o.instant)), in: zone)
            let end = LocalDateTime(Date(timeIntervalSince1970: TimeInterval(o.instant + length)), in: zone)
            e.schedule.form = .timed(start: start, end: end)
        case let .allDay(first, last):
            let day = LocalDate(dayNumber: Int((Double(o.wall) / 86400).rounded(.down)))
            e.schedule.form = .allDay(first: day, last: day.adding(days: last.dayNumber - first.dayNumber))
        case .period: break
        }
        var ref = OccurrenceRef(recurrenceID: key, overridden: false)
        if let x = overrides[key] {
            ref.overridden = true
            if let s = x.schedule { e.schedule = s }
            if let t = x.title { e.title = t }
            if let l = x.location { e.location = l }
            if let s = x.status { e.status = s }
            if let n = x.notes { e.notes = n }
            e.sequence = max(e.sequence, x.sequence)
            e.modified = max(e.modified, x.modified)
        }
        e.occurrence = ref
        return e
    }

    /// The occurrences whose span overlaps `window` (UTC seconds), overrides applied, in start order. An
    /// override moved into the window appears; one moved out of it does not.
    public func occurrences(overlapping window: Range<Int>, limit: Int = RecurrenceSet.defaultLimit) throws -> [Event] {
        try occurrencesWithSpans(overlapping: window, limit: limit).map(\.event)
    }

    /// `occurrences(overlapping:)` with each occurrence's UTC span, so that callers sorting them need not work it
    /// out again.
    public func occurrencesWithSpans(overlapping window: Range<Int>, limit: Int = RecurrenceSet.defaultLimit) throws -> [(event: Event, span: Range<Int>)] {
        let set = try recurrenceSet()
        let zone = set.zone ?? schedule.zone
        let (length, timed) = occurrenceLength
        let overrides = series?.overridesByID ?? [:]
        var out: [(event: Event, span: Range<Int>)] = []
        try expanding(window: window) { () throws(RecurrenceError) in
            for o in try set.occurrences(in: (window.lowerBound - length)..<window.upperBound, limit: limit) {
                if !overrides.isEmpty, overrides[seriesKey(wall: o.wall)]?.schedule != nil { continue }
                guard o.instant + length > window.lowerBound else { continue }
                out.append(listed(o, overrides: overrides, zone: zone, length: length, timed: timed))
            }
            // Moved occurrences, where they now are (in the order of their original starts, not the dictionary's).
            for x in series?.overrides ?? [] {
                guard let s = x.schedule, let w = Event.wallSeconds(key: x.recurrenceID) else { continue }
                let moved = s.utcSpan
                guard moved.lowerBound < window.upperBound && moved.upperBound > window.lowerBound else { continue }
                // Only an occurrence the series has (an override of a removed date is ignored).
                let o = set.occurrence(wall: w)
                guard try set.contains(o.instant) else { continue }
                out.append((occurrence(o, overrides: overrides), moved))
            }
        }
        if !overrides.isEmpty, out.count > 1 {
            // Two occurrences moved to the same time keep the order of their original starts, run after run.
            out.sort {
                ($0.span.lowerBound, $0.span.upperBound, $0.event.occurrence?.recurrenceID ?? "")
                    < ($1.span.lowerBound, $1.span.upperBound, $1.event.occurrence?.recurrenceID ?? "")
            }
        }
        return out
    }

    /// `occurrencesWithSpans(overlapping:)` of a series without overrides whose UTC occurrence starts are known
    /// (`Series.tabledStarts`, as the store keeps them): the same list, without parsing or expanding its rule. Nil
    /// when a start in the window falls within a day after a change of its zone's offset: the wall time that
    /// occurrence was scheduled at is then not told by its instant alone (a time the clock skipped), and the rule
    /// must be expanded. `starts` are in order: the first one overlapping is found by bisection.
    public func occurrencesWithSpans(starts: [Int], overlapping window: Range<Int>) -> [(event: Event, span: Range<Int>)]? {
        guard series?.overrides.isEmpty ?? false else { return nil }
        let zone = schedule.zone
        let (length, timed) = occurrenceLength
        var out: [(event: Event, span: Range<Int>)] = []
        let first = Series.firstEnding(after: window.lowerBound, count: starts.count, length: length) { starts[$0] }
        for s in starts[first...] {
            guard s < window.upperBound else { break }
            let offset = WallClock.offset(at: s, in: zone)
            guard WallClock.offset(at: s - 86400, in: zone) == offset else { return nil }
            out.append(listed(Occurrence(wall: s + offset, instant: s), overrides: [:], zone: zone, length: length, timed: timed))
        }
        return out
    }

    /// The length of the first occurrence (seconds), which a window widens its search by, and whether the series
    /// is timed (its occurrences then last exactly as long).
    private var occurrenceLength: (length: Int, timed: Bool) {
        let span = schedule.utcSpan
        let timed: Bool = if case .timed = schedule.form { true } else { false }
        return (span.upperBound - span.lowerBound, timed)
    }

    /// The occurrence starting at `o` as a listing shows it, with its UTC span: timed occurrences last exactly as
    /// long as the first (`length`); whole days are measured again.
    private func listed(_ o: Occurrence, overrides: [String: OccurrenceOverride], zone: TimeZone, length: Int,
                        timed: Bool) -> (event: Event, span: Range<Int>) {
        let e = occurrence(o, overrides: overrides, zone: zone, length: timed ? length : nil)
        return (e, timed ? o.instant..<(o.instant + length) : e.schedule.utcSpan)
    }

    /// After the series' start moved from `old`, moves its dates and overrides by as much (wall time for timed
    /// series, days for all-day ones), so each keeps its place in the series. A change of kind (timed to all-day)
    /// leaves them where no occurrence can match, and the store says so.
    mutating func shiftSeries(from old: Schedule) throws {
        guard var s = series else { return }
        let delta: Int
        switch (old.form, schedule.form) {
        case let (.timed(a, _), .timed(b, _)): delta = b.wallSeconds - a.wallSeconds
        case let (.allDay(a, _), .allDay(b, _)): delta = (b.dayNumber - a.dayNumber) * 86400
        default:
            throw AgendaError.invalid(field: "start", value: schedule.label,
                                      expected: "a start of the same kind as the series' (\(old.label)); give --no-repeat first")
        }
        guard delta != 0 else { return }
        func shift(_ key: String) -> String { Event.wallSeconds(key: key).map { seriesKey(wall: $0 + delta) } ?? key }
        s.rdates = s.rdates.map(shift)
        s.exdates = s.exdates.map(shift)
        s.overrides = s.overrides.map { x in var x = x; x.recurrenceID = shift(x.recurrenceID); return x }
        series = s
    }

    /// The occurrence a person means by `text` (any accepted date form, read in the event's zone): a time names
    /// the occurrence starting then; a day, the one occurrence starting that day. Returns its date key and
    /// occurrence.
    public func occurrence(named text: String, now: Date, field: String = "occurrence") throws -> (key: String, occurrence: ICalendar.Occurrence) {
        let set = try recurrenceSet()
        let zone = schedule.zone
        let when = try DateInput.parse(text, field: field, now: now, zone: zone)
        var found: [ICalendar.Occurrence] = []
        try expanding { () throws(RecurrenceError) in
            switch when {
            case .instant, .wall:
                let t = Int(when.startInstant(in: zone).timeIntervalSince1970)
                found = try set.occurrences(in: t..<(t + 1), limit: 2)
            default:
                // A period names one occurrence only if it holds one: up to 51 are enough to tell.
                let a = Int(when.startInstant(in: zone).timeIntervalSince1970), b = Int(when.endInstant(in: zone).timeIntervalSince1970)
                var it = set.makeIterator(from: a)
                while found.count <= 50, let o = try it.next(), o.instant < b {
                    if o.instant >= a { found.append(o) }
                }
            }
        }
        guard found.count == 1 else {
            let listed = found.prefix(5).map { seriesKey(wall: $0.wall) }.joined(separator: ", ") + (found.count > 5 ? ", …" : "")
            let held = found.count > 50 ? "more than 50" : String(found.count)
            let hint: String
            if case .day = when { hint = "give the time too" } else { hint = "give the day (and the time when two fall on it)" }
            throw AgendaError.invalid(field: field, value: text, expected: found.isEmpty
                ? "a date or time when event \(id.map { "#\($0)" } ?? uid) occurs (see `agenda event occurrences \(id.map(String.init) ?? uid)`)"
                : "one occurrence; it holds \(held) (\(listed)): \(hint)")
        }
        return (seriesKey(wall: found[0].wall), found[0])
    }

    /// The rule in words and the next three occurrences from `now` (`nextOccurrencesText`):
    /// "Repeats monthly on the 3rd Thursday; next: 2026-01-15 10:00–12:00; …".
    public func seriesSummary(now: Date) throws -> String {
        "Repeats \(repetitionWords); next: " + (try nextOccurrencesText(now: now))
    }

    /// What comes next, for people: the next three occurrences from `now` ("2026-01-15 10:00–12:00; …"), or, when
    /// none is to come, "none (the last was 2023-12-21 10:00–12:00)" (or "none" when every one was cancelled).
    /// One text for `event add`/`edit`, `event show` and the web page.
    public func nextOccurrencesText(now: Date) throws -> String {
        let next = try nextOccurrenceLabels(now: now)
        if !next.isEmpty { return next.joined(separator: "; ") }
        return lastOccurrenceLabel(before: now).map { "none (the last was \($0))" } ?? "none"
    }

    /// A note when the series' first occurrence (its start) is not one its rule gives, e.g. a "3rd Thursday" series
    /// starting on a Wednesday: iCalendar counts the start all the same, but some calendar programs leave it out.
    /// Nil when the rule gives the start (or there is no rule).
    public func startOffRuleNote() -> String? {
        guard let rule = series?.rule, let set = try? recurrenceSet() else { return nil }
        guard let first = set.firstRuleInstance() else {
            // "Yearly on 30 February": the rule gives no date, so the series is its start (and extra dates) alone.
            return "the rule (\(RepeatWords.describe(rule, zone: schedule.zone))) gives no date: the event occurs on "
                + "\(schedule.label)\(series?.rdates.isEmpty == false ? " and its extra dates" : "") only"
        }
        guard first.wall != set.start else { return nil }
        let suggested = occurrence(first).schedule.label
        return "the first occurrence, \(schedule.label), is not one the rule gives (\(RepeatWords.describe(rule, zone: schedule.zone))): "
            + "iCalendar counts it all the same, but some calendar programs leave it out; to avoid that, start on \(suggested)"
    }

    /// How the series repeats, in words ("monthly on the 3rd Thursday until 2026-12-31"; "on extra dates" when
    /// only RDATEs make it repeat).
    public var repetitionWords: String {
        series?.rule.map { RepeatWords.describe($0, zone: schedule.zone) } ?? "on extra dates"
    }

    /// The labels of the next `limit` occurrences from `now`, overrides applied and cancelled ones left out; none
    /// when none is to come (a series that has ended).
    public func nextOccurrenceLabels(now: Date, limit: Int = 3) throws -> [String] {
        let set = try recurrenceSet()
        let t = Int(now.timeIntervalSince1970)
        let overrides = series?.overridesByID ?? [:]
        // The first `limit` from `now`, as changed, cancelled ones left out (`occurrences(in:limit:)` would refuse
        // a range holding more than `limit`). A long run of cancelled ones stops the search after 1,000.
        // Those before `now` are passed over uncounted: a rule without COUNT starts up to two days early (a secondly
        // one 172,800 instances), one with COUNT at its start (a stored series has at most 1,000,000).
        var next: [Event] = []
        var it = set.makeIterator(from: t)
        var seen = 0, passed = 0
        while next.count < limit, seen < 1_000, passed < 1_000_000, let o = try? it.next() {
            guard o.instant >= t else { passed += 1; continue }
            seen += 1
            let e = occurrence(o, overrides: overrides)
            if e.status != .cancelled { next.append(e) }
        }
        return next.map(\.schedule.label)
    }

    /// The label of the last occurrence that started before `now`, as changed, cancelled ones left out; nil when
    /// there is none (or more than 1,000,000 lie between where the search starts and `now`).
    public func lastOccurrenceLabel(before now: Date) -> String? {
        guard let set = try? recurrenceSet() else { return nil }
        let t = Int(now.timeIntervalSince1970)
        let overrides = series?.overridesByID ?? [:]
        // A rule without COUNT is read from shortly before `now` (or its UNTIL, when earlier), further back while
        // nothing is found; one with COUNT, or extra dates alone, from the start. Extra dates after UNTIL are
        // found all the same: the search starts before the latest of them.
        let seeks = series?.rule.map { $0.count == nil } ?? false
        let latestRDate = set.rdates.max() ?? Int.min
        let end = max(min(t, (set.untilInstant ?? t) + 1), min(t, latestRDate + 1))
        var back = 4 * 86_400
        while true {
            let from = seeks ? end - back : nil
            var it = set.makeIterator(from: from)
            var last: ICalendar.Occurrence?, lastEvent: Event?
            var seen = 0, afterNow = 0
            // Occurrences come in the order of their original starts; one moved earlier may start before `now`
            // though its original start is after: those of the next 400 days (at most 1,000) are looked at too.
            // Without overrides an occurrence is its original start: the event is made for the last one only.
            while seen < 1_000_000, afterNow < 1_000, let o = try? it.next() {
                seen += 1
                if o.instant >= t { afterNow += 1; if o.instant >= t + 400 * 86_400 { break } }
                // DTSTART comes first whatever `from` says: it counts only when the search reaches back to it.
                if let from, o.instant < from { continue }
                if overrides.isEmpty {
                    if o.instant < t { last = o }
                } else {
                    let e = occurrence(o, overrides: overrides)
                    if e.status != .cancelled, e.schedule.utcSpan.lowerBound < t { lastEvent = e }
                }
            }
            // Stopped by the count before reaching `now`: the last one found need not be the last.
            if seen == 1_000_000 && afterNow == 0 { return nil }
            if let lastEvent { return lastEvent.schedule.label }
            if let last { return occurrence(last, overrides: overrides).schedule.label }
            guard let from, from > schedule.utcSpan.lowerBound else { return nil }
            back *= 32
        }
    }

    /// Runs an expansion, its failure told as a bad `repeat` value (`RecurrenceError.expectation`); a `window`
    /// holding more occurrences than one listing takes is told as this event's, with what to do.
    func expanding(window: Range<Int>? = nil, _ body: () throws(RecurrenceError) -> Void) throws {
        do { try body() } catch {
            let rule = series?.rule?.text ?? uid
            guard case let .instancesInWindow(limit)? = error.limit, let window else {
                throw AgendaError.invalid(field: "repeat", value: rule, expected: error.expectation)
            }
            let day = { (t: Int) in LocalDate(Date(timeIntervalSince1970: TimeInterval(t)), in: self.schedule.zone) }
            let which = id.map { "event #\($0)" } ?? "event \(uid)"
            let key = id.map(String.init) ?? uid
            throw AgendaError.conflict(
                "\(which) \"\(title)\" repeats \(repetitionWords) (\(rule)): more than \(limit) occurrences from "
                + "\(day(window.lowerBound)) to \(day(window.upperBound - 1)), more than one listing shows; ask for a "
                + "shorter window, or end the series ('agenda event edit \(key) --until WHEN')")
        }
    }

    /// The UTC extent of the whole series: from its first occurrence (or override) to the end of its last,
    /// nil at the end when it never ends. The store indexes it so windows find series without expanding them.
    public func seriesExtent(limit: Int = 1_000_000) throws -> (start: Int, end: Int?) {
        let shape = try seriesShape(limit: limit)
        return (shape.start, shape.end)
    }

    /// The series' extent (as `seriesExtent`) and its tabled starts (`Series.tabledStarts`: its rule, extra and
    /// excluded dates applied, overrides not), from one expansion.
    public func seriesShape(limit: Int = 1_000_000) throws -> (start: Int, end: Int?, starts: [Int]?) {
        let set = try recurrenceSet()
        let span = schedule.utcSpan
        let length = span.upperBound - span.lowerBound
        var start = span.lowerBound
        var end: Int?
        var starts: [Int]?
        try expanding { () throws(RecurrenceError) in
            guard let series else { return }
            let first = try set.prefix(series.tablingPrefix)
            if let o = first.first { start = min(start, o.instant) }
            starts = series.tabledStarts(first)
            if let last = starts?.last {
                end = last + length
            } else if series.ends {
                end = (try set.last(limit: limit)?.instant).map { $0 + length } ?? span.upperBound
            }
        }
        for x in series?.overrides ?? [] {
            guard let s = x.schedule else { continue }
            let u = s.utcSpan
            start = min(start, u.lowerBound)
            if let e = end { end = max(e, u.upperBound) }
        }
        return (start, end, starts)
    }
}

extension RecurrenceError {
    /// What a refused rule should have been, as the agenda's errors say it ("expected …").
    public var expectation: String {
        switch limit {
        case let .instances(n)?: "a series of at most \(n) occurrences (an earlier UNTIL or a smaller COUNT)"
        case let .steps(n)?: "a rule that gives an occurrence within \(n) steps (this one gives none)"
        case let .instancesInWindow(n)?: "at most \(n) occurrences in the window (ask for a shorter one)"
        case nil: message
        }
    }
}
