import Foundation

/// Turns the TZIDs found in the wild into IANA zones: IANA names as they are; Windows names and Outlook display
/// names through CLDR's table (`WindowsZones`); path-like names (`/mozilla.org/20050126_1/Europe/Rome`) by their
/// IANA tail; otherwise the file's own VTIMEZONE, by its `X-LIC-LOCATION` or by matching its offsets to an IANA
/// zone's; a bare offset (`GMT+0100`) as a fixed-offset zone. Each resolution that is not an exact IANA name says
/// how it was made, for the import report.
public struct ZoneNames: Sendable {
    /// The VTIMEZONE components of the file, by TZID.
    public var definitions: [String: ICalendarReader.RawComponent]
    /// The year a VTIMEZONE is matched in first ("today's" rules), then each year before it: the reader's clock,
    /// so that an import under a fixed clock (`AGENDA_NOW`) reads the same file the same way every year.
    public var year: Int

    public init(definitions: [String: ICalendarReader.RawComponent] = [:], now: Date = Date()) {
        self.definitions = definitions
        self.year = CivilCalendar.date(dayNumber: Int((now.timeIntervalSince1970 / 86400).rounded(.down))).year
    }

    /// The IANA zone for `tzid`, with a note unless it was one already; nil when nothing matches.
    public func resolve(_ tzid: String) -> (zone: String, note: String?)? {
        let name = Self.bareName(tzid)
        if Self.isIANA(name) { return (name, nil) }
        if let iana = WindowsZones.iana(for: name) { return (iana, "TZID \"\(tzid)\" read as \(iana) (Windows zone name, CLDR)") }
        let parts = name.split(separator: "/").map(String.init)
        for k in stride(from: min(3, parts.count), through: 1, by: -1) {
            let tail = parts.suffix(k).joined(separator: "/")
            if tail.contains("/") || k == parts.count, Self.isIANA(tail) {
                return (tail, "TZID \"\(tzid)\" read as \(tail)")
            }
        }
        let definition = definition(of: tzid)
        // A bare offset (`UTC+05:30`, the agenda's own name for an offset of no whole hours; `GMT+0100`): that
        // offset, fixed, unless its VTIMEZONE says the offset changes (then it is matched below).
        if let bare = Self.bareOffset(name), definition.map({ Self.declaredOffsets($0) == [bare] }) ?? true {
            guard let fixed = Self.fixedName(seconds: bare) else { return nil }
            return (fixed, fixed == name ? nil : "TZID \"\(tzid)\" read as the fixed offset \(fixed)")
        }
        // A name the tz database knows without an area (`Japan`, `NZ`, `CET`, `EST5EDT`, `W-SU`: names of old, kept
        // as links; the agenda stores a zone as it was given): itself, when the file's VTIMEZONE gives that zone's
        // offsets. Without a VTIMEZONE it is not trusted: `EST` from a producer that means Eastern time, DST and all,
        // is not the tz database's EST, -05:00 all year.
        if let definition, !Self.isIANA(name), Self.agrees(definition, withZoneNamed: name, through: year) {
            return (name, nil)
        }
        if let definition {
            if let location = definition.first("X-LIC-LOCATION")?.value.trimmedSpace,
               Self.isIANA(location) {
                return (location, "TZID \"\(tzid)\" read as \(location) (its X-LIC-LOCATION)")
            }
            if let match = Self.match(definition, from: year) {
                let when = match.year == year ? "" : " in \(match.year)"
                return (match.zone, "TZID \"\(tzid)\" read as \(match.zone) (same offsets as its VTIMEZONE\(when))")
            }
            // No IANA zone has had its rules since it began: its standard offset, as a fixed zone.
            let standard = definition.components.first { $0.name == "STANDARD" } ?? definition.components.first
            if let offset = standard?.first("TZOFFSETTO").flatMap({ Self.utcOffset($0.value) }),
               let fixed = Self.fixedName(seconds: offset) {
                return (fixed, "TZID \"\(tzid)\" kept as the fixed offset \(fixed): no IANA zone has its VTIMEZONE's rules")
            }
        }
        return nil
    }

    /// A TZID as its zone is named: spaces around it and quotes (`TZID="Europe/Rome"`) left out.
    static func bareName(_ tzid: String) -> String {
        let name = tzid.trimmedSpace
        return name.count >= 2 && name.hasPrefix("\"") && name.hasSuffix("\"") ? String(name.dropFirst().dropLast()) : name
    }

    /// The file's VTIMEZONE for `tzid`, under the TZID as written or as its bare name.
    func definition(of tzid: String) -> ICalendarReader.RawComponent? {
        definitions[tzid] ?? definitions[Self.bareName(tzid)]
    }

    /// The farthest from UTC a fixed-offset zone may be, in seconds (18 hours, as Foundation and the tz database
    /// allow; no zone has been more than 14 hours away).
    static let largestOffset = 18 * 3600

    /// What a TZID that `resolve` could not read should have been, for the refusal: a name it does not know, or,
    /// when the file defines it, what is wrong with its VTIMEZONE (no observance, or an offset that does not read
    /// as one: more than 18 hours from UTC, as no zone has been, or not ±HHMM[SS]). The refusal used to say "one
    /// the file defines" of a zone the file did define.
    public func unresolvedExpectation(_ tzid: String) -> String {
        guard let definition = definition(of: tzid) else {
            return "an IANA or Windows zone, or one the file defines"
        }
        let observances = definition.components.filter { $0.name == "STANDARD" || $0.name == "DAYLIGHT" }
        guard !observances.isEmpty else {
            return "a zone whose VTIMEZONE (line \(definition.line)) has a STANDARD or DAYLIGHT observance; it has none"
        }
        for o in observances {
            for property in ["TZOFFSETTO", "TZOFFSETFROM"] {
                guard let value = o.first(property)?.value else {
                    return "a zone whose VTIMEZONE (line \(definition.line)) gives each observance a \(property); its \(o.name) has none"
                }
                if let offset = Self.utcOffset(value), abs(offset) <= Self.largestOffset { continue }
                return "a zone whose VTIMEZONE (line \(definition.line)) gives offsets of at most 18 hours, as ±HHMM; its \(o.name) has \(property):\(value)"
            }
        }
        return "a zone whose VTIMEZONE (line \(definition.line)) gives offsets an IANA or fixed-offset zone can keep"
    }

    /// The one name of a bare offset typed as a zone: the tz database's for whole hours (`UTC+7`, `GMT+0700` →
    /// `Etc/GMT-7`; `GMT-0500` → `Etc/GMT+5`), else `UTC+05:30` (`GMT+0530`, `UTC+5:30` → `UTC+05:30`), so that
    /// one offset has one name in an agenda and a feed read back keeps it; nil for anything else.
    public static func canonicalOffset(_ name: String) -> String? {
        guard !isIANA(name), TimeZone(identifier: name) != nil, let seconds = writtenOffset(name) else { return nil }
        return fixedName(seconds: seconds)
    }

    /// `UTC+7`, `GMT-0500`, `utc+05:30` (and nothing else): the offset as written, in seconds, with ISO 8601's sign
    /// (east of UTC is +). The one reading of such names: zones typed and imported, and `TZ` (`posixZone`).
    public static func writtenOffset(_ name: String) -> Int? {
        guard name.count > 4, ["UTC", "GMT"].contains(name.prefix(3).uppercased()) else { return nil }
        let rest = name.dropFirst(3)
        guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
        let body = rest.dropFirst()
        guard body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ":") }) else { return nil }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        let hours: Int?, minutes: Int?
        switch (parts.count, parts[0].count) {
        case (1, 1...2): (hours, minutes) = (Int(parts[0]), 0)
        case (1, 3...4): (hours, minutes) = (Int(parts[0].dropLast(2)), Int(parts[0].suffix(2)))
        case (2, 1...2) where parts[1].count == 2: (hours, minutes) = (Int(parts[0]), Int(parts[1]))
        default: return nil
        }
        guard let hours, let minutes, hours <= 24, minutes < 60 else { return nil }
        return (sign == "+" ? 1 : -1) * (hours * 3600 + minutes * 60)
    }

    /// `TZ=UTC+7` (also `:GMT-3`, `UTC+05:30`) as POSIX and the system's `date` read it: the offset is the time
    /// *behind* UTC, so UTC+7 is UTC−07:00. Foundation reads the same text the other way round, which put every time
    /// 14 hours away from what `date` showed. Nil for anything else (IANA names are Foundation's to read).
    /// Also a POSIX rule that is not a zone's name (`CET-1CEST,M3.5.0,M10.5.0/3`, `<+07>-7`, as older systems and
    /// containers set TZ): a fixed offset is that offset's zone; a rule with summer time is the first zone (Windows'
    /// zones first) whose offsets agree with it through this year and the next, at the usual dates and an hour
    /// either side of each change. Such a TZ made every command fail ("invalid TZ").
    public static func posixZone(_ tz: String, now: Date = Date()) -> TimeZone? {
        let text = tz.hasPrefix(":") ? String(tz.dropFirst()) : tz
        if let offset = writtenOffset(text) { return TimeZone(secondsFromGMT: -offset) }
        guard TimeZone(identifier: text) == nil, let rule = PosixRule(text) else { return nil }
        return rule.zone(now: now)
    }

    /// True for a name the tz database knows (not a bare abbreviation such as "EST" or "CET", which Foundation also
    /// accepts but which say less than a zone).
    static func isIANA(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count < 64, TimeZone(identifier: name) != nil else { return false }
        return name.contains("/") || name == "UTC" || name == "GMT"
    }

    /// The offset a TZID names, in seconds east of UTC: `GMT+0100`, `UTC-05:00`, `GMT+1`, `(UTC+07:00)`,
    /// `UTC+05:30`; nil for any other name.
    static func bareOffset(_ name: String) -> Int? {
        let u = name.uppercased().replacingOccurrences(of: "(", with: "").replacingOccurrences(of: ")", with: "")
        guard u.hasPrefix("GMT") || u.hasPrefix("UTC") else { return nil }
        // What follows the offset ("(UTC+07:00) Bangkok, Hanoi") is left out; "+1.00" is "+1:00".
        let rest = u.dropFirst(3).prefix { "+-0123456789:.".contains($0) }.replacingOccurrences(of: ".", with: ":")
        guard let sign = rest.first, sign == "+" || sign == "-" else { return rest.isEmpty ? 0 : nil }
        return writtenOffset("UTC" + rest)
    }

    /// The one name of a fixed offset (seconds east of UTC): the tz database's fixed zone for whole hours within
    /// ±14 (`fixedZone`), else `UTC+05:30`, which Foundation reads as that offset (the tz database has no fixed
    /// zone for it); nil for an offset of seconds, or one no zone can have.
    static func fixedName(seconds: Int) -> String? {
        if let zone = fixedZone(seconds: seconds) { return zone }
        guard seconds % 60 == 0, abs(seconds) <= largestOffset else { return nil }
        let minutes = abs(seconds) / 60
        let name = "UTC" + (seconds < 0 ? "-" : "+") + twoDigits(minutes / 60) + ":" + twoDigits(minutes % 60)
        return TimeZone(identifier: name)?.secondsFromGMT() == seconds ? name : nil
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// The offsets a VTIMEZONE's observances change to.
    static func declaredOffsets(_ definition: ICalendarReader.RawComponent) -> Set<Int> {
        Set(definition.components.compactMap { $0.first("TZOFFSETTO").flatMap { utcOffset($0.value) } })
    }

    /// The tz database's fixed zone for an offset east of UTC (`Etc/GMT-1` for +01:00; `UTC` for 0), or nil when
    /// it is not a whole number of hours within ±14.
    static func fixedZone(seconds: Int) -> String? {
        guard seconds % 3600 == 0, abs(seconds) <= 14 * 3600 else { return nil }
        let h = seconds / 3600
        // The Etc zones' signs are POSIX's, the reverse of ISO 8601's.
        return h == 0 ? "UTC" : "Etc/GMT" + (h > 0 ? "-" : "+") + String(abs(h))
    }

    /// An IANA zone whose offsets agree with a VTIMEZONE's through a year, preferring the zones CLDR names for
    /// Windows zones. The offsets are compared date by date (the 1st, 8th, 15th and 22nd of each month), so DST must
    /// fall in the same season: Chile's -04/-03 is not Halifax's, nor Brazil's old -03/-02 Miquelon's. This year is
    /// tried first, then each year before it to 1970 or the year the definition begins, whichever is later: Outlook 2007 wrote Yekaterinburg's DST rules, which no zone
    /// has followed since 2011, and its events of 2008 are Asia/Yekaterinburg's. Each definition is matched once.
    static func match(_ definition: ICalendarReader.RawComponent, from thisYear: Int) -> (zone: String, year: Int)? {
        let cache = matchCache.value
        if let known = cache.results[thisYear]?[definition] { return known }
        let found = findMatch(definition, from: thisYear)
        cache.results[thisYear, default: [:]][definition] = .some(found)
        return found
    }

    private static func findMatch(_ definition: ICalendarReader.RawComponent, from thisYear: Int) -> (zone: String, year: Int)? {
        // Every offset it declares must be in use: a definition whose DST ended (Yekaterinburg's +05/+06 of 1601
        // with no rule) is not a zone that never had any.
        let declared = declaredOffsets(definition)
        guard let onsets = onsets(of: definition, from: 1970, through: thisYear) else { return nil }
        // Not before the definition begins: a fixed -03:30 written from 2022 on is not Paramaribo's -03:30 of 1983
        // (-03:00 since 1984, which moved its meetings half an hour).
        let earliest = min(thisYear, max(1970, beginning(definition)))
        var names = WindowsZones.zones
        names += TimeZone.knownTimeZoneIdentifiers.filter { !names.contains($0) }
        let zones = names.compactMap { name in TimeZone(identifier: name).map { (name, $0) } }
        for year in stride(from: thisYear, through: earliest, by: -1) {
            let samples = samples(in: year)
            let wanted = offsets(onsets, at: samples)
            guard Set(wanted) == declared else { continue }
            let dates = samples.map { Date(timeIntervalSince1970: TimeInterval($0)) }
            for (name, zone) in zones where zip(dates, wanted).allSatisfy({ zone.secondsFromGMT(for: $0) == $1 }) {
                return (name, year)
            }
        }
        return nil
    }

    /// Noon UTC on the 1st, 8th, 15th and 22nd of each month of `year`: the instants offsets are compared at.
    static func samples(in year: Int) -> [Int] {
        (1...12).flatMap { month in [1, 8, 15, 22].map { CivilCalendar.dayNumber(year: year, month: month, day: $0) * 86400 + 43200 } }
    }

    /// The year a VTIMEZONE's first observance begins (1970 when none says).
    static func beginning(_ definition: ICalendarReader.RawComponent) -> Int {
        definition.components.filter { $0.name == "STANDARD" || $0.name == "DAYLIGHT" }
            .compactMap { $0.first("DTSTART").flatMap { DateTimeValue(icalendar: $0.value.trimmedSpace, tzid: nil) }?.date.year }
            .min() ?? 1970
    }

    /// `agrees(_:with:through:)` for the zone Foundation knows by `name` (false when it knows none), asked once
    /// per definition, name and year on a thread (a file asks again for each of its times).
    static func agrees(_ definition: ICalendarReader.RawComponent, withZoneNamed name: String, through thisYear: Int) -> Bool {
        let cache = agreementCache.value
        let key = AgreementKey(definition: definition, name: name, year: thisYear)
        if let known = cache.results[key] { return known }
        let found = TimeZone(identifier: name).map { agrees(definition, with: $0, through: thisYear) } ?? false
        cache.results[key] = found
        return found
    }

    private struct AgreementKey: Hashable {
        let definition: ICalendarReader.RawComponent
        let name: String
        let year: Int
    }
    private final class AgreementCache { var results: [AgreementKey: Bool] = [:] }
    private static let agreementCache = PerThread { AgreementCache() }

    /// True when a VTIMEZONE gives `zone`'s offsets at every sample from its first change of offset (1970 at the
    /// earliest; before it, the definition says nothing) through `thisYear` (or the year after it begins, when it
    /// begins later), at most 200 years.
    static func agrees(_ definition: ICalendarReader.RawComponent, with zone: TimeZone, through thisYear: Int) -> Bool {
        let first = max(1970, beginning(definition)), last = max(first + 1, thisYear)
        guard last - first <= 200, let onsets = onsets(of: definition, from: first, through: last),
              let begins = onsets.first?.instant else { return false }
        return (first...last).allSatisfy { year in
            let samples = samples(in: year).filter { $0 >= begins }
            return zip(samples, offsets(onsets, at: samples)).allSatisfy {
                zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval($0))) == $1
            }
        }
    }

    private final class MatchCache { var results: [Int: [ICalendarReader.RawComponent: (zone: String, year: Int)?]] = [:] }
    private static let matchCache = PerThread { MatchCache() }

    /// More observances than any zone's history needs: a definition with more is not matched (a hostile file
    /// must not make the import expand thousands of rules).
    static let maximumObservances = 1_000

    /// A VTIMEZONE's changes of offset from `firstYear` through `lastYear` (and each observance's own start),
    /// from its observances' DTSTART, RRULE and RDATE, in order: the instant (the wall time less the offset
    /// before it) and the offsets either side. Nil when an observance lacks its offsets or start, or when there
    /// are too many.
    static func onsets(of definition: ICalendarReader.RawComponent, from firstYear: Int, through lastYear: Int)
        -> [(instant: Int, from: Int, to: Int)]? {
        let observances = definition.components.filter { $0.name == "STANDARD" || $0.name == "DAYLIGHT" }
        guard !observances.isEmpty, observances.count <= maximumObservances else { return nil }
        var onsets: [(instant: Int, from: Int, to: Int)] = []
        func wall(_ t: DateTimeValue) -> Int { dayNumber(t.date) * 86400 + t.hour * 3600 + t.minute * 60 + t.second }
        let window = CivilCalendar.dayNumber(year: firstYear - 1, month: 1, day: 1) * 86400
            ..< CivilCalendar.dayNumber(year: lastYear + 1, month: 1, day: 1) * 86400
        for c in observances {
            guard let to = c.first("TZOFFSETTO").flatMap({ utcOffset($0.value) }),
                  let from = c.first("TZOFFSETFROM").flatMap({ utcOffset($0.value) }),
                  let start = c.first("DTSTART").flatMap({ DateTimeValue(icalendar: $0.value.trimmedSpace, tzid: nil) })
            else { return nil }
            onsets.append((wall(start) - from, from, to))
            let rdates = c.all("RDATE").flatMap { $0.value.split(separator: ",") }
                .compactMap { DateTimeValue(icalendar: String($0).trimmedSpace, tzid: nil) }.map(wall)
            let rule = c.first("RRULE").flatMap { try? RecurrenceRule(parsing: $0.value) }
            guard rule != nil || !rdates.isEmpty else { continue }
            // The rule runs on the observance's wall clock (no zone).
            let set = RecurrenceSet(start: wall(start), zone: nil, rule: rule, rdates: rdates)
            guard let walls = try? set.occurrences(in: window, limit: 10_000) else { return nil }
            onsets += walls.map { ($0.wall - from, from, to) }
        }
        return onsets.sorted { $0.instant < $1.instant }
    }

    /// The offsets in force at `instants` (UTC seconds) after `onsets` (in order, as `onsets(of:…)` gives them):
    /// the last change at or before each, else the offset before the first.
    static func offsets(_ onsets: [(instant: Int, from: Int, to: Int)], at instants: [Int]) -> [Int] {
        instants.map { t in
            var low = 0, high = onsets.count  // the first onset after t
            while low < high {
                let mid = (low + high) / 2
                if onsets[mid].instant <= t { low = mid + 1 } else { high = mid }
            }
            return low == 0 ? onsets[0].from : onsets[low - 1].to
        }
    }

    /// `+0100`, `-0530`, `+013045` → seconds.
    static func utcOffset(_ text: String) -> Int? {
        let t = text.trimmedSpace
        guard let sign = t.first, sign == "+" || sign == "-" else { return nil }
        let d = Array(t.dropFirst())
        guard d.count == 4 || d.count == 6, d.allSatisfy(\.isNumber) else { return nil }
        let h = Int(String(d[0...1]))!, m = Int(String(d[2...3]))!, s = d.count == 6 ? Int(String(d[4...5]))! : 0
        return (sign == "-" ? -1 : 1) * (h * 3600 + m * 60 + s)
    }
}

/// A POSIX TZ rule (`std offset [dst [offset] [,start[/time],end[/time]]]`, IEEE 1003.1 §8.3): the standard and
/// summer offsets, east of UTC, and when summer time starts and ends.
struct PosixRule {
    var standard: Int
    var summer: (offset: Int, start: Change, end: Change)?

    /// A day of the year and a time of day: `Mm.w.d` (the w-th d-day of month m, w = 5 the last, d = 0 Sunday),
    /// `Jn` (day n of 1 to 365, 29 February never counted) or `n` (day n from 0, counting it), at `seconds`.
    enum Day { case monthWeek(month: Int, week: Int, weekday: Int), julian(Int), zeroBased(Int) }
    struct Change { var day: Day; var seconds: Int }

    init?(_ text: String) {
        var rest = Substring(text)
        func name() -> Bool {
            if rest.first == "<" {
                guard let close = rest.firstIndex(of: ">"), rest.distance(from: rest.startIndex, to: close) > 3 else { return false }
                rest = rest[rest.index(after: close)...]
                return true
            }
            let letters = rest.prefix { $0.isASCII && $0.isLetter }
            guard letters.count >= 3 else { return false }
            rest = rest.dropFirst(letters.count)
            return true
        }
        /// `[+-]hh[:mm[:ss]]`, in seconds as written (POSIX: positive west of UTC).
        func time() -> Int? {
            var sign = 1
            if let c = rest.first, c == "+" || c == "-" {
                sign = c == "-" ? -1 : 1
                rest = rest.dropFirst()
            }
            var total = 0
            for (i, unit) in [3600, 60, 1].enumerated() {
                if i > 0 { guard rest.first == ":" else { break }; rest = rest.dropFirst() }
                let digits = rest.prefix { $0.isASCII && $0.isNumber }
                guard (1...3).contains(digits.count), let n = Int(digits) else { return nil }
                rest = rest.dropFirst(digits.count)
                total += n * unit
            }
            return sign * total
        }
        func change() -> Change? {
            let day: Day
            if rest.first == "M" {
                rest = rest.dropFirst()
                let parts = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }.split(separator: ".", omittingEmptySubsequences: false)
                rest = rest.dropFirst(parts.map(\.count).reduce(0, +) + max(0, parts.count - 1))
                guard parts.count == 3, let m = Int(parts[0]), let w = Int(parts[1]), let d = Int(parts[2]),
                      (1...12).contains(m), (1...5).contains(w), (0...6).contains(d) else { return nil }
                day = .monthWeek(month: m, week: w, weekday: d)
            } else {
                let julian = rest.first == "J"
                if julian { rest = rest.dropFirst() }
                let digits = rest.prefix { $0.isASCII && $0.isNumber }
                guard let n = Int(digits), julian ? (1...365).contains(n) : (0...365).contains(n) else { return nil }
                rest = rest.dropFirst(digits.count)
                day = julian ? .julian(n) : .zeroBased(n)
            }
            var seconds = 7200
            if rest.first == "/" {
                rest = rest.dropFirst()
                guard let t = time(), abs(t) <= 167 * 3600 else { return nil }
                seconds = t
            }
            return Change(day: day, seconds: seconds)
        }
        guard name(), let std = time(), abs(std) <= 24 * 3600 else { return nil }
        standard = -std
        if rest.isEmpty { summer = nil; return }
        guard name() else { return nil }
        var offset = standard + 3600
        if let c = rest.first, c != "," {
            guard let dst = time(), abs(dst) <= 24 * 3600 else { return nil }
            offset = -dst
        }
        // Without dates, the rule glibc assumes (the United States' since 2007).
        var start = Change(day: .monthWeek(month: 3, week: 2, weekday: 0), seconds: 7200)
        var end = Change(day: .monthWeek(month: 11, week: 1, weekday: 0), seconds: 7200)
        if !rest.isEmpty {
            guard rest.first == "," else { return nil }
            rest = rest.dropFirst()
            guard let a = change(), rest.first == "," else { return nil }
            rest = rest.dropFirst()
            guard let b = change(), rest.isEmpty else { return nil }
            (start, end) = (a, b)
        }
        summer = (offset, start, end)
    }

    /// The day number (days since 1970-01-01) of `day` in `year`.
    static func dayNumber(_ day: Day, in year: Int) -> Int {
        let first = CivilCalendar.dayNumber(year: year, month: 1, day: 1)
        let leap = CivilCalendar.daysInMonth(year: year, month: 2) == 29
        switch day {
        case let .zeroBased(n): return first + n
        case let .julian(n): return first + n - 1 + (leap && n > 59 ? 1 : 0)
        case let .monthWeek(month, week, weekday):
            let start = CivilCalendar.dayNumber(year: year, month: month, day: 1)
            // Weekday's Monday is 1 and Sunday 7; POSIX's Sunday is 0.
            let firstWeekday = Weekday(dayNumber: start).rawValue % 7
            var d = start + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
            while d >= start + CivilCalendar.daysInMonth(year: year, month: month) { d -= 7 }
            return d
        }
    }

    /// The instants summer time starts and ends in `year` (nil without summer time): it starts at a time of
    /// standard time and ends at a time of summer time.
    func changes(in year: Int) -> (start: Int, end: Int)? {
        guard let summer else { return nil }
        return (Self.dayNumber(summer.start.day, in: year) * 86400 + summer.start.seconds - standard,
                Self.dayNumber(summer.end.day, in: year) * 86400 + summer.end.seconds - summer.offset)
    }

    /// The offset east of UTC at `instant`.
    func offset(at instant: Int) -> Int {
        let year = CivilCalendar.date(dayNumber: Int((Double(instant + standard) / 86400).rounded(.down))).year
        guard let summer, let (start, end) = changes(in: year) else { return standard }
        let inSummer = start < end ? (instant >= start && instant < end) : (instant >= start || instant < end)
        return inSummer ? summer.offset : standard
    }

    /// The instants its offsets are compared at in `year`: noon UTC four times a month, and an hour either side of
    /// each change.
    func samples(in year: Int) -> [Int] {
        let changes = changes(in: year).map { [$0.start - 3600, $0.start + 3600, $0.end - 3600, $0.end + 3600] } ?? []
        return ZoneNames.samples(in: year) + changes
    }

    /// The zone it describes: a fixed offset's, or the first zone that agrees with it this year and next.
    func zone(now: Date) -> TimeZone? {
        guard summer != nil else {
            return ZoneNames.fixedName(seconds: standard).flatMap { TimeZone(identifier: $0) } ?? TimeZone(secondsFromGMT: standard)
        }
        let year = CivilCalendar.date(dayNumber: Int((now.timeIntervalSince1970 / 86400).rounded(.down))).year
        let samples = samples(in: year) + samples(in: year + 1)
        let wanted = samples.map(offset(at:))
        var names = WindowsZones.zones
        names += TimeZone.knownTimeZoneIdentifiers.filter { !names.contains($0) }
        for name in names {
            guard let zone = TimeZone(identifier: name),
                  zip(samples, wanted).allSatisfy({ zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval($0))) == $1 })
            else { continue }
            return zone
        }
        return nil
    }
}
