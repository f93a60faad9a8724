import Foundation

/// Reading values as RFC 5545 writes them (§3.3): the inverse of what `ICalendarWriter` writes.
extension ICalendarReader.ContentLine {
    /// The value as TEXT: `\\` `\;` `\,` unescaped, `\n` and `\N` as line breaks; a lone backslash before any
    /// other character is kept (lenient producers write them).
    public var text: String { ICalendarText.unescaped(value) }

    /// The value as a list of TEXT values separated by unescaped commas (CATEGORIES, RESOURCES).
    public var textList: [String] {
        var items: [String] = []
        var current: [UInt8] = []
        var escaped = false
        for b in value.utf8 {
            if escaped { current.append(0x5C); current.append(b); escaped = false; continue }
            if b == 0x5C { escaped = true; continue }
            if b == 0x2C { items.append(ICalendarText.unescaped(String(decoding: current, as: UTF8.self))); current = []; continue }
            current.append(b)
        }
        if escaped { current.append(0x5C) }
        items.append(ICalendarText.unescaped(String(decoding: current, as: UTF8.self)))
        return items.filter { !$0.isEmpty }
    }

    /// The value as a DATE (`VALUE=DATE` or eight digits) or a DATE-TIME, with its TZID; nil when it is neither.
    public var dateOrDateTime: DateOrDateTime? {
        let v = value.trimmedSpace
        if parameter("VALUE")?.uppercased() == "DATE" || v.utf8.count == 8 {
            return DateValue(icalendar: v).map { .date($0) }
        }
        return DateTimeValue(icalendar: v, tzid: parameter("TZID")).map { .dateTime($0) }
    }
}

/// A DTSTART or DTEND: a whole day, or a time.
public enum DateOrDateTime: Hashable, Sendable {
    case date(DateValue)
    case dateTime(DateTimeValue)
}

public enum ICalendarText {
    /// TEXT unescaped (§3.3.11), on bytes: the inverse of `ContentLine.escapeText`. A value without a backslash
    /// is returned as it is; any other is written once into a string of its length (unescaping only shortens).
    /// (Copying the text between escapes as substrings, which skips the check of the result's UTF-8, was slower on
    /// the peers' descriptions: 1.24 against 1.05 s for their 100,000 events, `read-ics --values`.)
    public static func unescaped(_ value: String) -> String {
        var value = value
        let result = value.withUTF8 { src -> String? in
            guard let base = src.baseAddress, memchr(base, 0x5C, src.count) != nil else { return nil }
            return String(unsafeUninitializedCapacity: src.count) { out in
                var n = 0, i = 0
                while i < src.count {
                    let b = src[i]
                    i += 1
                    guard b == 0x5C else { out[n] = b; n += 1; continue }
                    guard i < src.count else { out[n] = 0x5C; n += 1; break }  // a backslash ending the value
                    let c = src[i]
                    i += 1
                    switch c {
                    case 0x6E, 0x4E: out[n] = 0x0A; n += 1  // \n \N
                    case 0x5C, 0x3B, 0x2C, 0x3A, 0x22: out[n] = c; n += 1  // \\ \; \, and the \: \" some producers write
                    default: out[n] = 0x5C; out[n + 1] = c; n += 2
                    }
                }
                return n
            }
        }
        return result ?? value
    }
}

/// Digits as a number, or nil when any byte is not a digit.
private func number(_ u: ArraySlice<UInt8>) -> Int? {
    guard !u.isEmpty else { return nil }
    var n = 0
    for b in u {
        guard b >= 0x30 && b <= 0x39 else { return nil }
        n = n * 10 + Int(b - 0x30)
    }
    return n
}

extension DateValue {
    /// `YYYYMMDD`, a real date; nil otherwise.
    public init?(icalendar text: String) {
        let u = Array(text.utf8)
        guard u.count == 8, let y = number(u[0..<4]), let m = number(u[4..<6]), let d = number(u[6..<8]),
              (1...12).contains(m), d >= 1, d <= CivilCalendar.daysInMonth(year: y, month: m) else { return nil }
        self.init(year: y, month: m, day: d)
    }
}

extension DateTimeValue {
    /// `YYYYMMDDTHHMMSS` (floating, or zoned by `tzid`) or `…Z` (UTC); nil otherwise. A second of 60 (a leap
    /// second) reads as 59, as RFC 5545 allows.
    public init?(icalendar text: String, tzid: String?) {
        var u = Array(text.utf8)
        var utc = false
        if u.last == 0x5A || u.last == 0x7A { utc = true; u.removeLast() }
        guard u.count == 15, u[8] == 0x54 || u[8] == 0x74, let date = DateValue(icalendar: String(decoding: u[0..<8], as: UTF8.self)),
              let h = number(u[9..<11]), let mi = number(u[11..<13]), let s = number(u[13..<15]),
              h < 24, mi < 60, s <= 60 else { return nil }
        let form: Form = utc ? .utc : tzid.map { .zoned($0) } ?? .floating
        self.init(date: date, hour: h, minute: mi, second: min(s, 59), form: form)
    }
}

extension DurationValue {
    /// `P1DT2H`, `-PT15M`, `P2W`, `+P1D`; nil otherwise.
    public init?(icalendar text: String) {
        var u = Array(text.trimmedSpace.uppercased().utf8)[...]
        var sign = 1
        if u.first == 0x2D { sign = -1; u = u.dropFirst() } else if u.first == 0x2B { u = u.dropFirst() }
        guard u.first == 0x50 else { return nil }  // P
        u = u.dropFirst()
        var seconds = 0, digits: [UInt8] = [], inTime = false, sawUnit = false
        for b in u {
            switch b {
            case 0x30...0x39: digits.append(b)
            case 0x54: guard digits.isEmpty, !inTime else { return nil }; inTime = true  // T
            default:
                guard let n = number(digits[...]) else { return nil }
                let unit: Int
                switch (b, inTime) {
                case (0x57, false): unit = 604_800  // W
                case (0x44, false): unit = 86_400   // D
                case (0x48, true): unit = 3_600     // H
                case (0x4D, true): unit = 60        // M
                case (0x53, true): unit = 1         // S
                default: return nil
                }
                let (product, overflow) = n.multipliedReportingOverflow(by: unit)
                guard !overflow, product < 1 << 40 else { return nil }
                seconds += product
                digits = []
                sawUnit = true
            }
        }
        guard sawUnit, digits.isEmpty else { return nil }
        self.init(seconds: sign * seconds)
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks (ASCII only), without Foundation's
    /// bridging: readers call it for every line of a file.
    public var trimmedSpace: String {
        let u = utf8
        guard let first = u.firstIndex(where: isNotSpace) else { return "" }
        let last = u.lastIndex(where: isNotSpace)!
        return String(self[first...last])
    }
}

/// Not a space, tab or line break.
private func isNotSpace(_ b: UInt8) -> Bool {
    let space: UInt8 = 0x20, tab: UInt8 = 0x09, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
    return b != space && b != tab && b != lf && b != cr
}
