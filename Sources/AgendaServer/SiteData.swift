import AgendaCore
import AgendaKit
import AgendaStore
import Foundation

/// What the pages read, through the application layer, for the public audience only.
struct SiteData: Sendable {
    var db: AgendaDatabase
    var now: Date
    static let audience = Audience.public
    /// Statuses a page lists (cancelled events are left out, as in `agenda upcoming`).
    static let statuses: Set<EventStatus> = [.tentative, .confirmed, .postponed]

    /// Dated events of `days` days from `from`, and the "date TBC" items of the next two years.
    func listing(from: Date, days: Int, zone: TimeZone, committee: String? = nil) throws -> AgendaListing {
        let first = LocalDate(from, in: zone)
        let end = first.adding(days: days).startInstant(in: zone)
        let committees = committee.map { [$0] } ?? []
        var dated = EventFilter(window: EventFilter.window(from: from, to: end), committees: committees,
                                statuses: Self.statuses, classifications: Self.audience.classifications)
        dated.withDetails = false
        var events = try db.events(dated).filter { if case .period = $0.schedule.form { false } else { true } }
        // Items known to a month, quarter or year are at least 28 days long: only those length classes are read.
        var tbc = EventFilter(window: EventFilter.window(from: from, to: first.adding(months: 24).startInstant(in: zone)),
                              committees: committees, statuses: Self.statuses,
                              classifications: Self.audience.classifications)
        tbc.withDetails = false
        tbc.minimumSpan = 28 * 86400
        events += try db.events(tbc).filter { if case .period = $0.schedule.form { true } else { false } }
        return AgendaListing(events, viewer: zone, from: from)
    }

    /// A public event by id, or nil (unknown, private or confidential alike).
    func publicEvent(_ id: Int64) throws -> Event? {
        guard let e = Self.event(db, id), Self.audience.allows(e.classification) else { return nil }
        return e
    }

    /// The event with this id, or nil.
    static func event(_ db: AgendaDatabase, _ id: Int64) -> Event? { try? db.event(String(id)) }

    /// Search hits: public events, and the labels of people and organisations.
    func search(_ query: String) throws -> (events: [Event], others: [String]) {
        let hits = try db.search(query, limit: 100)
        var events: [Event] = [], others: [String] = []
        for h in hits {
            if let e = h.event {
                if Self.audience.allows(e.classification) { events.append(e) }
            } else {
                others.append(h.label)
            }
        }
        return (events, others)
    }
}
