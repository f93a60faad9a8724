/// The years the agenda accepts. Every date a user types, a file loads or a computation reaches (projections two
/// years ahead, feeds, windows) lies in 1900...2199, so that calendar arithmetic a few years past either end
/// still stays inside what the proleptic Gregorian dates and the tz database can express.
public enum SupportedYears {
    /// The accepted years, inclusive.
    public static let range = 1900...2199

    /// Throws `AgendaError.invalid` naming `field` when `date` lies outside `range`.
    public static func check(_ date: LocalDate, field: String, value: String? = nil) throws {
        guard range.contains(date.year) else {
            throw AgendaError.invalid(field: field, value: value ?? date.description,
                                      expected: "a date in the years \(range.lowerBound) to \(range.upperBound)")
        }
    }
}
