import Foundation
import ICalendar

/// How a series repeats, as a person types it: plain words (`--repeat "monthly on the 3rd thursday"`) or an RFC
/// 5545 rule (`--rrule FREQ=…`), bounded by `--until WHEN` or `--count N`.
public struct RepeatInput: Sendable, Hashable {
    public var plain: String?
    public var rrule: String?
    public var until: String?
    public var count: Int?
    public var fieldNames: FieldNames

    public struct FieldNames: Sendable, Hashable {
        public var plain, rrule, until, count: String
        public init(plain: String = "repeat", rrule: String = "rrule", until: String = "until", count: String = "count") {
            self.plain = plain; self.rrule = rrule; self.until = until; self.count = count
        }
    }

    public init(plain: String? = nil, rrule: String? = nil, until: String? = nil, count: Int? = nil,
                fieldNames: FieldNames = FieldNames()) {
        self.plain = plain; self.rrule = rrule; self.until = until; self.count = count; self.fieldNames = fieldNames
    }

    public var isEmpty: Bool { plain == nil && rrule == nil && until == nil && count == nil }

    /// The rule for a series starting as `schedule` does; `current` is the rule in force (an edit that gives only
    /// `--until` or `--count` bounds it).
    public func rule(for schedule: Schedule, current: RecurrenceRule? = nil, now: Date) throws -> RecurrenceRule {
        if plain != nil && rrule != nil {
            throw AgendaError.invalid(field: fieldNames.rrule, value: rrule!, expected: "either \(fieldNames.plain) or \(fieldNames.rrule), not both")
        }
        var rule: RecurrenceRule
        if let p = plain {
            rule = try RepeatWords.parse(p, field: fieldNames.plain)
        } else if let r = rrule {
            rule = try RecurrenceRule.read(r, field: fieldNames.rrule)
        } else if let current {
            rule = current
        } else {
            throw AgendaError.invalid(field: fieldNames.plain, value: "", expected: "how the event repeats, e.g. \"weekly on mon,wed\"")
        }
        if case .period = schedule.form {
            throw AgendaError.invalid(field: fieldNames.plain, value: plain ?? rrule ?? "",
                                      expected: "an event with a date or a time (a month, quarter or year cannot repeat)")
        }
        if let count {
            guard count >= 1 && count <= 100_000 else {
                throw AgendaError.invalid(field: fieldNames.count, value: String(count), expected: "a number of occurrences from 1 to 100000")
            }
            if until != nil { throw AgendaError.invalid(field: fieldNames.count, value: String(count), expected: "either \(fieldNames.until) or \(fieldNames.count), not both") }
            rule.count = count; rule.until = nil
        }
        if let u = until {
            let zone = schedule.zone
            let when = try DateInput.parse(u, field: fieldNames.until, now: now, zone: zone)
            switch schedule.form {
            case .allDay:
                // Whole-day series end on a date: the last day of the period given.
                let last = LocalDate(when.endInstant(in: zone).addingTimeInterval(-1), in: zone)
                guard last >= schedule.days.lowerBound else { throw untilBeforeStart(u, schedule) }
                rule.until = .date(DateValue(year: last.year, month: last.month, day: last.day))
            default:
                // A day or period includes all of it; a time is that instant. UNTIL is then UTC (§3.3.10).
                let instant: Date
                switch when {
                case .instant, .wall: instant = when.startInstant(in: zone)
                default: instant = when.endInstant(in: zone).addingTimeInterval(-1)
                }
                guard Int(instant.timeIntervalSince1970.rounded(.down)) >= schedule.utcSpan.lowerBound else {
                    throw untilBeforeStart(u, schedule)
                }
                rule.until = .dateTime(DateTimeValue(utc: instant))
            }
            rule.count = nil
        }
        if schedule.precision == .date, !(rule.byHour + rule.byMinute + rule.bySecond).isEmpty || rule.frequency < .daily {
            throw AgendaError.invalid(field: fieldNames.rrule, value: rule.text, expected: "a rule of whole days for an all-day event (no hours, minutes or seconds)")
        }
        return rule
    }

    /// A series cannot end before it begins: an UNTIL earlier than DTSTART leaves DTSTART alone, which no reader
    /// of the feed would expect from a rule.
    private func untilBeforeStart(_ text: String, _ schedule: Schedule) -> AgendaError {
        AgendaError.invalid(field: fieldNames.until, value: text,
                            expected: "a date on or after the series' first occurrence (\(schedule.label))")
    }
}

/// The plain forms of `--repeat`, and rules told back in words.
public enum RepeatWords {
    public static let accepted = "daily, every 3 days, weekdays, weekly, weekly on mon,wed, every 2 weeks (on tue), monthly, monthly on the 15th, monthly on the last friday, monthly on the 3rd thursday, every 3 months, yearly, every 2 years"

    static let weekdayNames: [(String, Weekday)] = [
        ("monday", .monday), ("mon", .monday), ("mo", .monday), ("tuesday", .tuesday), ("tue", .tuesday), ("tues", .tuesday), ("tu", .tuesday),
        ("wednesday", .wednesday), ("wed", .wednesday), ("we", .wednesday), ("thursday", .thursday), ("thu", .thursday), ("thurs", .thursday), ("th", .thursday),
        ("friday", .friday), ("fri", .friday), ("fr", .friday), ("saturday", .saturday), ("sat", .saturday), ("sa", .saturday),
        ("sunday", .sunday), ("sun", .sunday), ("su", .sunday),
    ]

    static func weekday(_ s: String) -> Weekday? {
        let t = s.hasSuffix("s") && s.count > 3 && weekdayNames.contains(where: { $0.0 == String(s.dropLast()) }) ? String(s.dropLast()) : s
        return weekdayNames.first { $0.0 == t }?.1
    }

    static func ordinal(_ s: String) -> Int? {
        let words = ["first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1]
        if let n = words[s] { return n }
        if s == "second-to-last" || s == "penultimate" { return -2 }
        let digits = s.prefix { $0.isNumber }
        guard !digits.isEmpty, let n = Int(digits), ["st", "nd", "rd", "th", ""].contains(String(s.dropFirst(digits.count))) else { return nil }
        return n
    }

    /// Parses a plain form (case and extra spaces do not matter).
    public static func parse(_ text: String, field: String) throws -> RecurrenceRule {
        let fail = AgendaError.invalid(field: field, value: text, expected: "one of: \(accepted); or give --rrule FREQ=…")
        var words = text.lowercased().replacingOccurrences(of: ",", with: " , ")
            .split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard !words.isEmpty else { throw fail }
        var interval = 1
        var unit: RecurrenceRule.Frequency
        // "every [N] day(s)/week(s)/month(s)/year(s)" or "daily/weekly/monthly/yearly/annually/weekdays".
        func unitOf(_ w: String) -> RecurrenceRule.Frequency? {
            switch w {
            case "day", "days", "daily": .daily
            case "week", "weeks", "weekly": .weekly
            case "month", "months", "monthly": .monthly
            case "year", "years", "yearly", "annually", "annual": .yearly
            case "hour", "hours", "hourly": .hourly
            default: nil
            }
        }
        if words[0] == "weekdays" || words == ["every", "weekday"] {
            var r = RecurrenceRule(frequency: .weekly)
            r.byDay = [.monday, .tuesday, .wednesday, .thursday, .friday].map { .init(nil, $0) }
            return r
        }
        if words[0] == "every" || words[0] == "each" {
            words.removeFirst()
            guard !words.isEmpty else { throw fail }
            if words[0] == "other" { interval = 2; words.removeFirst() }
            else if let n = Int(words[0]) { interval = n; words.removeFirst() }
            guard !words.isEmpty else { throw fail }
            if let wd = weekday(words[0]) {
                // "every tuesday" / "every other tuesday".
                var r = RecurrenceRule(frequency: .weekly, interval: interval)
                r.byDay = [.init(nil, wd)]
                words.removeFirst()
                guard words.isEmpty else { throw fail }
                return r
            }
            guard let u = unitOf(words[0]) else { throw fail }
            unit = u
        } else {
            guard let u = unitOf(words[0]) else { throw fail }
            unit = u
        }
        words.removeFirst()
        guard (1...1000).contains(interval) else { throw fail }
        var rule = RecurrenceRule(frequency: unit, interval: interval)
        guard !words.isEmpty else { return rule }
        guard words[0] == "on" || words[0] == "in" else { throw fail }
        words.removeFirst()
        words.removeAll { $0 == "the" || $0 == "and" || $0 == "," || $0 == "of" || $0 == "month" || $0 == "day" }
        guard !words.isEmpty else { throw fail }
        switch unit {
        case .weekly, .daily:
            for w in words { guard let d = weekday(w) else { throw fail }; rule.byDay.append(.init(nil, d)) }
        case .monthly, .yearly:
            var i = 0
            while i < words.count {
                if let n = ordinal(words[i]) {
                    if i + 1 < words.count, let d = weekday(words[i + 1]) {
                        guard abs(n) <= 5, n != 0 else { throw fail }
                        rule.byDay.append(.init(n, d)); i += 2; continue
                    }
                    guard (1...31).contains(abs(n)) else { throw fail }
                    rule.byMonthDay.append(n); i += 1; continue
                }
                if unit == .yearly, let m = monthNumber(words[i]) { rule.byMonth.append(m); i += 1; continue }
                if let d = weekday(words[i]) { rule.byDay.append(.init(nil, d)); i += 1; continue }
                throw fail
            }
            if unit == .yearly, !rule.byDay.isEmpty || !rule.byMonthDay.isEmpty, rule.byMonth.isEmpty { throw fail }
        default: throw fail
        }
        return rule
    }

    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                             "october", "november", "december"]
    static func monthNumber(_ w: String) -> Int? {
        if let i = monthNames.firstIndex(of: w) { return i + 1 }
        if w.count >= 3, let i = monthNames.firstIndex(where: { $0.hasPrefix(w) }) { return i + 1 }
        return nil
    }

    static func ordinalText(_ n: Int) -> String {
        switch n {
        case -1: return "last"
        case -2: return "second-to-last"
        case let n where n < 0: return "\(-n)th-to-last"
        default:
            let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
            return "\(n)\(suffix)"
        }
    }

    static let weekdayText: [Weekday: String] = [.monday: "Monday", .tuesday: "Tuesday", .wednesday: "Wednesday",
        .thursday: "Thursday", .friday: "Friday", .saturday: "Saturday", .sunday: "Sunday"]

    /// The rule in words: "monthly on the 3rd Thursday", "every 2 weeks on Tuesday and Thursday, 8 times",
    /// "yearly in October until 2030-10-31". Parts words do not cover are given as RFC text after a colon.
    public static func describe(_ r: RecurrenceRule, zone: TimeZone? = nil) -> String {
        let unit: String = switch r.frequency {
        case .yearly: "year"; case .monthly: "month"; case .weekly: "week"; case .daily: "day"
        case .hourly: "hour"; case .minutely: "minute"; case .secondly: "second"
        }
        var text = r.interval == 1 ? (r.frequency == .daily ? "daily" : r.frequency.rawValue.lowercased())
                                   : "every \(r.interval) \(unit)s"
        func list(_ items: [String]) -> String {
            items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
        if !r.byMonth.isEmpty { text += " in " + list(r.byMonth.map { monthNames[$0 - 1].capitalized }) }
        var on: [String] = []
        on += r.byMonthDay.map { "the " + ordinalText($0) }
        on += r.byDay.map { d in (d.ordinal.map { "the " + ordinalText($0) + " " } ?? "") + weekdayText[d.weekday]! }
        if !on.isEmpty { text += " on " + list(on) }
        var rest = r
        rest.frequency = r.frequency; rest.interval = 1; rest.byMonth = []; rest.byMonthDay = []; rest.byDay = []
        rest.count = nil; rest.until = nil
        let extra = rest.text.split(separator: ";").dropFirst()
        if !extra.isEmpty { text += " (" + extra.joined(separator: ";") + ")" }
        if let c = r.count { text += c == 1 ? ", once" : ", \(c) times" }
        switch r.until {
        case let .date(d)?: text += " until \(d.year)-\(String(format: "%02d", d.month))-\(String(format: "%02d", d.day))"
        case let .dateTime(t)?:
            // A UTC bound reads as the series' wall clock: the day alone when it is that day's last second.
            if let zone, case .utc = t.form {
                let instant = Date(timeIntervalSince1970: TimeInterval(
                    CivilCalendar.dayNumber(year: t.date.year, month: t.date.month, day: t.date.day) * 86400
                    + t.hour * 3600 + t.minute * 60 + t.second))
                let local = LocalDateTime(instant, in: zone)
                text += " until " + (local.hour == 23 && local.minute == 59 && local.second == 59 ? local.date.description : local.description)
            } else {
                text += " until " + t.text
            }
        case nil: break
        }
        return text
    }
}

/// A rule tried out before it is stored (`agenda rule`): its first occurrences from a start, on a zone's wall
/// clock or floating.
public enum RulePreview {
    public struct Item: Sendable, Hashable {
        /// The occurrence on the wall clock.
        public var wall: LocalDateTime
        /// Its instant; nil when the start floats.
        public var instant: Date?
    }

    /// Parses `text` (an RFC 5545 rule or the plain words of `--repeat`) and lists up to `count` occurrences from
    /// `start` (DTSTART, itself the first); `zone` nil means floating wall times.
    public static func occurrences(rule text: String, start: LocalDateTime, zone: TimeZone?, count: Int,
                                   field: String = "rule") throws -> (rule: RecurrenceRule, items: [Item]) {
        let rule: RecurrenceRule
        if text.uppercased().contains("FREQ=") {
            rule = try RecurrenceRule.read(text, field: field)
        } else {
            rule = try RepeatWords.parse(text, field: field)
        }
        if case let .dateTime(t)? = rule.until, zone != nil, t.form != .utc {
            throw AgendaError.invalid(field: field, value: text, expected: "UNTIL in UTC (ending in Z) with a zoned start (RFC 5545 §3.3.10)")
        }
        let set = RecurrenceSet(start: start.wallSeconds, zone: zone, rule: rule)
        let found: [Occurrence]
        do { found = try set.prefix(count) } catch {
            throw AgendaError.invalid(field: field, value: text, expected: error.expectation)
        }
        return (rule, found.map { o in
            Item(wall: LocalDateTime(wallSeconds: o.wall),
                 instant: zone == nil ? nil : Date(timeIntervalSince1970: TimeInterval(o.instant)))
        })
    }
}

extension RecurrenceRule {
    /// `text` read as an RFC 5545 rule, or the agenda's error for `field` saying what is wrong with it: the one
    /// wording of a refused rule, whether it was typed, loaded or imported.
    public static func read(_ text: String, field: String) throws(AgendaError) -> RecurrenceRule {
        do { return try RecurrenceRule(parsing: text) } catch {
            throw AgendaError.invalid(field: field, value: text, expected: "an RFC 5545 rule: \(error.message)")
        }
    }
}
