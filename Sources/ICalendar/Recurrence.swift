import Foundation

/// How the wall clock of a zone maps onto instants (RFC 5545 §3.3.5). Times are seconds since 1970-01-01T00:00:
/// `wall` on the zone's clock as if it were UTC, instants in UTC.
public enum WallClock {
    /// The instants a wall time denotes: one; two when clocks are turned back (earlier first); or none when a
    /// change skips it, in which case `skipped` holds the wall time read with the offset after the gap (an instant
    /// before it) and with the offset before the gap (the instant after it; RFC 5545's reading).
    public enum Resolution: Hashable, Sendable {
        case unique(Int)
        case repeated(first: Int, second: Int)
        case skipped(earlier: Int, later: Int)
    }

    public static func resolution(wall: Int, in zone: TimeZone) -> Resolution {
        resolution(wall: wall) { WallClock.offset(at: $0, in: zone) }
    }

    /// The same with the zone's offsets given as a function (a `ZoneOffsets` cache in loops).
    @inline(__always)
    static func resolution(wall: Int, offset: (Int) -> Int) -> Resolution {
        // Offsets change by at most a day at once (Pacific/Apia, 2011), so 30 hours either side see both sides.
        let before = offset(wall - 108_000), after = offset(wall + 108_000)
        if before == after, offset(wall - before) == before { return .unique(wall - before) }
        let a = wall - max(before, after), b = wall - min(before, after)
        let aValid = offset(a) == max(before, after)
        let bValid = a == b ? aValid : offset(b) == min(before, after)
        switch (aValid, bValid) {
        case (false, false): return .skipped(earlier: a, later: b)
        case (true, true) where a != b: return .repeated(first: a, second: b)
        case (true, _): return .unique(a)
        case (false, true): return .unique(b)
        }
    }

    /// The instant of a wall time as §3.3.5 reads it: a time skipped by a change takes the offset before the gap
    /// (02:30 on a spring-forward day is 03:30); a repeated time is its first occurrence.
    public static func instant(wall: Int, in zone: TimeZone) -> Int {
        switch resolution(wall: wall, in: zone) {
        case let .unique(t): t
        case let .repeated(first, _): first
        case let .skipped(_, later): later
        }
    }

    /// The wall time of an instant in a zone.
    public static func wall(instant: Int, in zone: TimeZone) -> Int {
        instant + WallClock.offset(at: instant, in: zone)
    }
}

/// Why an expansion stopped with an error instead of an answer.
public struct RecurrenceError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// Which limit stopped it, for callers that say it in their own words (nil: the rule itself is wrong).
    public var limit: Limit?
    public var description: String { message }

    public init(message: String, limit: Limit? = nil) {
        self.message = message
        self.limit = limit
    }

    /// The limits against hostile rules.
    public enum Limit: Hashable, Sendable {
        /// More than this many instances in the window asked for (`occurrences(in:limit:)`).
        case instancesInWindow(Int)
        /// More than this many instances in the whole series (`last(limit:)`).
        case instances(Int)
        /// This many steps of a sub-daily rule without an instance.
        case steps(Int)
    }
}

/// One instance of a recurrence set: its wall time in the series' zone and its instant.
public struct Occurrence: Hashable, Sendable, Comparable {
    public var wall: Int
    public var instant: Int
    public init(wall: Int, instant: Int) { self.wall = wall; self.instant = instant }
    public static func < (a: Occurrence, b: Occurrence) -> Bool { (a.instant, a.wall) < (b.instant, b.wall) }
}

/// DTSTART + RRULE + RDATE − EXDATE (RFC 5545 §3.8.5), expanded lazily and in instant order.
///
/// The rule runs on wall time in the series' zone; each generated wall time becomes an instant by
/// `WallClock.instant` (gaps take the offset before them, repeats their first occurrence). DTSTART is always
/// the first instance and counts toward COUNT; UNTIL is inclusive and compared as an instant (as a wall time when
/// the series floats); RDATE and EXDATE are instants; an instant occurs once however many ways it is reached.
public struct RecurrenceSet: Sendable {
    /// DTSTART on the zone's wall clock (midnight for a DATE).
    public var start: Int
    /// The series' zone; nil when it floats (then instants are wall times).
    public var zone: TimeZone?
    /// Whether DTSTART is a DATE: the rule's time parts are then ignored and every instance is a midnight.
    public var isDate: Bool
    public var rule: RecurrenceRule?
    /// Extra instances (instants).
    public var rdates: [Int]
    /// Excluded instances (instants).
    public var exdates: [Int]

    public init(start: Int, zone: TimeZone?, isDate: Bool = false, rule: RecurrenceRule?, rdates: [Int] = [],
                exdates: [Int] = []) {
        self.start = start; self.zone = zone; self.isDate = isDate; self.rule = rule
        self.rdates = rdates; self.exdates = exdates
    }

    /// The most instances one call returns; a window holding more is an error, not a truncated answer.
    public static let defaultLimit = 100_000

    /// The instances whose instant lies in `window` (all of them when nil), in order. Without COUNT the rule starts
    /// at the period holding the window's start instead of at DTSTART, so a window years after DTSTART costs
    /// what the window holds.
    public func occurrences(in window: Range<Int>? = nil, limit: Int = RecurrenceSet.defaultLimit)
        throws(RecurrenceError) -> [Occurrence] {
        var out: [Occurrence] = []
        var it = makeIterator(from: window?.lowerBound)
        while let o = try it.next() {
            if let window {
                if o.instant < window.lowerBound { continue }
                if o.instant >= window.upperBound { break }
            }
            guard out.count < limit else {
                throw RecurrenceError(message: "the series has more than \(limit) occurrences in the range asked for; ask for a shorter range",
                                      limit: .instancesInWindow(limit))
            }
            out.append(o)
        }
        return out
    }

    /// Whether an instance of the set starts at `instant`.
    /// An RDATE or EXDATE answers without an iterator, which sorts them all: a series of 20,000 RDATEs, each
    /// asked once, took minutes.
    public func contains(_ instant: Int) throws(RecurrenceError) -> Bool {
        if exdates.contains(instant) { return false }
        if rdates.contains(instant) { return true }
        var ruleOnly = self
        ruleOnly.rdates = []
        ruleOnly.exdates = []
        return try ruleOnly.occurrences(in: instant..<(instant + 1), limit: 2).contains { $0.instant == instant }
    }

    /// Which of `instants` are instances of the set, from one expansion of the span they cover: asked one at a time
    /// (`contains`), a COUNT rule is counted from its start for each (10,000 changed occurrences of a daily series:
    /// 6.6 s). Nil for fewer than two, or a span the expansion refuses (too many instances): ask `contains`.
    public func instances(among instants: [Int]) -> Set<Int>? {
        guard instants.count > 1, let lo = instants.min(), let hi = instants.max(),
              let all = try? occurrences(in: lo..<(hi + 1)) else { return nil }
        return Set(all.map(\.instant)).intersection(instants)
    }

    /// The first `n` instances.
    public func prefix(_ n: Int) throws(RecurrenceError) -> [Occurrence] {
        var out: [Occurrence] = []
        var it = makeIterator(from: nil)
        while out.count < n, let o = try it.next() { out.append(o) }
        return out
    }

    /// The rule's own first instance at or after DTSTART, DTSTART's inclusion aside (nil without a rule, or when
    /// it gives none before failing). When it is not DTSTART, the rule does not match DTSTART: RFC 5545 makes
    /// DTSTART an instance all the same, but some readers (python-dateutil, calendar programs built on it) leave
    /// it out.
    public func firstRuleInstance() -> Occurrence? {
        guard let rule else { return nil }
        var generator = RuleGenerator(rule: rule, start: start, isDate: isDate)
        guard let wall = try? generator.next() else { return nil }
        return occurrence(wall: wall)
    }

    /// The last instance, or nil when the series never ends (no COUNT or UNTIL) or has no instance.
    public func last(limit: Int = 1_000_000) throws(RecurrenceError) -> Occurrence? {
        if let rule, rule.count == nil, rule.until == nil { return nil }
        var it = makeIterator(from: nil)
        var last: Occurrence?
        var n = 0
        while let o = try it.next() {
            last = o; n += 1
            guard n <= limit else { throw RecurrenceError(message: "the series has more than \(limit) occurrences", limit: .instances(limit)) }
        }
        return last
    }

    /// The rule's UNTIL as an instant (nil without one): the last instant an instance may start at.
    public var untilInstant: Int? {
        switch rule?.until {
        case let .date(d)?:
            // A DATE bound includes that whole day.
            let wall = dayNumber(d) * 86400 + (isDate ? 0 : 86399)
            return zone.map { WallClock.instant(wall: wall, in: $0) } ?? wall
        case let .dateTime(t)?:
            let wall = dayNumber(t.date) * 86400 + t.hour * 3600 + t.minute * 60 + t.second
            if case .utc = t.form { return wall }
            return zone.map { WallClock.instant(wall: wall, in: $0) } ?? wall
        case nil: return nil
        }
    }

    /// An iterator over the instances, in instant order. `from` lets a rule without COUNT skip periods that end
    /// before it (instances before `from` may still come and are the caller's to drop).
    public func makeIterator(from: Int? = nil) -> Iterator { Iterator(self, from: from) }

    public func occurrence(wall: Int) -> Occurrence {
        Occurrence(wall: wall, instant: zone.map { WallClock.instant(wall: wall, in: $0) } ?? wall)
    }

    public func occurrence(instant: Int) -> Occurrence {
        Occurrence(wall: zone.map { WallClock.wall(instant: instant, in: $0) } ?? instant, instant: instant)
    }

    public struct Iterator {
        var ruleInstances: RuleInstances
        let rdates: [Int]
        var rdateIndex = 0
        let exdates: Set<Int>
        var nextRule: Occurrence?
        var ruleStarted = false
        var lastInstant: Int?
        let set: RecurrenceSet

        init(_ set: RecurrenceSet, from: Int?) {
            self.set = set
            ruleInstances = RuleInstances(set, from: from)
            var rd = Array(Set(set.rdates)).sorted()
            if let from { rd.removeAll { $0 < from } }
            rdates = rd
            exdates = Set(set.exdates)
        }

        public mutating func next() throws(RecurrenceError) -> Occurrence? {
            if !ruleStarted { nextRule = try ruleInstances.next(); ruleStarted = true }
            while true {
                let r = rdateIndex < rdates.count ? rdates[rdateIndex] : nil
                let candidate: Occurrence
                switch (nextRule, r) {
                case (nil, nil): return nil
                case let (rule?, rd?) where rd < rule.instant:
                    candidate = set.occurrence(instant: rd); rdateIndex += 1
                case let (rule?, _):
                    candidate = rule; nextRule = try ruleInstances.next()
                case let (nil, rd?):
                    candidate = set.occurrence(instant: rd); rdateIndex += 1
                }
                if candidate.instant == lastInstant || exdates.contains(candidate.instant) { continue }
                lastInstant = candidate.instant
                return candidate
            }
        }
    }
}

/// DTSTART and the RRULE's instances, resolved to instants, in instant order, once each, bounded by UNTIL and
/// COUNT.
struct RuleInstances {
    var generator: RuleGenerator?
    let zone: TimeZone?
    var offsets: ZoneOffsets?
    /// Generated instances not yet given out, in instant order. Resolving wall times can reorder them only
    /// within a DST gap (at most a day), so an instance is given out once the generator is 30 hours past it.
    var buffer: [Occurrence] = []
    /// Where the instances not yet given out start in `buffer` (those before it are spent): a sub-daily rule
    /// buffers 30 hours of instances (108,000 of a secondly one), and removing each from the front moved the rest.
    var head = 0
    var generatorDone = false
    var latestWall = Int.min
    var emitted = 0
    var lastInstant: Int?
    let count: Int?
    let until: Int?
    var finished = false
    let horizon: Int

    init(_ set: RecurrenceSet, from: Int?) {
        zone = set.zone
        offsets = set.zone.map(ZoneOffsets.init)
        horizon = set.zone == nil ? 0 : 108_000
        let rule = set.rule
        count = rule?.count
        let until = set.untilInstant
        self.until = until
        // DTSTART is the first instance, whatever the rule says.
        let first = set.occurrence(wall: set.start)
        buffer = [first]
        latestWall = set.start
        if let rule {
            var g = RuleGenerator(rule: rule, start: set.start, isDate: set.isDate)
            if rule.count == nil, let from {
                // Start two days early (in wall time) so no instance at or after `from` is missed.
                let fromWall = set.zone.map { WallClock.wall(instant: from, in: $0) } ?? from
                g.seek(toWall: fromWall - 172_800)
            }
            if let until { g.wallBound = until + 108_000 }
            generator = g
        } else {
            generatorDone = true
        }
    }

    mutating func next() throws(RecurrenceError) -> Occurrence? {
        while !finished {
            // Fill until the first buffered instance can no longer be preceded by one still to come.
            while !generatorDone, head == buffer.count || latestWall < buffer[head].wall + horizon {
                guard let wall = try generator!.next() else { generatorDone = true; break }
                latestWall = wall
                let o = Occurrence(wall: wall, instant: offsets != nil ? offsets!.instant(wall: wall) : wall)
                if head > 4096 && head * 2 > buffer.count {
                    buffer.removeFirst(head)
                    head = 0
                }
                var i = buffer.count
                while i > head && buffer[i - 1].instant > o.instant { i -= 1 }
                buffer.insert(o, at: i)
            }
            guard head < buffer.count else { finished = true; return nil }
            let o = buffer[head]
            head += 1
            if o.instant == lastInstant { continue }
            if let lastInstant, o.instant < lastInstant { continue }
            if emitted > 0, let until, o.instant > until { finished = true; return nil }
            lastInstant = o.instant
            emitted += 1
            if let count, emitted >= count { finished = true }
            return o
        }
        return nil
    }
}

/// The wall times an RRULE generates from DTSTART, period by period (§3.3.10's table of expansions and
/// limits), in wall order, each at or after DTSTART.
struct RuleGenerator {
    let rule: RecurrenceRule
    let freq: RecurrenceRule.Frequency
    let interval: Int
    let start: Int, startDay: Int, startYear: Int, startMonth: Int
    /// Generation stops past this wall time (UNTIL plus the largest offset).
    var wallBound = Int.max
    // The rule with DTSTART's defaults filled in.
    /// Bit m set: month m is in the rule (bits, not arrays: a rule is set up for every series a window touches).
    var months: UInt16 = 0, anyMonth = true
    var monthDays: [Int] = [], yearDays: [Int] = [], weekNos: [Int] = []
    var weekdays: UInt8 = 0, ordinals: [RecurrenceRule.WeekdayNum] = [], anyWeekday = true
    var hours: [Int] = [], minutes: [Int] = [], seconds: [Int] = []
    /// Sorted seconds of the day every day-level period uses.
    var times: [Int] = []
    var period = 0
    var emptyPeriods = 0
    var pending: [Int] = []
    var pendingIndex = 0
    var iterations = 0

    /// How many empty periods in a row prove that no period will ever match: the Gregorian calendar repeats
    /// every 400 years (146,097 days, 20,871 weeks, 4,800 months), so a pattern of days has then come round.
    var cycle: Int {
        switch freq {
        case .yearly: 401
        case .monthly: 4801
        case .weekly: 20_872
        default: 146_098
        }
    }

    /// Sub-daily rules step through hours, minutes or seconds; this many steps without an instance is an error.
    static let stepLimit = 2_000_000

    init(rule: RecurrenceRule, start: Int, isDate: Bool) {
        self.rule = rule
        freq = rule.frequency
        interval = max(1, rule.interval)
        self.start = start
        startDay = floorDiv(start, 86400)
        let c = CivilCalendar.date(dayNumber: startDay)
        startYear = c.year; startMonth = c.month
        let sod = start - startDay * 86400
        let wd = Weekday(dayNumber: startDay)
        // Missing parts come from DTSTART (§3.3.10): the day of the month in YEARLY and MONTHLY, the weekday in
        // WEEKLY. A week number alone (YEARLY;BYWEEKNO=20) names every day of that week, as python-dateutil and
        // libical read it.

        for m in rule.byMonth { months |= 1 << m }
        anyMonth = rule.byMonth.isEmpty
        monthDays = rule.byMonthDay; yearDays = rule.byYearDay; weekNos = rule.byWeekNo
        var byDay = rule.byDay
        let noDayParts = rule.byWeekNo.isEmpty && rule.byYearDay.isEmpty && rule.byMonthDay.isEmpty && rule.byDay.isEmpty
        switch freq {
        case .yearly where noDayParts:
            if rule.byMonth.isEmpty { months |= 1 << c.month; anyMonth = false }
            monthDays = [c.day]
        case .monthly where rule.byMonthDay.isEmpty && rule.byDay.isEmpty:
            monthDays = [c.day]
        case .weekly where rule.byDay.isEmpty:
            byDay = [.init(nil, wd)]
        default: break
        }
        // Numbered weekdays count within the month (MONTHLY, or YEARLY with BYMONTH) or the year; elsewhere, and
        // with BYWEEKNO, the number is meaningless and the weekday alone counts.
        let numbered = (freq == .monthly || freq == .yearly) && rule.byWeekNo.isEmpty
        for d in byDay {
            if let n = d.ordinal, numbered { ordinals.append(.init(n, d.weekday)) } else { weekdays |= 1 << d.weekday.rawValue }
        }
        anyWeekday = byDay.isEmpty

        if isDate {
            hours = [0]; minutes = [0]; seconds = [0]
        } else {
            hours = rule.byHour.isEmpty ? [sod / 3600] : rule.byHour.sorted()
            minutes = rule.byMinute.isEmpty ? [sod % 3600 / 60] : rule.byMinute.sorted()
            // A leap second (60) has no place on a wall clock that counts 86,400 seconds a day.
            seconds = rule.bySecond.isEmpty ? [sod % 60] : rule.bySecond.filter { $0 < 60 }.sorted()
        }
        for h in hours { for m in minutes { for s in seconds { times.append(h * 3600 + m * 60 + s) } } }
        if !rule.bySetPos.isEmpty {
            // BYSETPOS beyond the most instances a period can hold can never match: the series ends at DTSTART.
            let most = mostInstancesPerPeriod
            if rule.bySetPos.allSatisfy({ abs($0) > most }) { impossible = true }
        }
    }

    /// Whether no period can ever give an instance (the generator then ends at once).
    var impossible = false

    /// An upper bound on the instances of one period, from the parts that limit it.
    var mostInstancesPerPeriod: Int {
        let monthsPerPeriod: Int = switch freq {
        case .yearly: anyMonth ? 12 : months.nonzeroBitCount
        case .weekly: 2
        default: 1
        }
        var days: Int = switch freq {
        case .yearly: 371
        case .monthly: 31
        case .weekly: 7
        default: 1
        }
        if !monthDays.isEmpty { days = min(days, monthDays.count * monthsPerPeriod) }
        if !yearDays.isEmpty { days = min(days, yearDays.count * (freq == .yearly ? 2 : 1)) }
        if !anyWeekday && weekdays == 0 {
            days = min(days, ordinals.count * (freq == .yearly && anyMonth ? 1 : monthsPerPeriod))
        }
        let perDay: Int = switch freq {
        case .hourly: minutes.count * seconds.count
        case .minutely: seconds.count
        case .secondly: 1
        default: times.count
        }
        return days * perDay
    }

    /// Moves to the last period that starts at or before `wall` (never before the first).
    mutating func seek(toWall wall: Int) {
        guard wall > start else { return }
        let day = floorDiv(wall, 86400)
        let c = CivilCalendar.date(dayNumber: day)
        let k: Int
        switch freq {
        case .yearly: k = floorDiv(c.year - 1 - startYear, interval)
        case .monthly: k = floorDiv((c.year * 12 + c.month) - (startYear * 12 + startMonth), interval)
        case .weekly: k = floorDiv(weekStart(day) - weekStart(startDay), 7 * interval)
        case .daily: k = floorDiv(day - startDay, interval)
        case .hourly, .minutely, .secondly:
            let unit = freq.unitSeconds
            k = floorDiv(floorDiv(wall, unit) - floorDiv(start, unit), interval)
        }
        period = max(period, k)
    }

    mutating func next() throws(RecurrenceError) -> Int? {
        if impossible { return nil }
        while true {
            if pendingIndex < pending.count {
                let w = pending[pendingIndex]
                pendingIndex += 1
                if w > wallBound { return nil }
                return w
            }
            pending.removeAll(keepingCapacity: true); pendingIndex = 0
            guard let more = try fillPeriod() else { return nil }
            if !more { continue }
        }
    }

    /// Fills `pending` with the next period's wall times at or after DTSTART. Returns nil when there are no more
    /// periods, false when the period was empty.
    mutating func fillPeriod() throws(RecurrenceError) -> Bool? {
        if freq.isSubDaily { return try fillSubDailyPeriod() }
        let k = period
        period += 1
        var days: [Int] = []
        switch freq {
        case .yearly:
            let year = startYear + k * interval
            guard year <= 9999 else { return nil }
            if !weekNos.isEmpty {
                let w1 = weekOneStart(year), w2 = weekOneStart(year + 1)
                let weeks = (w2 - w1) / 7
                for d in w1..<w2 where weekNoMatches((d - w1) / 7 + 1, weeks: weeks) && dayMatches(d) { days.append(d) }
            } else if !anyMonth {
                for m in 1...12 where months & (1 << m) != 0 {
                    let first = CivilCalendar.dayNumber(year: year, month: m, day: 1)
                    for i in 0..<CivilCalendar.daysInMonth(year: year, month: m) where dayMatches(first + i, (year, m, i + 1)) { days.append(first + i) }
                }
            } else {
                let first = CivilCalendar.dayNumber(year: year, month: 1, day: 1)
                for d in first..<CivilCalendar.dayNumber(year: year + 1, month: 1, day: 1) where dayMatches(d) { days.append(d) }
            }
        case .monthly:
            let index = startYear * 12 + (startMonth - 1) + k * interval
            let year = floorDiv(index, 12), month = index - year * 12 + 1
            guard year <= 9999 else { return nil }
            if anyMonth || months & (1 << month) != 0 {
                let first = CivilCalendar.dayNumber(year: year, month: month, day: 1)
                for i in 0..<CivilCalendar.daysInMonth(year: year, month: month) where dayMatches(first + i, (year, month, i + 1)) { days.append(first + i) }
            }
        case .weekly:
            let first = weekStart(startDay) + 7 * k * interval
            guard first < 2_932_897 else { return nil }  // 10000-01-01
            for d in first..<(first + 7) where dayMatches(d) { days.append(d) }
        default:
            let d = startDay + k * interval
            guard d < 2_932_897 else { return nil }
            if dayMatches(d) { days.append(d) }
        }
        if !days.isEmpty {
            if rule.bySetPos.isEmpty {
                for d in days { for t in times { let w = d * 86400 + t; if w >= start { pending.append(w) } } }
            } else {
                let total = days.count * times.count
                for i in setPositions(total) {
                    let w = days[i / times.count] * 86400 + times[i % times.count]
                    if w >= start { pending.append(w) }
                }
            }
        }
        if pending.isEmpty {
            emptyPeriods += 1
            if emptyPeriods >= cycle { return nil }
            if days.isEmpty, let last = pendingLastDayBound(k), last * 86400 > wallBound { return nil }
            return false
        }
        emptyPeriods = 0
        return true
    }

    /// The first day after period `k` (for stopping at UNTIL even through empty periods).
    func pendingLastDayBound(_ k: Int) -> Int? {
        switch freq {
        case .yearly: return CivilCalendar.dayNumber(year: min(startYear + k * interval, 9999), month: 1, day: 1)
        case .weekly: return weekStart(startDay) + 7 * k * interval
        case .daily: return startDay + k * interval
        default: return nil
        }
    }

    mutating func fillSubDailyPeriod() throws(RecurrenceError) -> Bool? {
        let unit = freq.unitSeconds
        let startUnit = floorDiv(start, unit)
        let wall = (startUnit + period * interval) * unit
        if wall > wallBound { return nil }
        let day = floorDiv(wall, 86400)
        guard day < 2_932_897 else { return nil }
        let sod = wall - day * 86400
        // Skip to the first period of the next day, hour or minute when this one cannot match.
        func skip(to boundary: Int) {
            let target = floorDiv(boundary + unit - 1, unit)
            period = max(period + 1, floorDiv(target - startUnit + interval - 1, interval))
        }
        guard dayMatches(day) else {
            // Days that never match end the series once a whole calendar cycle has gone by (as `cycle` says).
            emptyPeriods += 1
            if emptyPeriods >= 146_098 { return nil }
            skip(to: (day + 1) * 86400)
            return false
        }
        emptyPeriods = 0
        iterations += 1
        if iterations > RuleGenerator.stepLimit {
            throw RecurrenceError(message: "RRULE \(rule.text) finds no instance in \(RuleGenerator.stepLimit) steps; it is refused",
                                  limit: .steps(RuleGenerator.stepLimit))
        }
        let hour = sod / 3600, minute = sod % 3600 / 60, second = sod % 60
        if !rule.byHour.isEmpty && !rule.byHour.contains(hour) {
            if freq == .hourly { period += 1 } else { skip(to: day * 86400 + (hour + 1) * 3600) }
            return false
        }
        var walls: [Int] = []
        switch freq {
        case .hourly:
            for m in minutes { for s in seconds { walls.append(wall + m * 60 + s) } }
        case .minutely:
            if !rule.byMinute.isEmpty && !rule.byMinute.contains(minute) { period += 1; return false }
            for s in seconds { walls.append(wall + s) }
        default:
            if !rule.byMinute.isEmpty && !rule.byMinute.contains(minute) {
                skip(to: day * 86400 + hour * 3600 + (minute + 1) * 60); return false
            }
            if !rule.bySecond.isEmpty && !rule.bySecond.contains(second) { period += 1; return false }
            walls = [wall]
        }
        period += 1
        if !rule.bySetPos.isEmpty { walls = setPositions(walls.count).map { walls[$0] } }
        for w in walls where w >= start { pending.append(w) }
        if pending.isEmpty { return false }
        iterations = 0
        return true
    }

    /// BYSETPOS over a period of `total` sorted instances: the indices chosen, sorted, once each.
    func setPositions(_ total: Int) -> [Int] {
        var out: [Int] = []
        for p in rule.bySetPos {
            let i = p > 0 ? p - 1 : total + p
            if i >= 0 && i < total && !out.contains(i) { out.append(i) }
        }
        return out.sorted()
    }

    /// The BYMONTH, BYYEARDAY, BYMONTHDAY and BYDAY tests of a day (BYWEEKNO is tested by the yearly period).
    func dayMatches(_ d: Int) -> Bool {
        let wd = Weekday(dayNumber: d).rawValue
        if anyWeekday == false && weekdays & (1 << wd) == 0 && ordinals.isEmpty { return false }
        return dayMatches(d, CivilCalendar.date(dayNumber: d))
    }

    /// The same with the day's date already known (loops over a month know it without working it out).
    func dayMatches(_ d: Int, _ c: (year: Int, month: Int, day: Int)) -> Bool {
        let wd = Weekday(dayNumber: d).rawValue
        if anyWeekday == false && weekdays & (1 << wd) == 0 && ordinals.isEmpty { return false }
        if !anyMonth && months & (1 << c.month) == 0 { return false }
        if !monthDays.isEmpty {
            let dim = CivilCalendar.daysInMonth(year: c.year, month: c.month)
            guard monthDays.contains(where: { $0 == c.day || $0 == c.day - dim - 1 }) else { return false }
        }
        if !yearDays.isEmpty {
            let doy = d - CivilCalendar.dayNumber(year: c.year, month: 1, day: 1) + 1
            let len = CivilCalendar.isLeap(c.year) ? 366 : 365
            guard yearDays.contains(where: { $0 == doy || $0 == doy - len - 1 }) else { return false }
        }
        if !anyWeekday {
            if weekdays & (1 << wd) != 0 { return true }
            // A numbered weekday: the n-th (or n-th last) of its kind in the month or the year.
            let inMonth = freq == .monthly || !anyMonth
            let first = inMonth ? CivilCalendar.dayNumber(year: c.year, month: c.month, day: 1)
                                : CivilCalendar.dayNumber(year: c.year, month: 1, day: 1)
            let length = inMonth ? CivilCalendar.daysInMonth(year: c.year, month: c.month) : (CivilCalendar.isLeap(c.year) ? 366 : 365)
            let index = d - first
            let fromStart = index / 7 + 1, fromEnd = -((length - 1 - index) / 7 + 1)
            return ordinals.contains { $0.weekday.rawValue == wd && ($0.ordinal == fromStart || $0.ordinal == fromEnd) }
        }
        return true
    }

    func weekNoMatches(_ week: Int, weeks: Int) -> Bool {
        weekNos.contains { $0 == week || $0 == week - weeks - 1 }
    }

    /// The first day of the week (by WKST) holding day `d`.
    func weekStart(_ d: Int) -> Int { d - (Weekday(dayNumber: d).rawValue - rule.weekStart.rawValue + 7) % 7 }

    /// The first day of week 1 of `year`: the week (by WKST) holding 4 January, so at least four of its days are
    /// in the year (§3.3.10, ISO 8601).
    func weekOneStart(_ year: Int) -> Int { weekStart(CivilCalendar.dayNumber(year: year, month: 1, day: 4)) }
}

extension RecurrenceRule.Frequency {
    var isSubDaily: Bool { self == .hourly || self == .minutely || self == .secondly }
    var unitSeconds: Int { self == .hourly ? 3600 : self == .minutely ? 60 : 1 }
}

@inline(__always) func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }

/// One zone's offsets for a loop: the year table in hand is asked first, so a series expanded in one zone takes
/// no hash of the zone's name per instance.
struct ZoneOffsets {
    let zone: TimeZone
    private let name: String
    private var year = Int.min
    private var entry: (start: Int, changes: [(at: Int, offset: Int)])?

    init(_ zone: TimeZone) { self.zone = zone; name = zone.identifier }

    mutating func offset(at t: Int) -> Int {
        let y = CivilCalendar.date(dayNumber: floorDiv(t, 86400)).year
        if y != year { year = y; entry = OffsetTable.current.entry(zone, name: name, year: y) }
        guard let entry else { return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))) }
        var offset = entry.start
        for c in entry.changes { if c.at <= t { offset = c.offset } else { break } }
        return offset
    }

    /// `WallClock.instant(wall:in:)` with this cache.
    mutating func instant(wall: Int) -> Int {
        switch WallClock.resolution(wall: wall, offset: { offset(at: $0) }) {
        case let .unique(t): t
        case let .repeated(first, _): first
        case let .skipped(_, later): later
        }
    }

}

extension WallClock {
    /// The UTC offset of `zone` at `instant` (seconds), from a table of each year's offset changes built once per
    /// zone and year: expanding a year of a series or listing thousands of occurrences asks the same zone for the
    /// same years again and again, and one tz-database lookup costs far more than a search of a few entries. A year
    /// whose table does not end at the offset the zone reports (a change the transition walk missed) is not
    /// tabled: the zone is asked directly. Each thread has its own tables (`PerThread`), so threads never wait
    /// for each other here.
    public static func offset(at instant: Int, in zone: TimeZone) -> Int {
        OffsetTable.current.offset(at: instant, in: zone)
    }
}

/// A thread's zone-offset tables (`OffsetTable.current`); only that thread uses them, so they take no lock.
final class OffsetTable {
    private static let perThread = PerThread { OffsetTable() }
    /// The calling thread's tables.
    static var current: OffsetTable { perThread.value }

    private struct Key: Hashable { var zone: String; var year: Int }
    /// Per year: the offset at its start, then (instant, offset from then on) for each change in it; nil when the
    /// year could not be tabled.
    private var years: [Key: (start: Int, changes: [(at: Int, offset: Int)])?] = [:]

    /// The table of `zone` (named `name`) for `year`, nil when the year cannot be tabled.
    func entry(_ zone: TimeZone, name: String, year: Int) -> (start: Int, changes: [(at: Int, offset: Int)])? {
        let key = Key(zone: name, year: year)
        if let cached = years[key] { return cached }
        let entry = Self.table(zone, year)
        years[key] = entry
        return entry
    }

    /// The last two stretches `offset(at:in:)` answered from a table, the latest first: the zone, the instants
    /// between two of its offset changes (or a year's bounds), and the offset then. Listings ask the same zones
    /// (the viewer's and a venue's) about neighbouring instants again and again; these answer them without a hash
    /// of the zone's name or a search of the year.
    private var latest: (zone: String, span: Range<Int>, offset: Int)?
    private var before: (zone: String, span: Range<Int>, offset: Int)?

    func offset(at t: Int, in zone: TimeZone) -> Int {
        let name = zone.identifier
        if let s = latest, s.span.contains(t), s.zone == name { return s.offset }
        if let s = before, s.span.contains(t), s.zone == name {
            (latest, before) = (s, latest)
            return s.offset
        }
        let year = CivilCalendar.date(dayNumber: floorDiv(t, 86400)).year
        let entry = self.entry(zone, name: name, year: year)
        guard let entry else { return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))) }
        var offset = entry.start
        var from = CivilCalendar.dayNumber(year: year, month: 1, day: 1) * 86400
        var to = CivilCalendar.dayNumber(year: year + 1, month: 1, day: 1) * 86400
        for c in entry.changes {
            if c.at <= t { offset = c.offset; from = c.at } else { to = c.at; break }
        }
        (latest, before) = ((name, from..<to, offset), latest)
        return offset
    }

    private static func table(_ zone: TimeZone, _ year: Int) -> (start: Int, changes: [(at: Int, offset: Int)])? {
        guard (1800...2200).contains(year) else { return nil }
        let from = CivilCalendar.dayNumber(year: year, month: 1, day: 1) * 86400
        let to = CivilCalendar.dayNumber(year: year + 1, month: 1, day: 1) * 86400
        let date = { (t: Int) in Date(timeIntervalSince1970: TimeInterval(t)) }
        let start = zone.secondsFromGMT(for: date(from))
        var changes: [(at: Int, offset: Int)] = []
        var cursor = date(from)
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < date(to), changes.count < 16 {
            let at = Int(next.timeIntervalSince1970.rounded(.up))
            changes.append((at, zone.secondsFromGMT(for: date(at))))
            cursor = next
        }
        // The walk must account for every change: the year ends at the offset its last entry says.
        let last = changes.last?.offset ?? start
        guard zone.secondsFromGMT(for: date(to - 1)) == last else { return nil }
        for c in changes where zone.secondsFromGMT(for: date(c.at - 1)) == c.offset { return nil }
        return (start, changes)
    }
}
