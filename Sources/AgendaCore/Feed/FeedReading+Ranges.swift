import Foundation
import ICalendar

extension FeedReading {
    /// Whether an occurrence changes the rest of its series too: `RECURRENCE-ID;RANGE=THISANDFUTURE` (RFC 5545
    /// §3.2.13), as Evolution writes a change of "this and future instances".
    public static func changesTheRest(_ r: Reading) -> Bool {
        r.recurrenceID?.parameter("RANGE")?.uppercased() == "THISANDFUTURE"
    }

    /// `attach` for a series some of whose occurrences change the rest of it (`changesTheRest`). The others join
    /// it as overrides. At each that changes the rest, in time order, the series is split there
    /// (`Event.splitSeries(at:)`, the rule of `event edit --from-occurrence`): it ends before that occurrence, and
    /// a series of its own starts with what the occurrence gives (title, place, time, status…), the rest of the
    /// rule, and the dates and overrides from there, moved as the occurrence moved. Its UID is the series' with
    /// the occurrence's original start (`UID/2024-09-13T12:00`), so that importing the file again finds it. At the
    /// series' first occurrence, the whole series changes. Returns the series, the series split off (each with the
    /// line of the occurrence that started it) and the refusals:
    /// a time the series does not give, a time of another kind or zone, or a move to days or hours the rule
    /// names (BYDAY, BYHOUR…), which a shift of its start cannot carry.
    public static func attachingRanges(_ occurrences: [Reading], to series: Event,
                                       context: Context) -> (series: Event, rest: [(event: Event, line: Int)], refusals: [Refusal]) {
        var first = series
        var refusals = attach(occurrences.filter { !changesTheRest($0) }, to: &first, context: context)
        let ranged = occurrences.filter(changesTheRest)
        guard let set = try? first.recurrenceSet() else {
            return (first, [], refusals + ranged.map { Refusal(line: $0.line, uid: series.uid, reason: OccurrenceNaming.unreadable) })
        }
        var named = Self.named(ranged, of: first, in: set, context: context, refusals: &refusals)
        named.sort { ($0.occurrence.instant, $0.reading.line) < ($1.occurrence.instant, $1.reading.line) }
        var events = [(event: first, line: 0)]
        // How far (wall seconds) the rest of the series has moved so far: a later RECURRENCE-ID names an original
        // start.
        var moved = 0
        for (r, key, original) in named {
            func refuse(_ reason: String) { refusals.append(Refusal(line: r.line, uid: series.uid, reason: reason)) }
            let current = events[events.count - 1].event
            let zone = current.schedule.zone
            let wall = original.wall + moved
            let occurrence = ICalendar.Occurrence(wall: wall, instant: WallClock.instant(wall: wall, in: zone))
            guard let currentSet = try? current.recurrenceSet(), (try? currentSet.contains(occurrence.instant)) == true else {
                refuse(OccurrenceNaming.notAnOccurrence(r.recurrenceID?.value ?? ""))
                continue
            }
            guard let start = r.event.schedule.startWall, r.event.schedule.precision == current.schedule.precision,
                  r.event.schedule.timeZone == current.schedule.timeZone else {
                refuse("an occurrence with RANGE=THISANDFUTURE whose time is not of the series' kind and zone (\(current.schedule.label), \(current.schedule.timeZone))")
                continue
            }
            let shift = start - occurrence.wall
            if let rule = current.series?.rule, Self.ruleNames(rule, moving: occurrence.wall, to: start) {
                refuse("an occurrence with RANGE=THISANDFUTURE that moves the rest of the series to days or hours its rule names (\(rule.text)): not supported")
                continue
            }
            let isFirst = (try? currentSet.prefix(1).first?.instant) == occurrence.instant
            var rest: Series
            if isFirst {
                rest = current.series!
            } else {
                do {
                    let (earlier, later) = try current.splitSeries(at: occurrence)
                    events[events.count - 1].event.series = earlier
                    rest = later
                } catch {
                    refuse(OccurrenceNaming.unreadable)
                    continue
                }
            }
            var next = r.event
            next.series = Self.series(rest, movedBy: shift, of: next)
            if isFirst {
                next.uid = current.uid
                events[events.count - 1].event = next
            } else {
                next.uid = Self.restUID(series.uid, key)
                events.append((next, r.line))
            }
            moved += shift
        }
        return (events[0].event, Array(events.dropFirst()), refusals)
    }

    /// The UID of the rest of a series split at the occurrence `key` (its original start).
    static func restUID(_ uid: String, _ key: String) -> String {
        let plain = "\(uid)/\(key)"
        if plain.count <= 255 { return plain }
        return "\(uid.prefix(200))/\(String(fnv1a(uid), radix: 16))/\(key)"
    }

    /// Whether moving a series' start from `from` to `to` (wall seconds) would disagree with what its rule names:
    /// another day with BYDAY, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYMONTH or BYSETPOS, another time of day with
    /// BYHOUR, BYMINUTE or BYSECOND.
    static func ruleNames(_ rule: RecurrenceRule, moving from: Int, to: Int) -> Bool {
        let floorDiv = { (a: Int) in Int((Double(a) / 86400).rounded(.down)) }
        let otherDay = floorDiv(from) != floorDiv(to)
        let otherTime = from - floorDiv(from) * 86400 != to - floorDiv(to) * 86400
        let days = !(rule.byDay.isEmpty && rule.byMonthDay.isEmpty && rule.byYearDay.isEmpty && rule.byWeekNo.isEmpty
                     && rule.byMonth.isEmpty && rule.bySetPos.isEmpty)
        let hours = !(rule.byHour.isEmpty && rule.byMinute.isEmpty && rule.bySecond.isEmpty)
        return (otherDay && days) || (otherTime && hours)
    }

    /// `series` (of `event`) with its dates, overrides and UNTIL moved by `shift` wall seconds.
    static func series(_ series: Series, movedBy shift: Int, of event: Event) -> Series {
        guard shift != 0 else { return series }
        let move = { (key: String) in Event.wallSeconds(key: key).map { event.seriesKey(wall: $0 + shift) } ?? key }
        var out = series
        out.rdates = series.rdates.map(move)
        out.exdates = series.exdates.map(move)
        out.overrides = series.overrides.map { o in
            var o = o
            o.recurrenceID = move(o.recurrenceID)
            return o
        }
        if var rule = series.rule, let until = rule.until {
            switch until {
            case let .date(d):
                let day = localDate(d).adding(days: Int((Double(shift) / 86400).rounded(.down)))
                rule.until = .date(DateValue(year: day.year, month: day.month, day: day.day))
            case let .dateTime(t) where t.form == .utc:
                let at = FeedReading.instant(t, zone: TimeZone(identifier: "UTC")!).addingTimeInterval(TimeInterval(shift))
                rule.until = .dateTime(DateTimeValue(utc: at))
            case var .dateTime(t):
                let wall = LocalDateTime(date: localDate(t.date), hour: t.hour, minute: t.minute, second: t.second)!.wallSeconds + shift
                let moved = LocalDateTime(wallSeconds: wall)
                t.date = DateValue(year: moved.date.year, month: moved.date.month, day: moved.date.day)
                (t.hour, t.minute, t.second) = (moved.hour, moved.minute, moved.second)
                rule.until = .dateTime(t)
            }
            out.rule = rule
        }
        return out
    }
}
