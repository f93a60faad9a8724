import Foundation
import ICalendar

extension FeedReading {
    /// Changed occurrences (RECURRENCE-ID) of a series that neither the file nor the agenda holds, kept as
    /// Thunderbird keeps such "parentless" occurrences: one series whose occurrences are their original times, each
    /// changed as the file gives it. Google's birthdays calendar writes a contact's birthdays this way, and an
    /// attendee invited to one meeting of a series receives that meeting alone (RFC 5546 §3.2.2).
    ///
    /// The earliest original time is the series' start, with `FREQ=DAILY;COUNT=1` (how Google writes a single
    /// occurrence: a recurring event needs a rule or dates), the others are its RDATEs; the event's title, place and
    /// revision are the earliest occurrence's. `readings` share one UID; nil when none names a date or time. Returns
    /// the occurrences that do not fit the series (another kind of time), as refusals. Nil too when every one is
    /// cancelled: the cancellation of meetings the agenda never had adds nothing.
    public static func parentless(_ readings: [Reading], context: Context) -> (event: Event, refusals: [Refusal])? {
        // What changes the rest of a series (RANGE=THISANDFUTURE) has no series here to change: refused by the caller.
        let readings = readings.filter { !changesTheRest($0) }
        guard let reference = readings.first?.event.schedule,
              readings.contains(where: { $0.event.status != .cancelled }) else { return nil }
        var notes: [String] = []
        let placement = Placement(zone: reference.timeZone, source: "the series' zone")
        var originals: [(key: String, wall: Int, reading: Reading)] = []
        for r in readings {
            guard let value = r.recurrenceID?.dateOrDateTime,
                  let key = try? key(value, of: reference, context: context, placement: placement, notes: &notes),
                  let wall = Event.wallSeconds(key: key) else { continue }
            originals.append((key, wall, r))
        }
        guard let first = originals.min(by: { ($0.wall, $0.reading.line) < ($1.wall, $1.reading.line) }),
              first.reading.event.schedule.startWall != nil,
              let single = try? RecurrenceRule.read("FREQ=DAILY;COUNT=1", field: "RRULE") else { return nil }
        var event = first.reading.event
        // Moved to the original time, lasting as long (`Event.occurrence`: the same days, or the same elapsed time).
        let zone = event.schedule.zone
        event.schedule = event.occurrence(ICalendar.Occurrence(wall: first.wall, instant: WallClock.instant(wall: first.wall, in: zone))).schedule
        let others = Set(originals.lazy.map(\.key)).subtracting([first.key])
        event.series = Series(rule: single, rdates: others.sorted())
        let refusals = attach(readings, to: &event, context: context)
        return (event, refusals)
    }
}
