import Foundation
import ICalendar

/// A calendar date without a time zone (proleptic Gregorian), e.g. 2023-02-20.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or returns nil when the day does not exist (2023-02-30, 2023-13-01).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...LocalDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(iso text: some StringProtocol) {
        guard let d = LocalDate.withBytes(text, { $0.count == 10 ? LocalDate.parse($0, at: 0) : nil }) else { return nil }
        self = d
    }

    /// Calls `body` with the UTF-8 bytes of `text`, in place when the string holds them contiguously (as native
    /// strings do): parsing the thousands of dates of a read allocates nothing.
    static func withBytes<R>(_ text: some StringProtocol, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = text.utf8.withContiguousStorageIfAvailable(body) { return r }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// Parses `YYYY-MM-DD` at `offset` of ASCII bytes.
    static func parse(_ b: UnsafeBufferPointer<UInt8>, at o: Int) -> LocalDate? {
        guard b.count >= o + 10, b[o + 4] == UInt8(ascii: "-"), b[o + 7] == UInt8(ascii: "-"),
              let y = digits(b, o, 4), let m = digits(b, o + 5, 2), let d = digits(b, o + 8, 2) else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }

    /// The number written by `count` ASCII digits at `offset`, or nil.
    static func digits(_ b: UnsafeBufferPointer<UInt8>, _ offset: Int, _ count: Int) -> Int? {
        var v = 0
        for i in offset..<(offset + count) {
            let c = b[i]
            guard c >= 0x30 && c <= 0x39 else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        return v
    }

    /// The date `dayNumber` days after 1970-01-01 (negative before it).
    public init(dayNumber: Int) {
        let c = CivilCalendar.date(dayNumber: dayNumber)
        self.year = c.year
        self.month = c.month
        self.day = c.day
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int { CivilCalendar.dayNumber(year: year, month: month, day: day) }

    /// ISO weekday: 1 = Monday ... 7 = Sunday.
    public var isoWeekday: Int { ((dayNumber % 7) + 7 + 3) % 7 + 1 }

    /// The date `n` days later (earlier when negative).
    public func adding(days n: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + n) }

    /// The same day `n` months later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29).
    public func adding(months n: Int) -> LocalDate {
        let index = year * 12 + (month - 1) + n
        let y = index / 12, m = index % 12 + 1
        return LocalDate(year: y, month: m, day: min(day, LocalDate.daysIn(month: m, year: y)))!
    }

    public static func isLeap(_ year: Int) -> Bool { CivilCalendar.isLeap(year) }

    /// The days of a month (`CivilCalendar`'s rule).
    public static func daysIn(month: Int, year: Int) -> Int { CivilCalendar.daysInMonth(year: year, month: month) }

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        guard (0...9999).contains(year) else { return zeroPadded(year, 4) + "-" + zeroPadded(month, 2) + "-" + zeroPadded(day, 2) }
        return String(unsafeUninitializedCapacity: 10) { b in
            writeDigits(into: b)
            return 10
        }
    }

    /// Writes `YYYY-MM-DD` (a year of four digits) at the start of `b`.
    func writeDigits(into b: UnsafeMutableBufferPointer<UInt8>) {
        b[0] = UInt8(48 + year / 1000); b[1] = UInt8(48 + year / 100 % 10); b[2] = UInt8(48 + year / 10 % 10)
        b[3] = UInt8(48 + year % 10); b[4] = 0x2D
        b[5] = UInt8(48 + month / 10); b[6] = UInt8(48 + month % 10); b[7] = 0x2D
        b[8] = UInt8(48 + day / 10); b[9] = UInt8(48 + day % 10)
    }

    /// The date of `instant` on the wall clock of `zone`.
    public init(_ instant: Date, in zone: TimeZone) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + WallClock.offset(at: Int(instant.timeIntervalSince1970.rounded(.down)), in: zone)
        self.init(dayNumber: Int((Double(seconds) / 86400).rounded(.down)))
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not a date YYYY-MM-DD: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A wall-clock date and time without a zone, to the second, e.g. 2023-02-20T10:30.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let date: LocalDate
    public let hour: Int
    public let minute: Int
    public let second: Int
    /// True for the second occurrence of a wall time that a DST change repeats (the `fold` of Python's PEP 495):
    /// 01:30 on 2023-11-05 in New York is -04:00 when false, -05:00 when true. Always false for unrepeated times.
    public let isLaterOccurrence: Bool

    public init?(date: LocalDate, hour: Int, minute: Int, second: Int = 0, isLaterOccurrence: Bool = false) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
        self.isLaterOccurrence = isLaterOccurrence
    }

    /// The same wall time, marked as the first or the later of two occurrences.
    public func occurrence(later: Bool) -> LocalDateTime {
        LocalDateTime(date: date, hour: hour, minute: minute, second: second, isLaterOccurrence: later)!
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS]` (also with a space instead of `T`).
    public init?(iso text: some StringProtocol) {
        guard let t = LocalDate.withBytes(text, LocalDateTime.parse) else { return nil }
        self = t
    }

    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> LocalDateTime? {
        guard b.count == 16 || b.count == 19, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "),
              let date = LocalDate.parse(b, at: 0), b[13] == UInt8(ascii: ":"),
              let h = LocalDate.digits(b, 11, 2), let m = LocalDate.digits(b, 14, 2) else { return nil }
        var sec = 0
        if b.count == 19 {
            guard b[16] == UInt8(ascii: ":"), let s = LocalDate.digits(b, 17, 2) else { return nil }
            sec = s
        }
        return LocalDateTime(date: date, hour: h, minute: m, second: sec)
    }

    /// Seconds since 1970-01-01T00:00 on the same wall clock (as if the zone were UTC).
    public var wallSeconds: Int { date.dayNumber * 86400 + hour * 3600 + minute * 60 + second }

    public init(wallSeconds s: Int) {
        let days = Int((Double(s) / 86400).rounded(.down))
        let rest = s - days * 86400
        self.date = LocalDate(dayNumber: days)
        self.hour = rest / 3600
        self.minute = rest % 3600 / 60
        self.second = rest % 60
        self.isLaterOccurrence = false
    }

    /// The wall time of `instant` in `zone`, marked as the later occurrence when a DST change repeats it and
    /// `instant` is the second time the clock shows it.
    public init(_ instant: Date, in zone: TimeZone) {
        let t = Int(instant.timeIntervalSince1970.rounded(.down))
        let offset = WallClock.offset(at: t, in: zone)
        self.init(wallSeconds: t + offset)
        // A repeat needs a larger offset shortly before; one lookup a day back rules it out almost always.
        let dayBefore = WallClock.offset(at: t - 86400, in: zone)
        if dayBefore > offset {
            let earlier = t - (dayBefore - offset)
            if WallClock.offset(at: earlier, in: zone) == dayBefore {
                self = occurrence(later: true)
            }
        }
    }

    /// Wall-clock order; of two equal wall times, the earlier occurrence first.
    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool {
        (a.wallSeconds, a.isLaterOccurrence ? 1 : 0) < (b.wallSeconds, b.isLaterOccurrence ? 1 : 0)
    }

    /// `YYYY-MM-DDTHH:MM`, with `:SS` only when the seconds are not zero.
    public var description: String {
        guard (0...9999).contains(date.year) else {
            let base = "\(date)T" + zeroPadded(hour, 2) + ":" + zeroPadded(minute, 2)
            return second == 0 ? base : base + ":" + zeroPadded(second, 2)
        }
        let count = second == 0 ? 16 : 19
        return String(unsafeUninitializedCapacity: count) { b in
            date.writeDigits(into: b)
            b[10] = 0x54
            b[11] = UInt8(48 + hour / 10); b[12] = UInt8(48 + hour % 10); b[13] = 0x3A
            b[14] = UInt8(48 + minute / 10); b[15] = UInt8(48 + minute % 10)
            if count == 19 { b[16] = 0x3A; b[17] = UInt8(48 + second / 10); b[18] = UInt8(48 + second % 10) }
            return count
        }
    }

    /// `HH:MM`.
    public var timeText: String {
        String(unsafeUninitializedCapacity: 5) { b in
            b[0] = UInt8(48 + hour / 10); b[1] = UInt8(48 + hour % 10); b[2] = 0x3A
            b[3] = UInt8(48 + minute / 10); b[4] = UInt8(48 + minute % 10)
            return 5
        }
    }

    /// How a wall time maps onto instants in a zone.
    public enum Resolution: Hashable, Sendable {
        /// The clock shows it once.
        case unique(Date)
        /// The clock shows it twice (a DST change turns clocks back): both instants, earlier first.
        case repeated(first: Date, second: Date)
        /// The clock skips it (a DST change turns clocks forward). `earlier` reads it with the offset after the
        /// gap (an instant before the gap), `later` with the offset before it (RFC 5545 §3.3.5: the instant after).
        case skipped(earlier: Date, later: Date)
    }

    /// The instants this wall time can denote in `zone` (ignoring `isLaterOccurrence`).
    public func resolution(in zone: TimeZone) -> Resolution {
        let date = { (t: Int) in Date(timeIntervalSince1970: TimeInterval(t)) }
        switch WallClock.resolution(wall: wallSeconds, in: zone) {
        case let .unique(t): return .unique(date(t))
        case let .repeated(first, second): return .repeated(first: date(first), second: date(second))
        case let .skipped(earlier, later): return .skipped(earlier: date(earlier), later: date(later))
        }
    }

    /// The instant this wall time denotes in `zone`, following RFC 5545 §3.3.5: a time that a DST gap skips is
    /// read with the offset in force before the gap; a time that occurs twice is its first occurrence, unless
    /// `isLaterOccurrence` says it is the second.
    public func instant(in zone: TimeZone) -> Date {
        switch resolution(in: zone) {
        case let .unique(t): t
        case let .repeated(first, second): isLaterOccurrence ? second : first
        case let .skipped(_, later): later
        }
    }
}

extension LocalDate {
    /// Midnight at the start of this date in `zone`, as an instant (the first instant of the day when a
    /// DST change skips midnight).
    public func startInstant(in zone: TimeZone) -> Date {
        LocalDateTime(date: self, hour: 0, minute: 0)!.instant(in: zone)
    }
}
