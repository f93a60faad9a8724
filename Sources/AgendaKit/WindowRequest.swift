import AgendaCore
import AgendaStore
import Foundation

/// A window as a person asks for it (`--from`, `--until` or `--days`), resolved by one rule for listings, exports
/// and the coming server: dates are read in the viewer's zone; `--until` includes its whole day, month, quarter or
/// year; `--days N` counts whole days from the start's day.
public struct WindowRequest: Sendable, Hashable {
    public var from: String?
    public var until: String?
    public var days: Int?
    /// How the front end names the two bounds in errors (`--from`, `--until` or `--to`).
    public var fromField: String
    public var untilField: String

    public init(from: String? = nil, until: String? = nil, days: Int? = nil, fromField: String = "from",
                untilField: String = "until") {
        self.from = from; self.until = until; self.days = days; self.fromField = fromField; self.untilField = untilField
    }

    /// The instants in force (nil when open), with `defaultFrom` and `defaultDays` when the request leaves them out.
    public func bounds(now: Date, viewer: TimeZone, defaultFrom: Date? = nil,
                       defaultDays: Int? = nil) throws -> (from: Date?, to: Date?) {
        let start = try from.map {
            try DateInput.parse($0, field: fromField, now: now, zone: viewer).startInstant(in: viewer)
        } ?? defaultFrom
        var end: Date?
        if let until {
            end = try DateInput.parse(until, field: untilField, now: now, zone: viewer).endInstant(in: viewer)
        } else if let d = days ?? (defaultFrom != nil || start != nil ? defaultDays : nil), let s = start {
            end = LocalDate(s, in: viewer).adding(days: d).startInstant(in: viewer)
        }
        if let s = start, let e = end, e <= s {
            throw AgendaError.invalid(field: untilField, value: until ?? "", expected: "a date after \(fromField) \(from ?? "")")
        }
        return (start, end)
    }

    /// The store's UTC window for bounds (open ends reach the supported years' limits); nil when both are open.
    public static func filterWindow(from: Date?, to: Date?) -> Range<Int>? {
        guard from != nil || to != nil else { return nil }
        return EventFilter.window(from: from ?? Date(timeIntervalSince1970: -2_208_988_800),
                                  to: to ?? Date(timeIntervalSince1970: 7_258_118_400))
    }
}
