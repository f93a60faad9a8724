import AgendaCore
import AgendaStore
import Foundation

/// Every feed the agenda publishes for an audience, at paths that cannot collide whatever the committee codes
/// (case-insensitive file systems included): `all.ics` and `terms.ics` at the top, and per committee
/// `committees/CODE.ics` and `committees/CODE.terms.ics` (CODE in lower case; codes are unique ignoring case and
/// hold no '.').
public struct FeedCatalogue: Sendable {
    public var db: AgendaDatabase
    public var now: Date
    /// How far ahead projected chair terms go, in months.
    public var projectionMonths: Int

    public init(db: AgendaDatabase, now: Date, projectionMonths: Int = 24) {
        self.db = db; self.now = now; self.projectionMonths = projectionMonths
    }

    /// A feed and where it lives, relative to the published folder.
    public struct Entry: Sendable {
        public var path: String
        public var spec: FeedSpec
    }

    /// The path of a committee's event feed.
    public static func committeePath(_ code: String) -> String { "committees/\(code.lowercased()).ics" }
    /// The path of a committee's chair-term feed.
    public static func termsPath(_ code: String) -> String { "committees/\(code.lowercased()).terms.ics" }

    /// One event as a feed, for "add to my calendar": refused (naming the event) when `audience` may not see it.
    public static func eventSpec(_ e: Event, audience: Audience) throws -> FeedSpec {
        try audience.check(e)
        return FeedSpec(feed: Feed(name: nil), filter: EventFilter.byIDs([e.id!]))
    }

    /// The feed at `path` for `audience`, or nil. Paths are matched ignoring case, as committee codes are
    /// (`committees/ACR.ics` is `committees/acr.ics`): a code typed as the agenda shows it finds its feed.
    public func entry(at path: String, for audience: Audience) throws -> Entry? {
        let wanted = Self.canonicalPath(path)
        return try entries(for: audience).first { $0.path == wanted }
    }

    /// A requested feed path as the catalogue's paths are written (lower case: codes match in any case).
    public static func canonicalPath(_ path: String) -> String { path.lowercased() }

    /// The feeds for `audience`.
    public func entries(for audience: Audience) throws -> [Entry] {
        let suffix = audience == .internal ? " (internal)" : ""
        let committees = try db.committees()
        let allTerms = try db.allChairTerms()
        var list = [
            Entry(path: "all.ics", spec: FeedSpec(feed: Feed(name: "Agenda: all events" + suffix),
                                                  filter: FeedExporter.filter(committees: [], window: nil, audience: audience))),
            Entry(path: "terms.ics", spec: FeedSpec(feed: Feed(name: "Agenda: chair terms" + suffix), filter: EventFilter(),
                                                    terms: allTerms, includesEvents: false)),
        ]
        for c in committees {
            list.append(Entry(path: Self.committeePath(c.code), spec: FeedSpec(
                feed: Feed(name: "\(c.name) (\(c.code))" + suffix, description: "Meetings and planned events of the \(c.name)"),
                filter: FeedExporter.filter(committees: [c.code], window: nil, audience: audience))))
            let today = Today.of(c, now: now)
            let projected = try db.projectedTerms(c.code, from: today, until: today.adding(months: projectionMonths))
            list.append(Entry(path: Self.termsPath(c.code), spec: FeedSpec(
                feed: Feed(name: "\(c.code) chair terms" + suffix,
                           description: "Recorded terms, and projected ones for two years (marked)"),
                filter: EventFilter(), terms: allTerms.filter { $0.committee == c.code } + projected, includesEvents: false)))
        }
        return list
    }
}

