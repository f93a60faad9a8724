import Foundation
import ICalendar

extension Event {
    /// "This and following", one rule for the command line's `--from-occurrence` and an import's
    /// `RANGE=THISANDFUTURE`: the series as it runs before occurrence `occ` (its rule ending there: COUNT cut to
    /// what came before, else UNTIL just before it; its dates and overrides before it) and as it runs from `occ` on
    /// (the rest of the COUNT, the dates and overrides from there). `occ` must not be the series' first occurrence
    /// (from there, the whole series changes).
    public func splitSeries(at occ: ICalendar.Occurrence) throws -> (earlier: Series, later: Series) {
        guard let series else { throw AgendaError.invalid(field: "event", value: uid, expected: "a recurring event") }
        let set = try recurrenceSet()
        var earlier = series, later = series
        let zone = schedule.zone
        let instant = { (k: String) in Event.wallSeconds(key: k).map { WallClock.instant(wall: $0, in: zone) } ?? 0 }
        earlier.rdates = series.rdates.filter { instant($0) < occ.instant }
        later.rdates = series.rdates.filter { instant($0) >= occ.instant }
        earlier.exdates = series.exdates.filter { instant($0) < occ.instant }
        later.exdates = series.exdates.filter { instant($0) >= occ.instant }
        earlier.overrides = series.overrides.filter { instant($0.recurrenceID) < occ.instant }
        later.overrides = series.overrides.filter { instant($0.recurrenceID) >= occ.instant }
        if var rule = series.rule {
            if let count = rule.count {
                // The rule's own instances before the split (DTSTART included), without RDATE and EXDATE.
                var bare = set
                bare.rdates = []; bare.exdates = []
                let before = try bare.occurrences(in: Int.min / 2..<occ.instant, limit: count).count
                rule.count = max(1, before)
                earlier.rule = rule
                var rest = rule
                rest.count = max(1, count - before)
                later.rule = rest
            } else {
                if case .allDay = schedule.form {
                    let day = LocalDate(dayNumber: Int((Double(occ.wall) / 86400).rounded(.down)) - 1)
                    rule.until = .date(DateValue(year: day.year, month: day.month, day: day.day))
                } else {
                    rule.until = .dateTime(DateTimeValue(utc: Date(timeIntervalSince1970: TimeInterval(occ.instant - 1))))
                }
                earlier.rule = rule
            }
        }
        return (earlier, later)
    }
}
