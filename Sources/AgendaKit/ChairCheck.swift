import AgendaCore
import AgendaStore
import Foundation

/// Consistency checks over a committee's recorded terms and meetings: gaps between terms, terms held by
/// non-members, meetings chaired by someone who does not represent the member chairing then.
public enum ChairCheck {
    /// One line per inconsistency found; empty when none.
    public static func issues(_ db: AgendaDatabase, committee: String) throws -> [String] {
        let c = try db.committee(committee)
        let terms = try db.chairTerms(c.code)
        let members = try db.memberships(c.code)
        var out: [String] = []
        for (i, t) in terms.enumerated() {
            if i > 0, terms[i - 1].end.adding(days: 1) < t.start {
                out.append("gap: no term recorded \(terms[i - 1].end.adding(days: 1)) – \(t.start.adding(days: -1))")
            }
            if !members.contains(where: { $0.state == t.member && $0.isCurrent(on: t.start) }) {
                out.append("term \(t.start) – \(t.end): \(t.member) was not a member of \(c.code) on \(t.start)")
            }
        }
        let engine = try db.rotationEngine(c.code)
        for e in try db.events(EventFilter(committees: [c.code])) where e.chair != nil {
            let person = try db.person(e.chair!)
            guard let holder = engine.holder(on: e.schedule.days.lowerBound) else { continue }
            // The chairing person should hold a position at the chairing member's embassy or government.
            let embassies = members.filter { $0.state == holder.member }.compactMap(\.embassy)
            let titles = person.positions.map { ($0.organisation ?? "") + " " + $0.title }
            if !titles.contains(where: { t in embassies.contains { t.contains($0) } || t.contains(holder.member) }) {
                out.append("event #\(e.id!) \(e.schedule.label) \"\(e.title)\": chaired by \(person.name), but \(holder.member) chairs \(c.code) then")
            }
        }
        return out
    }
}
