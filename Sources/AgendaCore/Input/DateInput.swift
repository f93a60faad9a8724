import Foundation

/// A date or time as a person types it, resolved against "now" and a zone, keeping its precision.
public enum When: Hashable, Sendable, CustomStringConvertible {
    /// An exact instant given with an offset or `Z` (`2023-02-20T10:30+01:00`).
    case instant(Date)
    /// A wall-clock time in the zone in force (`2023-02-20 10:30`, `tomorrow 9:00`).
    case wall(LocalDateTime)
    /// A whole day (`2023-02-20`, `today`, `friday`, `+3d`).
    case day(LocalDate)
    /// A month, quarter or year (`2023-10`, `2023-Q4`, `2023`).
    case period(Period)

    public var description: String {
        switch self {
        case let .instant(d): ISO8601DateFormatter().string(from: d)
        case let .wall(t): t.description
        case let .day(d): d.description
        case let .period(p): p.description
        }
    }

    public var precision: Precision {
        switch self {
        case .instant, .wall: .timed
        case .day: .date
        case let .period(p): p.precision
        }
    }

    /// The wall time in `zone` (instants are converted; days start at midnight; periods at their first day).
    public func wallTime(in zone: TimeZone) -> LocalDateTime {
        switch self {
        case let .instant(d): LocalDateTime(d, in: zone)
        case let .wall(t): t
        case let .day(d): LocalDateTime(date: d, hour: 0, minute: 0)!
        case let .period(p): LocalDateTime(date: p.firstDay, hour: 0, minute: 0)!
        }
    }

    /// The first instant it denotes in `zone`.
    public func startInstant(in zone: TimeZone) -> Date {
        switch self {
        case let .instant(d): d
        default: wallTime(in: zone).instant(in: zone)
        }
    }

    /// The instant just after it ends in `zone` (a day's end is the next midnight).
    public func endInstant(in zone: TimeZone) -> Date {
        switch self {
        case let .instant(d): d
        case let .wall(t): t.instant(in: zone)
        case let .day(d): d.adding(days: 1).startInstant(in: zone)
        case let .period(p): p.lastDay.adding(days: 1).startInstant(in: zone)
        }
    }
}

/// Parses what people type for dates and durations (see `When`).
public enum DateInput {
    /// The forms accepted, for error messages and help.
    public static let accepted =
        "2023-02-20, 2023-02-20T10:30, \"2023-02-20 10:30\", 2023-02-20T10:30+01:00 or ...Z, 2023-10, 2023-Q4, 2023, today, tomorrow, yesterday, friday, next friday (optionally followed by a time such as 14:00), +3d, +2w, -1d"

    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// Parses `text` for the option named `field`, with "today" taken in `zone` at `now`. Dates outside
    /// `SupportedYears` are refused.
    public static func parse(_ text: String, field: String, now: Date, zone: TimeZone) throws -> When {
        let when = try parseAnyYear(text, field: field, now: now, zone: zone)
        let day: LocalDate
        switch when {
        case let .instant(d):
            guard d.timeIntervalSince1970.isFinite, abs(d.timeIntervalSince1970) < 1e11 else {
                throw AgendaError.invalid(field: field, value: text, expected: "a date in the years \(SupportedYears.range.lowerBound) to \(SupportedYears.range.upperBound)")
            }
            day = LocalDate(d, in: zone)
        case let .wall(t): day = t.date
        case let .day(d): day = d
        case let .period(p): day = p.firstDay
        }
        try SupportedYears.check(day, field: field, value: text)
        return when
    }

    static func parseAnyYear(_ text: String, field: String, now: Date, zone: TimeZone) throws -> When {
        let raw = text.trimmingCharacters(in: .whitespaces)
        let s = raw.lowercased()
        let today = LocalDate(now, in: zone)
        let fail = { (why: String?) -> AgendaError in
            .invalid(field: field, value: text, expected: (why.map { "a date that exists (\($0)): " } ?? "one of ") + accepted)
        }
        guard !s.isEmpty else { throw fail(nil) }

        // Relative days and weeks: +3d, -1d, +2w.
        if (s.hasPrefix("+") || s.hasPrefix("-")), let unit = s.last, "dw".contains(unit),
           let n = Int(s.dropFirst().dropLast()), n < 100_000 {
            let sign = s.hasPrefix("-") ? -1 : 1
            return .day(today.adding(days: sign * n * (unit == "w" ? 7 : 1)))
        }
        // Words, optionally followed by a time: "tomorrow 10:30", "next friday 9:00".
        var words = s.split(separator: " ").map(String.init)
        var time: (Int, Int)?
        if words.count >= 2, let t = parseClock(words.last!) {
            time = t
            words.removeLast()
        }
        if let day = relativeDay(words, today: today) {
            guard let (h, m) = time else { return .day(day) }
            return .wall(LocalDateTime(date: day, hour: h, minute: m)!)
        }
        if time != nil, LocalDate(iso: words.joined(separator: " ")) == nil { throw fail(nil) }

        // ISO forms.
        if let p = Period(iso: raw) { return .period(p) }
        if raw.count == 7 || raw.count == 4, raw.first?.isNumber == true {
            throw fail(checkPeriod(raw))
        }
        if raw.count == 10 {
            if let d = LocalDate(iso: raw) { return .day(d) }
            throw fail(checkDay(raw))
        }
        if raw.count >= 16 {
            let (wallText, offset) = splitOffset(raw)
            guard let wall = LocalDateTime(iso: wallText) else {
                throw fail(raw.count >= 10 ? checkDay(String(raw.prefix(10))) ?? "the time must be HH:MM from 00:00 to 23:59" : nil)
            }
            if let offset {
                guard let seconds = parseOffset(offset) else { throw fail("the offset '\(offset)' is not Z or ±HH:MM") }
                return .instant(Date(timeIntervalSince1970: TimeInterval(wall.wallSeconds - seconds)))
            }
            return .wall(wall)
        }
        throw fail(nil)
    }

    /// A duration for an end option: `+90m`, `+2h`, `+3d`, `+1w`, in seconds (m, h) or days (d, w).
    public enum Duration: Hashable, Sendable {
        case seconds(Int)
        case days(Int)
    }

    /// Parses `+90m`, `+2h`, `+3d`, `+1w`; nil when `text` is not a duration.
    public static func duration(_ text: String) -> Duration? {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard s.hasPrefix("+"), let unit = s.last, let n = Int(s.dropFirst().dropLast()), n > 0, n < 100_000 else {
            return nil
        }
        switch unit {
        case "m": return .seconds(n * 60)
        case "h": return .seconds(n * 3600)
        case "d": return .days(n)
        case "w": return .days(n * 7)
        default: return nil
        }
    }

    static func relativeDay(_ words: [String], today: LocalDate) -> LocalDate? {
        switch words {
        case ["today"], ["now"]: return today
        case ["tomorrow"]: return today.adding(days: 1)
        case ["yesterday"]: return today.adding(days: -1)
        default: break
        }
        var next = false
        var w = words
        if w.count == 2, w[0] == "next" { next = true; w.removeFirst() }
        guard w.count == 1, let target = weekdays.firstIndex(where: { $0 == w[0] || $0.prefix(3) == w[0] }) else {
            return nil
        }
        var delta = (target + 1 - today.isoWeekday + 7) % 7
        if next && delta == 0 { delta = 7 }
        return today.adding(days: delta)
    }

    static func parseClock(_ s: String) -> (Int, Int)? {
        let parts = s.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), parts[1].count == 2,
              (0...23).contains(h), (0...59).contains(m) else { return nil }
        return (h, m)
    }

    static func splitOffset(_ s: String) -> (String, String?) {
        if s.hasSuffix("Z") || s.hasSuffix("z") { return (String(s.dropLast()), "Z") }
        let tail = s.dropFirst(16)
        if let i = tail.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            return (String(s[..<i]), String(s[i...]))
        }
        return (s, nil)
    }

    static func parseOffset(_ s: String) -> Int? {
        if s == "Z" { return 0 }
        let sign = s.hasPrefix("-") ? -1 : 1
        let digits = s.dropFirst().replacingOccurrences(of: ":", with: "")
        guard digits.count == 4 || digits.count == 2, let v = Int(digits) else { return nil }
        let h = digits.count == 4 ? v / 100 : v, m = digits.count == 4 ? v % 100 : 0
        guard h <= 18, m < 60 else { return nil }
        return sign * (h * 3600 + m * 60)
    }

    /// Says why a `YYYY-MM-DD` is not a day: "February 2023 has 28 days".
    static func checkDay(_ s: String) -> String? {
        let parts = s.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        guard (1...12).contains(m) else { return "there is no month \(m)" }
        let n = LocalDate.daysIn(month: m, year: y)
        if d < 1 || d > n { return "\(Period.monthNames[m - 1]) \(y) has \(n) days" }
        return nil
    }

    static func checkPeriod(_ s: String) -> String? {
        let parts = s.split(separator: "-")
        if parts.count == 2, let m = Int(parts[1]), !(1...12).contains(m) { return "there is no month \(m)" }
        if parts.count == 2, parts[1].uppercased().hasPrefix("Q") { return "a quarter is Q1 to Q4" }
        return nil
    }
}
