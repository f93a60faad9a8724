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
        // Keys and placements first, sorted as indices, so events are copied once, into their items. Ties keep the
        // order the events came in (the store's: start, span, UID).
        // The sort moves keys of plain integers; the time columns wait beside them, by the event's index.
        var dated: [(day: Int, rank: Int, at: Int, index: Int)] = []
        var times = [String](repeating: "", count: events.count), venues = [String?](repeating: nil, count: events.count)
        var undatedKeys: [(first: Int, last: Int, rank: Int, index: Int)] = []
        dated.reserveCapacity(events.count)
        for (index, e) in events.enumerated() {
            switch e.schedule.form {
            case let .timed(start, end):
                let zone = e.schedule.zone
                let s = start.instant(in: zone), t = end.instant(in: zone)
                let vs = LocalDateTime(s, in: viewer), ve = LocalDateTime(t, in: viewer)
                var day = vs.date
                if let firstDay, day < firstDay { day = firstDay }
                // The second 01:30 of a night the viewer's clocks go back says its offset, as the venue's does.
                let time = Self.range(vs, ve, label: { Schedule.clockLabel($0, at: $0 == vs ? s : t, in: viewer) })
                let venue = e.schedule.timeZone == viewer.identifier ? nil
                    : Self.range(start, end, label: { Schedule.clockLabel($0, at: $0 == start ? s : t, in: zone) }) + " " + e.schedule.timeZone
                dated.append((day.dayNumber, 1, Int(s.timeIntervalSince1970), index))
                (times[index], venues[index]) = (time, venue)
            case let .allDay(first, last):
                var day = first
                if let firstDay, day < firstDay { day = firstDay }
                let time = first == last ? "all day" : "all day, until \(Self.dayHeader(last))"
                dated.append((day.dayNumber, 0, first.dayNumber, index))
                times[index] = time
            case let .period(p):
                undatedKeys.append((p.firstDay.dayNumber, p.lastDay.dayNumber, e.schedule.precision == .month ? 0 : 1, index))
            }
        }
        dated.sort { ($0.day, $0.rank, $0.at, $0.index) < ($1.day, $1.rank, $1.at, $1.index) }
        undatedKeys.sort { ($0.first, $0.last, $0.rank, $0.index) < ($1.first, $1.last, $1.rank, $1.index) }
        var days: [Day] = []
        for d in dated {
            let item = Item(event: events[d.index], time: times[d.index], venueTime: venues[d.index])
            if days.last?.date.dayNumber == d.day { days[days.count - 1].items.append(item) } else {
                days.append(Day(date: LocalDate(dayNumber: d.day), items: [item]))
            }
        }
        var undated: [Period] = []
        for u in undatedKeys {
            let e = events[u.index]
            guard case let .period(p) = e.schedule.form else { continue }
            let item = Item(event: e, time: p.label, venueTime: nil)
            if undated.last?.period == p { undated[undated.count - 1].items.append(item) } else {
                undated.append(Period(period: p, items: [item]))
            }
        }
        self.days = days
        self.undated = undated
    }

    /// `10:30–12:00`, `23:00–00:30 next day`, `22:00 – Wed 22 Mar 09:00`.
    static func range(_ s: LocalDateTime, _ e: LocalDateTime, label: (LocalDateTime) -> String) -> String {
        switch e.date.dayNumber - s.date.dayNumber {
        case 0 where s == e: label(s)
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

