import AgendaCore
import AgendaStore
import Foundation

/// A committee at a glance, for any front end: who chairs it today and next, and its chair terms (recorded and
/// projected) over a span around today, from one read of its rotation. "Today" is the committee's (`Today.of`).
public struct CommitteeOverview: Sendable {
    public var committee: Committee
    public var today: LocalDate
    public var members: [Membership]
    /// The term in force today, recorded or projected.
    public var current: ProjectedTerm?
    /// The term after it.
    public var next: ProjectedTerm?
    /// Terms overlapping `span`, in order.
    public var terms: [ProjectedTerm]
    /// The days the timeline covers.
    public var span: ClosedRange<LocalDate>

    /// Reads the committee `code`, with terms from `yearsBack` before today to `yearsAhead` after.
    public init(db: AgendaDatabase, code: String, now: Date, yearsBack: Int = 2, yearsAhead: Int = 2) throws {
        committee = try db.committee(code)
        today = Today.of(committee, now: now)
        members = try db.memberships(committee.code)
        let engine = try db.rotationEngine(committee.code)
        span = today.adding(months: -12 * yearsBack)...today.adding(months: 12 * yearsAhead)
        terms = engine.project(from: span.lowerBound, until: span.upperBound)
        current = engine.holder(on: today)
        next = current.flatMap { engine.holder(on: $0.end.adding(days: 1)) }
    }
}
