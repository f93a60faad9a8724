import Foundation

/// "Today", one definition per question: for a committee's questions (who chairs now, projections from today)
/// the date in the committee's zone; for a person's window (upcoming, --from today) the date in the viewer's zone.
public enum Today {
    /// Today in the committee's zone.
    public static func of(_ c: Committee, now: Date) -> LocalDate {
        LocalDate(now, in: zone(of: c))
    }

    /// The zone a committee's questions read dates in (`today`, `friday`, `+3d` as well as today itself).
    public static func zone(of c: Committee) -> TimeZone {
        TimeZone(identifier: c.timeZone) ?? TimeZone(identifier: "UTC")!
    }

    /// Today in the viewer's zone.
    public static func viewer(_ zone: TimeZone, now: Date) -> LocalDate { LocalDate(now, in: zone) }
}
