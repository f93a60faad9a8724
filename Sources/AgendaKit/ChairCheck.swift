import AgendaCore
import AgendaStore
import Foundation

/// Consistency checks over a committee's recorded terms and meetings: gaps between terms, terms held by
/// non-members, meetings chaired by someone who does not represent the member chairing then.
public enum ChairCheck {
    /// One inconsistency: what kind, the days it concerns (ISO dates, end inclusive), the member or event
    /// involved, and the line that says it. Its JSON is `{kind, from, to?, member?, event?, message}`.
    public struct Issue: Sendable, Equatable, Encodable {
        public enum Kind: String, Sendable, Encodable {
            case gap
            case nonMember = "non-member"
            case chairMismatch = "chair-mismatch"
        }
        public var kind: Kind
        public var from: String
        public var to: String?
        public var member: String?
        public var event: Int64?
        public var message: String
    }

    /// Every inconsistency found, in order: terms by start, then meetings; empty when none.
    public static func issues(_ db: AgendaDatabase, committee: String) throws -> [Issue] {
        let c = try db.committee(committee)
        let terms = try db.chairTerms(c.code)
        let members = try db.memberships(c.code)
        var out: [Issue] = []
        for (i, t) in terms.enumerated() {
            if i > 0, terms[i - 1].end.adding(days: 1) < t.start {
                let (from, to) = (terms[i - 1].end.adding(days: 1), t.start.adding(days: -1))
                out.append(Issue(kind: .gap, from: from.description, to: to.description,
                                 message: "gap: no term recorded \(from) – \(to)"))
            }
            if !members.contains(where: { $0.state == t.member && $0.isCurrent(on: t.start) }) {
                out.append(Issue(kind: .nonMember, from: t.start.description, to: t.end.description, member: t.member,
                                 message: "term \(t.start) – \(t.end): \(t.member) was not a member of \(c.code) on \(t.start)"))
            }
        }
        let engine = try db.rotationEngine(c.code)
        for e in try db.events(EventFilter(committees: [c.code])) where e.chair != nil {
            let person = try db.person(e.chair!)
            let day = e.schedule.days.lowerBound
            guard let holder = engine.holder(on: day) else { continue }
            // The chairing person should hold a position at the chairing member's embassy or government.
            let embassies = members.filter { $0.state == holder.member }.compactMap(\.embassy)
            let titles = person.positions.map { ($0.organisation ?? "") + " " + $0.title }
            if !titles.contains(where: { t in embassies.contains { t.contains($0) } || t.contains(holder.member) }) {
                out.append(Issue(kind: .chairMismatch, from: day.description, member: holder.member, event: e.id,
                                 message: "event #\(e.id!) \(e.schedule.label) \"\(e.title)\": chaired by \(person.name), but \(holder.member) chairs \(c.code) then"))
            }
        }
        return out
    }
}
