import Foundation

/// A DATE value (§3.3.4): `20231001`.
public struct DateValue: Hashable, Sendable, Comparable {
    public var year: Int, month: Int, day: Int
    public init(year: Int, month: Int, day: Int) { self.year = year; self.month = month; self.day = day }

    public var text: String {
        var out: [UInt8] = []
        append(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `YYYYMMDD` as ASCII.
    public func append(to out: inout [UInt8]) {
        appendDigits(year, 4, &out)
        appendDigits(month, 2, &out)
        appendDigits(day, 2, &out)
    }

    public static func < (a: DateValue, b: DateValue) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}

/// A DATE-TIME value (§3.3.5): UTC (`...Z`), local in a TZID, or floating.
public struct DateTimeValue: Hashable, Sendable {
    public enum Form: Hashable, Sendable { case utc, zoned(String), floating }
    public var date: DateValue
    public var hour: Int, minute: Int, second: Int
    public var form: Form

    public init(date: DateValue, hour: Int, minute: Int, second: Int = 0, form: Form) {
        self.date = date; self.hour = hour; self.minute = minute; self.second = second; self.form = form
    }

    /// The UTC DATE-TIME of an instant.
    public init(utc instant: Date) {
        let s = Int(instant.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(s) / 86400).rounded(.down))
        let rest = s - days * 86400
        self.init(date: civil(days), hour: rest / 3600, minute: rest % 3600 / 60, second: rest % 60, form: .utc)
    }

    public var text: String {
        var out: [UInt8] = []
        append(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `YYYYMMDDTHHMMSS[Z]` as ASCII.
    public func append(to out: inout [UInt8]) {
        date.append(to: &out)
        out.append(UInt8(ascii: "T"))
        appendDigits(hour, 2, &out)
        appendDigits(minute, 2, &out)
        appendDigits(second, 2, &out)
        if form == .utc { out.append(UInt8(ascii: "Z")) }
    }
}

/// A DURATION value (§3.3.6) of whole seconds: `PT1H`, `P1D`, `-PT15M`.
public struct DurationValue: Hashable, Sendable {
    public var seconds: Int
    public init(seconds: Int) { self.seconds = seconds }

    public var text: String {
        var s = abs(seconds)
        var out = seconds < 0 ? "-P" : "P"
        if s % 604_800 == 0 && s > 0 { return out + "\(s / 604_800)W" }
        let d = s / 86400; s %= 86400
        if d > 0 { out += "\(d)D" }
        if s > 0 || d == 0 {
            out += "T"
            let h = s / 3600, m = s % 3600 / 60, sec = s % 60
            if h > 0 { out += "\(h)H" }
            if m > 0 { out += "\(m)M" }
            if sec > 0 || (h == 0 && m == 0) { out += "\(sec)S" }
        }
        return out
    }
}

/// A UTC offset as in TZOFFSETFROM/TZOFFSETTO: `+0100`, `-0330`, `+053028`.
public func utcOffsetText(_ seconds: Int) -> String {
    let s = abs(seconds)
    let base = (seconds < 0 ? "-" : "+") + pad2(s / 3600) + pad2(s % 3600 / 60)
    return s % 60 == 0 ? base : base + pad2(s % 60)
}

/// Appends `value` as exactly `width` decimal digits (zero-padded; values are never negative here).
@inline(__always) func appendDigits(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
    var divisor = 1
    for _ in 1..<width { divisor *= 10 }
    while divisor > 0 {
        out.append(UInt8(truncatingIfNeeded: 0x30 + (value / divisor) % 10))
        divisor /= 10
    }
}

@inline(__always) func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
@inline(__always) func pad4(_ n: Int) -> String {
    n >= 1000 ? "\(n)" : String(repeating: "0", count: 4 - String(n).count) + "\(n)"
}

/// Proleptic Gregorian day arithmetic (Howard Hinnant's algorithms), shared with the domain's `LocalDate`.
public enum CivilCalendar {
    /// Days since 1970-01-01 → (year, month, day).
    public static func date(dayNumber: Int) -> (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Whether a year of the proleptic Gregorian calendar has a 29 February.
    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// The days of a month of the proleptic Gregorian calendar.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// (year, month, day) → days since 1970-01-01.
    public static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

func civil(_ dayNumber: Int) -> DateValue {
    let c = CivilCalendar.date(dayNumber: dayNumber)
    return DateValue(year: c.year, month: c.month, day: c.day)
}

func dayNumber(_ d: DateValue) -> Int { CivilCalendar.dayNumber(year: d.year, month: d.month, day: d.day) }
