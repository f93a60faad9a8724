import Foundation

/// Builds VTIMEZONE components from the zone's real rules (Foundation's tz database), covering a span of instants.
///
/// Transitions inside the span (widened by a year each side) are written as observances. When the latest of them
/// follow a yearly rule (month, nth or last weekday, local time) that holds to the end of the span, they are
/// written as the STANDARD/DAYLIGHT pair with an RRULE that Outlook expects; earlier or irregular transitions are
/// written one by one. A zone without transitions in the span gets a single STANDARD observance.
public enum TimeZoneComponent {
    /// One change of offset.
    struct Transition: Equatable {
        var instant: Int
        var from: Int
        var to: Int
        var isDaylight: Bool
        var name: String?

        /// Wall time of the transition in the offset before it (observance DTSTART).
        var localStart: (date: DateValue, seconds: Int) {
            let wall = instant + from
            let days = Int((Double(wall) / 86400).rounded(.down))
            return (civil(days), wall - days * 86400)
        }
    }

    /// The VTIMEZONE for `identifier` covering `span` (UTC seconds); nil for an unknown zone.
    public static func make(_ identifier: String, covering span: ClosedRange<Int>) -> Component? {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        let lower = span.lowerBound - 366 * 86400, upper = span.upperBound + 366 * 86400
        let transitions = self.transitions(zone, from: lower, to: upper)
        var observances: [Component] = []
        if transitions.isEmpty {
            let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(span.lowerBound)))
            let name = zone.abbreviation(for: Date(timeIntervalSince1970: TimeInterval(span.lowerBound)))
            // Start at the covered span (not 1970): before it the zone may have had another offset
            // (Asia/Kathmandu was +05:30 until 1986), which a VTIMEZONE starting earlier would misstate.
            let days = Int((Double(lower + offset) / 86400).rounded(.down))
            observances.append(observance(isDaylight: false, start: (civil(days), 0),
                                          from: offset, to: offset, name: name, rule: nil))
        } else {
            // The offset in force before the first transition, when the span reaches back before it.
            let first = transitions[0]
            if first.instant > span.lowerBound {
            let startWall = lower + first.from
            let days = Int((Double(startWall) / 86400).rounded(.down))
            let prior = Date(timeIntervalSince1970: TimeInterval(first.instant - 1))
            observances.append(observance(isDaylight: zone.isDaylightSavingTime(for: prior),
                                          start: (civil(days), 0), from: first.from, to: first.from,
                                          name: zone.abbreviation(for: prior), rule: nil))
            }
            let (explicitCount, rules) = yearlyTail(transitions, until: upper)
            for t in transitions.prefix(explicitCount) {
                observances.append(observance(isDaylight: t.isDaylight, start: t.localStart, from: t.from, to: t.to,
                                              name: t.name, rule: nil))
            }
            for (t, rule) in rules {
                observances.append(observance(isDaylight: t.isDaylight, start: t.localStart, from: t.from, to: t.to,
                                              name: t.name, rule: rule))
            }
        }
        return Component("VTIMEZONE", properties: [.text("TZID", identifier)], components: observances)
    }

    static func observance(isDaylight: Bool, start: (date: DateValue, seconds: Int), from: Int, to: Int,
                           name: String?, rule: RecurrenceRule?) -> Component {
        var props: [Property] = [
            Property("DTSTART", .dateTime(DateTimeValue(date: start.date, hour: start.seconds / 3600,
                                                        minute: start.seconds % 3600 / 60, second: start.seconds % 60,
                                                        form: .floating))),
            Property("TZOFFSETFROM", .utcOffset(from)),
            Property("TZOFFSETTO", .utcOffset(to)),
        ]
        if let rule { props.append(Property("RRULE", .recur(rule))) }
        // Foundation on Linux names offsets "GMT+1"; such a TZNAME says nothing the offsets do not.
        if let name, !name.isEmpty, !name.hasPrefix("GMT") { props.append(.text("TZNAME", name)) }
        return Component(isDaylight ? "DAYLIGHT" : "STANDARD", properties: props)
    }

    /// Every offset change of `zone` in [from, to].
    static func transitions(_ zone: TimeZone, from: Int, to: Int) -> [Transition] {
        var result: [Transition] = []
        var cursor = Date(timeIntervalSince1970: TimeInterval(from))
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 <= Double(to) {
            let t = Int(next.timeIntervalSince1970.rounded())
            let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t - 1)))
            let after = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t)))
            if before != after || zone.isDaylightSavingTime(for: Date(timeIntervalSince1970: TimeInterval(t - 1)))
                != zone.isDaylightSavingTime(for: Date(timeIntervalSince1970: TimeInterval(t))) {
                let at = Date(timeIntervalSince1970: TimeInterval(t))
                result.append(Transition(instant: t, from: before, to: after, isDaylight: zone.isDaylightSavingTime(for: at),
                                         name: zone.abbreviation(for: at)))
            }
            if next <= cursor { break }
            cursor = next
            if result.count > 10_000 { break }
        }
        return result
    }


    /// ISO weekday 1...7 of a date.
    static func isoWeekday(_ d: DateValue) -> Int { ((dayNumber(d) % 7) + 7 + 3) % 7 + 1 }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The date in `year` that "nth (or last when n = -1) weekday of month" names.
    static func ruleDate(year: Int, month: Int, weekday: Int, n: Int) -> DateValue {
        if n > 0 {
            let firstWeekday = isoWeekday(DateValue(year: year, month: month, day: 1))
            let day = 1 + (weekday - firstWeekday + 7) % 7 + (n - 1) * 7
            return DateValue(year: year, month: month, day: day)
        }
        let last = daysIn(month, year)
        let lastWeekday = isoWeekday(DateValue(year: year, month: month, day: last))
        return DateValue(year: year, month: month, day: last - (lastWeekday - weekday + 7) % 7)
    }

    /// Splits transitions into an explicit prefix and a yearly-rule tail (one rule per kind), when the tail's
    /// rules predict exactly the transitions there are, up to `until`.
    static func yearlyTail(_ ts: [Transition], until: Int) -> (Int, [(Transition, RecurrenceRule)]) {
        guard ts.count >= 2 else { return (ts.count, []) }
        func candidates(_ t: Transition) -> [(Int, RecurrenceRule)] {
            let (date, _) = t.localStart
            let wd = isoWeekday(date)
            var ns = [(date.day - 1) / 7 + 1]
            if date.day + 7 > daysIn(date.month, date.year) { ns.insert(-1, at: 0) }
            return ns.map { ($0, RecurrenceRule(frequency: .yearly, byMonth: [date.month], byDay: [.init($0, Weekday(rawValue: wd)!)])) }
        }
        func predicts(_ t: Transition, n: Int, _ other: Transition) -> Bool {
            let a = t.localStart, b = other.localStart
            guard other.from == t.from, other.to == t.to, other.isDaylight == t.isDaylight, a.seconds == b.seconds,
                  a.date.month == b.date.month else { return false }
            let wd = isoWeekday(a.date)
            return ruleDate(year: b.date.year, month: b.date.month, weekday: wd, n: n) == b.date
        }
        // The last transition of each kind anchors its rule; walk back while transitions keep fitting.
        let last = ts.count - 1
        guard ts[last].isDaylight != ts[last - 1].isDaylight else { return (ts.count, []) }
        var best: (start: Int, rules: [(Transition, RecurrenceRule)])?
        for c0 in candidates(ts[last]) {
            for c1 in candidates(ts[last - 1]) {
                var start = ts.count
                var i = last
                while i >= 0 {
                    let (anchor, n) = ts[i].isDaylight == ts[last].isDaylight ? (ts[last], c0.0) : (ts[last - 1], c1.0)
                    guard predicts(anchor, n: n, ts[i]) else { break }
                    start = i
                    i -= 1
                }
                guard ts.count - start >= 2 else { continue }
                // The rules must not predict transitions that do not happen before `until`.
                let year = ts[last].localStart.date.year
                var sound = true
                for (anchor, n) in [(ts[last], c0.0), (ts[last - 1], c1.0)] {
                    let a = anchor.localStart
                    let next = ruleDate(year: year + 1, month: a.date.month, weekday: isoWeekday(a.date), n: n)
                    let instant = dayNumber(next) * 86400 + a.seconds - anchor.from
                    if instant <= until { sound = false }
                }
                guard sound else { continue }
                if best == nil || start < best!.start {
                    let firstOf = { (daylight: Bool) in ts[start...].first { $0.isDaylight == daylight }! }
                    let d = firstOf(ts[last].isDaylight), s = firstOf(ts[last - 1].isDaylight)
                    best = (start, [(s, c1.1), (d, c0.1)].sorted { $0.0.instant < $1.0.instant })
                }
            }
        }
        guard let best else { return (ts.count, []) }
        return (best.start, best.rules)
    }
}
