import Foundation

/// A day of the week as RECUR writes it (`MO` … `SU`), numbered as ISO 8601 does (Monday 1 … Sunday 7).
public enum Weekday: Int, CaseIterable, Hashable, Sendable, Comparable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    public var code: String { ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][rawValue - 1] }
    /// The weekday of two upper-case code letters (`M`, `O`), as a canonical rule writes them.
    init?(codeBytes a: UInt8, _ b: UInt8) {
        switch (a, b) {
        case (0x4D, 0x4F): self = .monday
        case (0x54, 0x55): self = .tuesday
        case (0x57, 0x45): self = .wednesday
        case (0x54, 0x48): self = .thursday
        case (0x46, 0x52): self = .friday
        case (0x53, 0x41): self = .saturday
        case (0x53, 0x55): self = .sunday
        default: return nil
        }
    }
    public init?(code: some StringProtocol) {
        guard let i = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"].firstIndex(of: code.uppercased()) else { return nil }
        self.init(rawValue: i + 1)
    }
    /// The weekday of a day number (days since 1970-01-01, a Thursday).
    public init(dayNumber: Int) { self.init(rawValue: ((dayNumber % 7) + 7 + 3) % 7 + 1)! }
    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }
}

/// A RECUR value (RFC 5545 §3.3.10): every part, parsed exactly and printed in one canonical order.
public struct RecurrenceRule: Hashable, Sendable, CustomStringConvertible {
    public enum Frequency: String, CaseIterable, Sendable, Comparable {
        case secondly = "SECONDLY", minutely = "MINUTELY", hourly = "HOURLY", daily = "DAILY", weekly = "WEEKLY"
        case monthly = "MONTHLY", yearly = "YEARLY"
        var rank: Int { Frequency.allCases.firstIndex(of: self)! }
        public static func < (a: Frequency, b: Frequency) -> Bool { a.rank < b.rank }
    }

    /// A BYDAY entry: a weekday, with an ordinal (`-1SU`: the last Sunday) or without (`SU`: every Sunday).
    public struct WeekdayNum: Hashable, Sendable {
        public var ordinal: Int?
        public var weekday: Weekday
        public init(_ ordinal: Int?, _ weekday: Weekday) { self.ordinal = ordinal; self.weekday = weekday }
        public var text: String { (ordinal.map(String.init) ?? "") + weekday.code }
    }

    public var frequency: Frequency
    public var interval: Int = 1
    public var count: Int?
    /// UNTIL: a DATE, a UTC DATE-TIME, or (with a floating DTSTART) a floating one.
    public var until: DateOrDateTime?
    public var bySecond: [Int] = []
    public var byMinute: [Int] = []
    public var byHour: [Int] = []
    public var byDay: [WeekdayNum] = []
    public var byMonthDay: [Int] = []
    public var byYearDay: [Int] = []
    public var byWeekNo: [Int] = []
    public var byMonth: [Int] = []
    public var bySetPos: [Int] = []
    public var weekStart: Weekday = .monday

    public init(frequency: Frequency, interval: Int = 1, count: Int? = nil, until: DateOrDateTime? = nil,
                byMonth: [Int] = [], byDay: [WeekdayNum] = []) {
        self.frequency = frequency; self.interval = interval; self.count = count; self.until = until
        self.byMonth = byMonth; self.byDay = byDay
    }

    /// The canonical text: FREQ, UNTIL or COUNT, INTERVAL (when not 1), the BYxxx parts from the largest unit to
    /// the smallest, BYSETPOS, WKST (when not MO). Parsing this text gives back an equal rule.
    public var text: String {
        var out = "FREQ=" + frequency.rawValue
        switch until {
        case let .date(d)?: out += ";UNTIL=" + d.text
        case let .dateTime(t)?: out += ";UNTIL=" + t.text
        case nil: break
        }
        if let count { out += ";COUNT=\(count)" }
        if interval != 1 { out += ";INTERVAL=\(interval)" }
        func list(_ name: String, _ values: [Int]) {
            if !values.isEmpty { out += ";" + name + "=" + values.map(String.init).joined(separator: ",") }
        }
        list("BYMONTH", byMonth)
        list("BYWEEKNO", byWeekNo)
        list("BYYEARDAY", byYearDay)
        list("BYMONTHDAY", byMonthDay)
        if !byDay.isEmpty { out += ";BYDAY=" + byDay.map(\.text).joined(separator: ",") }
        list("BYHOUR", byHour)
        list("BYMINUTE", byMinute)
        list("BYSECOND", bySecond)
        list("BYSETPOS", bySetPos)
        if weekStart != .monday { out += ";WKST=" + weekStart.code }
        return out
    }

    public var description: String { text }

    /// Why a RECUR text was refused: the part and what is wrong with it.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Parses a RECUR value. Parts may come in any order, names and values in any case; every rule of §3.3.10 is
    /// checked: FREQ once and first-class, each part at most once, values in their ranges (no zero ordinals),
    /// UNTIL and COUNT not both, BYWEEKNO only with YEARLY, BYYEARDAY not with DAILY/WEEKLY/MONTHLY, BYMONTHDAY
    /// not with WEEKLY, numbered BYDAY only with MONTHLY or YEARLY (and not with YEARLY;BYWEEKNO).
    public init(parsing text: String) throws(ParseError) {
        // The canonical form (what `text` writes, and what the store keeps) is read in one pass over its bytes;
        // anything else, and every refusal, goes through the general reading below, which says what is wrong.
        if let rule = RecurrenceRule(canonical: text) {
            self = rule
            try checkCombinations()
        } else {
            try self.init(generalParsing: text)
        }
    }

    /// `init(parsing:)` for any text the RFC allows: parts in any order and case, spaces around them.
    init(generalParsing text: String) throws(ParseError) {
        func fail(_ m: String) -> ParseError { ParseError(message: m) }
        var parts: [String: String] = [:]
        var t = text.trimmedSpace
        if t.uppercased().hasPrefix("RRULE:") { t = String(t.dropFirst(6)) }
        for raw in t.split(separator: ";", omittingEmptySubsequences: true) {
            let pair = raw.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { throw fail("RRULE part '\(raw)' is not NAME=VALUE") }
            let name = String(pair[0]).trimmedSpace.uppercased()
            guard parts[name] == nil else { throw fail("RRULE part \(name) is given twice") }
            parts[name] = String(pair[1]).trimmedSpace
        }
        guard let f = parts.removeValue(forKey: "FREQ") else { throw fail("RRULE has no FREQ") }
        guard let freq = Frequency(rawValue: f.uppercased()) else {
            throw fail("RRULE FREQ '\(f)' is not one of SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY")
        }
        self.init(frequency: freq)
        func integer(_ name: String, _ v: some StringProtocol) throws(ParseError) -> Int {
            let s = v.hasPrefix("+") ? String(v.dropFirst()) : String(v)
            let digits = s.hasPrefix("-") ? s.dropFirst() : Substring(s)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw fail("RRULE \(name) value '\(v)' is not a number")
            }
            // Ten digits or more: more than any part can hold (no series the agenda keeps has a billion occurrences).
            guard s.count <= 9, let n = Int(s) else { throw fail("RRULE \(name) value '\(v)' is too large (at most 9 digits)") }
            return n
        }
        func ints(_ name: String, _ range: ClosedRange<Int>, signed: Bool) throws(ParseError) -> [Int] {
            guard let v = parts.removeValue(forKey: name) else { return [] }
            var out: [Int] = []
            for item in v.split(separator: ",", omittingEmptySubsequences: false) {
                let n = try integer(name, item)
                guard range.contains(signed ? abs(n) : n), !(signed && n == 0) else {
                    throw fail("RRULE \(name) value '\(item)' is out of range (\(signed ? "±" : "")\(range.lowerBound)…\(range.upperBound))")
                }
                if !out.contains(n) { out.append(n) }
            }
            return out
        }
        if let v = parts.removeValue(forKey: "INTERVAL") {
            interval = try integer("INTERVAL", v)
            guard interval >= 1 else { throw fail("RRULE INTERVAL '\(v)' must be a positive number") }
        }
        if let v = parts.removeValue(forKey: "COUNT") {
            let n = try integer("COUNT", v)
            guard n >= 1 else { throw fail("RRULE COUNT '\(v)' must be a positive number") }
            count = n
        }
        if let v = parts.removeValue(forKey: "UNTIL") {
            guard count == nil else { throw fail("RRULE has both UNTIL and COUNT") }
            if v.utf8.count == 8, let d = DateValue(icalendar: v) { until = .date(d) }
            else if let dt = DateTimeValue(icalendar: v, tzid: nil) { until = .dateTime(dt) }
            else { throw fail("RRULE UNTIL '\(v)' is neither a DATE nor a DATE-TIME") }
        }
        for list in Self.numberLists { self[keyPath: list.field] = try ints(list.name, list.range, signed: list.signed) }
        if let v = parts.removeValue(forKey: "BYDAY") {
            for item in v.split(separator: ",", omittingEmptySubsequences: false) {
                let s = String(item).trimmedSpace
                guard s.count >= 2, let wd = Weekday(code: s.suffix(2)) else {
                    throw fail("RRULE BYDAY value '\(item)' is not a weekday such as MO, 2TU or -1SU")
                }
                let prefix = s.dropLast(2)
                var ordinal: Int?
                if !prefix.isEmpty {
                    let n = try integer("BYDAY", prefix)
                    guard n != 0, abs(n) <= 53 else { throw fail("RRULE BYDAY value '\(item)' is out of range (±1…53)") }
                    ordinal = n
                }
                let entry = WeekdayNum(ordinal, wd)
                if !byDay.contains(entry) { byDay.append(entry) }
            }
        }
        if let v = parts.removeValue(forKey: "WKST") {
            guard let wd = Weekday(code: v) else { throw fail("RRULE WKST '\(v)' is not a weekday (MO…SU)") }
            weekStart = wd
        }
        if let other = parts.keys.sorted().first(where: { !$0.hasPrefix("X-") }) {
            throw fail("RRULE part \(other) is not a part of RFC 5545 RECUR")
        }
        try checkCombinations()
    }

    /// The combinations of parts §3.3.10 forbids.
    private func checkCombinations() throws(ParseError) {
        func fail(_ m: String) -> ParseError { ParseError(message: m) }
        let freq = frequency
        if !byWeekNo.isEmpty && freq != .yearly { throw fail("RRULE BYWEEKNO is only allowed with FREQ=YEARLY") }
        if !byYearDay.isEmpty && [.daily, .weekly, .monthly].contains(freq) {
            throw fail("RRULE BYYEARDAY is not allowed with FREQ=\(freq.rawValue)")
        }
        if !byMonthDay.isEmpty && freq == .weekly { throw fail("RRULE BYMONTHDAY is not allowed with FREQ=WEEKLY") }
        if byDay.contains(where: { $0.ordinal != nil }) {
            guard freq == .monthly || freq == .yearly else {
                throw fail("RRULE BYDAY with a number (\(byDay.first { $0.ordinal != nil }!.text)) needs FREQ=MONTHLY or YEARLY")
            }
            guard byWeekNo.isEmpty else { throw fail("RRULE BYDAY with a number is not allowed with BYWEEKNO") }
            if freq == .monthly || !byMonth.isEmpty, let bad = byDay.first(where: { abs($0.ordinal ?? 0) > 5 }) {
                throw fail("RRULE BYDAY value '\(bad.text)' is out of range within a month (±1…5)")
            }
        }
        if !bySetPos.isEmpty && [bySecond, byMinute, byHour, byMonthDay, byYearDay, byWeekNo, byMonth].allSatisfy(\.isEmpty)
            && byDay.isEmpty {
            throw fail("RRULE BYSETPOS needs another BYxxx part")
        }
    }
}

extension RecurrenceRule {
    /// The parts that are lists of numbers: name, range (by magnitude when `signed`, never 0 then) and field, in
    /// the order the general reading checks them. Both readings take their ranges from here.
    static let numberLists: [(name: String, range: ClosedRange<Int>, signed: Bool,
                              field: any WritableKeyPath<RecurrenceRule, [Int]> & Sendable)] = [
        ("BYSECOND", 0...60, false, \.bySecond), ("BYMINUTE", 0...59, false, \.byMinute),
        ("BYHOUR", 0...23, false, \.byHour), ("BYMONTHDAY", 1...31, true, \.byMonthDay),
        ("BYYEARDAY", 1...366, true, \.byYearDay), ("BYWEEKNO", 1...53, true, \.byWeekNo),
        ("BYMONTH", 1...12, false, \.byMonth), ("BYSETPOS", 1...366, true, \.bySetPos),
    ]

    /// A rule in canonical form: upper-case part names RFC 5545 defines, each once, FREQ first, values without
    /// spaces, numbers without a sign where none is allowed, every value in its range. Nil for anything else
    /// (which `init(parsing:)` then reads the general way), never a different rule than the general reading.
    init?(canonical text: String) {
        var text = text
        let rule: RecurrenceRule?? = text.withUTF8 { bytes -> RecurrenceRule?? in
            var i = 0
            let n = bytes.count
            // FREQ=…
            guard n > 5, bytes[0] == 0x46, bytes[1] == 0x52, bytes[2] == 0x45, bytes[3] == 0x51, bytes[4] == 0x3D else { return nil }
            i = 5
            var j = i
            while j < n && bytes[j] != 0x3B { j += 1 }
            guard let freq = Frequency(rawValue: String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<j]), as: UTF8.self)) else { return nil }
            var rule = RecurrenceRule(frequency: freq)
            var seen: UInt16 = 0
            i = j
            while i < n {
                // ";NAME=VALUE"
                i += 1
                var eq = i
                while eq < n && bytes[eq] != 0x3D && bytes[eq] != 0x3B { eq += 1 }
                guard eq < n, bytes[eq] == 0x3D else { return nil }
                var end = eq + 1
                while end < n && bytes[end] != 0x3B { end += 1 }
                guard end > eq + 1 else { return nil }
                let name = UnsafeBufferPointer(rebasing: bytes[i..<eq])
                let value = UnsafeBufferPointer(rebasing: bytes[(eq + 1)..<end])
                guard let part = CanonicalPart(name) else { return nil }
                guard seen & part.bit == 0 else { return nil }
                seen |= part.bit
                switch part {
                case .interval:
                    guard let v = Self.canonicalInts(value, 1...999_999_999, signed: false)?.first,
                          !value.contains(0x2C) else { return nil }
                    rule.interval = v
                case .count:
                    guard seen & CanonicalPart.until.bit == 0,
                          let v = Self.canonicalInts(value, 1...999_999_999, signed: false)?.first,
                          !value.contains(0x2C) else { return nil }
                    rule.count = v
                case .until:
                    guard seen & CanonicalPart.count.bit == 0 else { return nil }
                    let v = String(decoding: value, as: UTF8.self)
                    if value.count == 8, let d = DateValue(icalendar: v) { rule.until = .date(d) }
                    else if let dt = DateTimeValue(icalendar: v, tzid: nil) { rule.until = .dateTime(dt) }
                    else { return nil }
                case let .numbers(k):
                    let list = Self.numberLists[k]
                    guard let v = Self.canonicalInts(value, list.range, signed: list.signed) else { return nil }
                    rule[keyPath: list.field] = v
                case .byDay:
                    var k = 0
                    while k < value.count {
                        var e = k
                        while e < value.count && value[e] != 0x2C { e += 1 }
                        guard e - k >= 2, let wd = Weekday(codeBytes: value[e - 2], value[e - 1]) else { return nil }
                        var ordinal: Int?
                        if e - k > 2 {
                            guard let o = Self.canonicalInts(UnsafeBufferPointer(rebasing: value[k..<(e - 2)]), 1...53,
                                                             signed: true)?.first else { return nil }
                            ordinal = o
                        }
                        let entry = WeekdayNum(ordinal, wd)
                        if !rule.byDay.contains(entry) { rule.byDay.append(entry) }
                        k = e + 1
                    }
                    guard value.last != 0x2C else { return nil }
                case .weekStart:
                    guard value.count == 2, let wd = Weekday(codeBytes: value[0], value[1]) else { return nil }
                    rule.weekStart = wd
                }
                i = end
            }
            return .some(rule)
        }
        guard let rule = rule ?? nil else { return nil }
        self = rule
    }

    /// The parts a canonical rule may hold after FREQ; `numbers(k)` is `numberLists[k]`.
    private enum CanonicalPart {
        case interval, count, until, byDay, weekStart, numbers(Int)

        init?(_ name: UnsafeBufferPointer<UInt8>) {
            let text = String(decoding: name, as: UTF8.self)
            switch text {
            case "INTERVAL": self = .interval
            case "COUNT": self = .count
            case "UNTIL": self = .until
            case "BYDAY": self = .byDay
            case "WKST": self = .weekStart
            default:
                guard let k = RecurrenceRule.numberLists.firstIndex(where: { $0.name == text }) else { return nil }
                self = .numbers(k)
            }
        }

        /// The part's bit among those seen.
        var bit: UInt16 {
            switch self {
            case .interval: 1
            case .count: 2
            case .until: 4
            case .byDay: 8
            case .weekStart: 16
            case let .numbers(k): 32 << k
            }
        }
    }

    /// A comma-separated list of decimal numbers, each in `range` (by magnitude when `signed`: a leading `-` or
    /// `+` is then allowed; the signed parts' ranges start at 1), repeats dropped; nil when any item is not.
    private static func canonicalInts(_ v: UnsafeBufferPointer<UInt8>, _ range: ClosedRange<Int>, signed: Bool) -> [Int]? {
        var out: [Int] = []
        var k = 0
        while k <= v.count {
            var negative = false
            if signed, k < v.count, v[k] == 0x2D || v[k] == 0x2B { negative = v[k] == 0x2D; k += 1 }
            var digits = 0, n = 0
            while k < v.count, v[k] >= 0x30, v[k] <= 0x39 {
                n = n * 10 + Int(v[k] - 0x30); digits += 1; k += 1
                if digits > 9 { return nil }
            }
            guard digits > 0, range.contains(n) else { return nil }
            let value = negative ? -n : n
            if !out.contains(value) { out.append(value) }
            if k == v.count { return out }
            guard v[k] == 0x2C else { return nil }
            k += 1
        }
        return nil
    }

    /// `init(parsing:)` remembered by text: reading thousands of series that share a few rules parses each rule
    /// once. The memory is bounded (it starts over past 16,384 texts, a few megabytes a thread).
    public static func cached(_ text: String) throws(ParseError) -> RecurrenceRule {
        let cache = RuleCache.current
        if let r = cache.get(text) { return r }
        let r = try RecurrenceRule(parsing: text)
        cache.put(text, r)
        return r
    }
}

/// A thread's parsed rules (`RuleCache.current`); only that thread uses them, so they take no lock.
final class RuleCache {
    private static let perThread = PerThread { RuleCache() }
    /// The calling thread's rules.
    static var current: RuleCache { perThread.value }
    private var rules: [String: RecurrenceRule] = [:]
    func get(_ text: String) -> RecurrenceRule? { rules[text] }
    func put(_ text: String, _ rule: RecurrenceRule) {
        if rules.count >= 16_384 { rules.removeAll(keepingCapacity: true) }
        rules[text] = rule
    }
}
