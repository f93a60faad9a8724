import AgendaCore
import Foundation

/// The agenda as people read it, for any front end: dated items by day in the viewer's zone (each day once, in
/// order; the venue's time shown when its zone differs; a meeting past midnight said plainly), then the items
/// whose date is known only to a month, quarter or year, in their own "date TBC" section.
public struct AgendaListing: Sendable {
    /// One event in the listing.
    public struct Item: Sendable {
        public var event: Event
        /// The time column in the viewer's zone: `10:30–12:00`, `23:00–00:30 next day`, `all day`, `Oct 2023`.
        public var time: String
        /// The venue's own times when its zone is not the viewer's: `16:30–18:00 Asia/Bangkok`.
        public var venueTime: String?
    }

    /// The dated items of one day (in the viewer's zone), all-day ones first.
    public struct Day: Sendable {
        public var date: LocalDate
        public var items: [Item]
        /// `Mon 20 Mar 2023`.
        public var header: String { AgendaListing.dayHeader(date) }
    }

    /// The imprecise items of one period, e.g. all of "October 2023".
    public struct Period: Sendable {
        public var period: AgendaCore.Period
        public var items: [Item]
        /// `October 2023 — date TBC`, `Q4 2023 — date TBC`, `Sometime in 2023`.
        public var header: String { AgendaListing.periodHeader(period) }
    }

    public var days: [Day]
    public var undated: [Period]
    public var isEmpty: Bool { days.isEmpty && undated.isEmpty }

    /// Groups `events` for a viewer in `viewer`; an event already under way at `from` is listed on `from`'s day.
    public init(_ events: [Event], viewer: TimeZone, from: Date? = nil) {
        let firstDay = from.map { LocalDate($0, in: viewer) }
        var byDay: [LocalDate: [(key: (Int, Int, Int64), item: Item)]] = [:]
        var byPeriod: [AgendaCore.Period: [(key: (Int, Int64), item: Item)]] = [:]
        for e in events {
            let id = e.id ?? 0
            switch e.schedule.form {
            case let .timed(start, end):
                let zone = e.schedule.zone
                let s = start.instant(in: zone), t = end.instant(in: zone)
                let vs = LocalDateTime(s, in: viewer), ve = LocalDateTime(t, in: viewer)
                var day = vs.date
                if let firstDay, day < firstDay { day = firstDay }
                let time = Self.range(vs, ve, label: { $0.timeText })
                let venue = e.schedule.timeZone == viewer.identifier ? nil
                    : Self.range(start, end, label: { e.schedule.clockLabel($0) }) + " " + e.schedule.timeZone
                byDay[day, default: []].append(((1, Int(s.timeIntervalSince1970), id), Item(event: e, time: time, venueTime: venue)))
            case let .allDay(first, last):
                var day = first
                if let firstDay, day < firstDay { day = firstDay }
                let time = first == last ? "all day" : "all day, until \(Self.dayHeader(last))"
                byDay[day, default: []].append(((0, first.dayNumber, id), Item(event: e, time: time, venueTime: nil)))
            case let .period(p):
                byPeriod[p, default: []].append(((e.schedule.precision == .month ? 0 : 1, id), Item(event: e, time: p.label, venueTime: nil)))
            }
        }
        days = byDay.keys.sorted().map { d in Day(date: d, items: byDay[d]!.sorted { $0.key < $1.key }.map(\.item)) }
        undated = byPeriod.keys.sorted { ($0.firstDay, $0.lastDay) < ($1.firstDay, $1.lastDay) }.map { p in
            Period(period: p, items: byPeriod[p]!.sorted { $0.key < $1.key }.map(\.item))
        }
    }

    /// `10:30–12:00`, `23:00–00:30 next day`, `22:00 – Wed 22 Mar 09:00`.
    static func range(_ s: LocalDateTime, _ e: LocalDateTime, label: (LocalDateTime) -> String) -> String {
        switch e.date.dayNumber - s.date.dayNumber {
        case 0: "\(label(s))–\(label(e))"
        case 1 where e.hour == 0 && e.minute == 0 && e.second == 0: "\(label(s))–24:00"
        case 1: "\(label(s))–\(label(e)) next day"
        default: "\(label(s)) – \(dayHeader(e.date)) \(label(e))"
        }
    }

    static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// `Mon 20 Mar 2023`.
    public static func dayHeader(_ d: LocalDate) -> String {
        "\(weekdayNames[d.isoWeekday - 1]) \(d.day) \(AgendaCore.Period.monthAbbreviations[d.month - 1]) \(d.year)"
    }

    /// `October 2023 — date TBC`, `Q4 2023 — date TBC`, `Sometime in 2023`.
    public static func periodHeader(_ p: AgendaCore.Period) -> String {
        p.unit == .year ? "Sometime in \(p.year)" : "\(p.longLabel) — date TBC"
    }
}

