import AgendaCore
import Foundation
import GRDB

extension AgendaDatabase {
    /// Sets a committee's rotation policy from its effective date (replacing one from the same date).
    public func setPolicy(_ p: RotationPolicy) throws {
        try write { db in try Self.insertPolicy(db, p) }
    }

    static func insertPolicy(_ db: Database, _ p: RotationPolicy) throws {
        var p = p
        p.source = try TextInput.cleanOptional(p.source, field: "source")
        let committeeID = try Self.committeeID(db, code: p.committee)
        guard (1...120).contains(p.termMonths) else {
            throw AgendaError.invalid(field: "--term", value: "\(p.termMonths)m", expected: "1 to 120 months, e.g. 6m or 1y")
        }
        let members = Set(try Self.fetchMemberships(db, committeeID: committeeID).map(\.state))
        guard members.contains(p.anchorMember) else {
            throw AgendaError.conflict("\(p.anchorMember) is not a member of \(p.committee): the anchor must be a member")
        }
        let anchorID = try Self.stateID(db, name: p.anchorMember)
        try db.execute(sql: "DELETE FROM rotation_policy WHERE committee_id = ? AND effective_from = ?",
                       arguments: [committeeID, p.effectiveFrom.description])
        let kind: String
        var order: [String] = []
        switch p.order {
        case .alphabetical: kind = "alphabetical"
        case let .explicit(list): kind = "explicit"; order = list
        }
        var record = RotationPolicyRecord(committeeID: committeeID, effectiveFrom: p.effectiveFrom.description,
                                          termMonths: p.termMonths, orderKind: kind, anchorStateID: anchorID,
                                          anchorDate: p.anchorDate.description, source: p.source)
        try record.insert(db)
        let policyID = record.id!
        for (i, name) in order.enumerated() {
            guard members.contains(name) else {
                throw AgendaError.conflict("\(name) is not a member of \(p.committee): add the membership before ordering it")
            }
            try RotationOrderRecord(policyID: policyID, position: i, stateID: try Self.stateID(db, name: name)).insert(db)
        }
    }

    /// A committee's policies, oldest first.
    public func policies(_ committee: String) throws -> [RotationPolicy] {
        try read { db in try Self.fetchPolicies(db, committeeID: Self.committeeID(db, code: committee)) }
    }

    static func fetchPolicies(_ db: Database, committeeID: Int64) throws -> [RotationPolicy] {
        let code = try String.fetchOne(db, sql: "SELECT code FROM committee WHERE id = ?", arguments: [committeeID])!
        return try Row.fetchAll(db, sql: """
            SELECT p.id AS id, p.effective_from AS effective_from, p.term_months AS term_months, p.order_kind AS order_kind,
                   s.name AS anchor, p.anchor_date AS anchor_date, p.source AS source
            FROM rotation_policy p JOIN state s ON s.id = p.anchor_state_id WHERE p.committee_id = ? ORDER BY p.effective_from
            """, arguments: [committeeID]).map { row in
            let order: RotationPolicy.Order = (row["order_kind"] as String) == "alphabetical" ? .alphabetical : .explicit(
                try String.fetchAll(db, sql: """
                    SELECT s.name FROM rotation_order o JOIN state s ON s.id = o.state_id WHERE o.policy_id = ? ORDER BY o.position
                    """, arguments: [row["id"] as Int64]))
            return RotationPolicy(committee: code, effectiveFrom: LocalDate(iso: row["effective_from"] as String)!,
                                  termMonths: row["term_months"], order: order, anchorMember: row["anchor"],
                                  anchorDate: LocalDate(iso: row["anchor_date"] as String)!, source: row["source"])
        }
    }

    /// Records an exception to the rotation (skip, shift, swap, designate).
    public func addException(_ e: RotationException) throws {
        try write { db in try Self.insertException(db, e) }
    }

    static func insertException(_ db: Database, _ e: RotationException) throws {
        var e = e
        e.source = try TextInput.cleanOptional(e.source, field: "source")
        let committeeID = try Self.committeeID(db, code: e.committee)
        let members = Set(try Self.fetchMemberships(db, committeeID: committeeID).map(\.state))
        for name in [e.member] + (e.other.map { [$0] } ?? []) where !members.contains(name) {
            throw AgendaError.conflict("\(name) is not a member of \(e.committee)")
        }
        if e.kind == .swap && e.other == nil {
            throw AgendaError.invalid(field: "other member", value: "", expected: "the member to swap turns with")
        }
        var record = RotationExceptionRecord(committeeID: committeeID, kind: e.kind.rawValue,
                                             stateID: try Self.stateID(db, name: e.member),
                                             otherStateID: try e.other.map { try Self.stateID(db, name: $0) },
                                             date: e.date.description, source: e.source)
        try record.insert(db)
    }

    /// A committee's exceptions, by date.
    public func exceptions(_ committee: String) throws -> [RotationException] {
        try read { db in try Self.fetchExceptions(db, committeeID: Self.committeeID(db, code: committee)) }
    }

    static func fetchExceptions(_ db: Database, committeeID: Int64) throws -> [RotationException] {
        let code = try String.fetchOne(db, sql: "SELECT code FROM committee WHERE id = ?", arguments: [committeeID])!
        return try Row.fetchAll(db, sql: """
            SELECT e.kind AS kind, s.name AS member, o.name AS other, e.date AS date, e.source AS source
            FROM rotation_exception e JOIN state s ON s.id = e.state_id
            LEFT JOIN state o ON o.id = e.other_state_id WHERE e.committee_id = ? ORDER BY e.date, e.id
            """, arguments: [committeeID]).map { row in
            RotationException(kind: RotationException.Kind(rawValue: row["kind"])!, committee: code, member: row["member"],
                              other: row["other"], date: LocalDate(iso: row["date"] as String)!, source: row["source"])
        }
    }

    /// Everything the rotation engine needs for a committee, read in one snapshot.
    public func rotationEngine(_ committee: String) throws -> RotationEngine {
        try read { db in try Self.fetchEngine(db, committeeID: Self.committeeID(db, code: committee)) }
    }

    static func fetchEngine(_ db: Database, committeeID: Int64) throws -> RotationEngine {
        var recordedNames: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT s.name AS state, m.recorded_name AS recorded_name FROM membership m JOIN state s ON s.id = m.state_id
            WHERE m.committee_id = ? AND m.recorded_name IS NOT NULL
            """, arguments: [committeeID]) {
            recordedNames[row["state"]] = row["recorded_name"]
        }
        return RotationEngine(policies: try fetchPolicies(db, committeeID: committeeID),
                              memberships: try fetchMemberships(db, committeeID: committeeID),
                              exceptions: try fetchExceptions(db, committeeID: committeeID),
                              recorded: try fetchTerms(db, committeeID: committeeID), recordedNames: recordedNames)
    }

    /// The projected (not recorded) terms of a committee overlapping `from...until`, each with its stable UID, the
    /// committee's rotation revision as SEQUENCE and the time of the last rotation change as DTSTAMP, so that a
    /// projection that changes holder or dates reaches subscribers as an update. One read.
    public func projectedTerms(_ committee: String, from: LocalDate, until: LocalDate) throws -> [ChairTerm] {
        try read { db in
            let committeeID = try Self.committeeID(db, code: committee)
            let code = try Self.committeeCode(db, code: committee)
            let row = try Row.fetchOne(db, sql: "SELECT rotation_revision, rotation_modified_at FROM committee WHERE id = ?",
                                       arguments: [committeeID])!
            let revision: Int = row["rotation_revision"]
            let modified = Date(timeIntervalSince1970: TimeInterval(row["rotation_modified_at"] as Int64))
            let engine = try Self.fetchEngine(db, committeeID: committeeID)
            let memberships = try Self.fetchMemberships(db, committeeID: committeeID)
            return engine.project(from: from, until: until).filter { $0.kind == .projected }.map { t in
                ChairTerm(committee: code, member: t.member,
                          embassy: memberships.first { $0.state == t.member }?.embassy, start: t.start, end: t.end,
                          source: t.note.map { "Projection shaped by: \($0)" },
                          uid: ChairTerm.stableUID(committee: code, start: t.start), modified: modified,
                          sequence: revision, origin: .projected)
            }
        }
    }

    /// Closes the current term on the day before `date` and opens the next, held by `member`, with the same term
    /// length as the policy (or as the closed term) — the daily action when a chair passes. One transaction.
    @discardableResult
    public func handover(committee: String, to member: String, on date: LocalDate, source: String?) throws -> ChairTerm {
        try write { db in
            let committeeID = try Self.committeeID(db, code: committee)
            let engine = try Self.fetchEngine(db, committeeID: committeeID)
            let terms = engine.recorded
            let now = clock()
            // The term the handover closes: the last recorded one starting before it.
            var nominalStart = date
            var months = engine.policy(on: date)?.termMonths
            let current = terms.last { $0.start < date }
            if let current {
                if current.member == member { throw AgendaError.conflict("\(member) already holds the current \(committee) term") }
                let after = current.end.adding(days: 1)
                months = months ?? max(1, (after.year - current.start.year) * 12 + after.month - current.start.month)
                if current.end >= date {
                    // The chair passes before the nominal end: the term closes early.
                    try db.execute(sql: "UPDATE chair_term SET end_date = ?, modified_at = ?, sequence = sequence + 1 WHERE id = ?",
                                   arguments: [date.adding(days: -1).description, Int(now.timeIntervalSince1970), current.id])
                } else if date < after.adding(months: months ?? 6) {
                    // The usual case: the handover meeting comes days or weeks after the nominal start.
                    nominalStart = after
                }
            }
            if current == nil, let p = engine.policy(on: date) {
                nominalStart = RotationEngine.term(p, containing: date).start
            }
            let end = nominalStart.adding(months: months ?? 6).adding(days: -1)
            return try Self.insertChairTerm(db, ChairTerm(committee: committee, member: member, start: nominalStart, end: end,
                                                          handover: date == nominalStart ? nil : date, source: source), now: now)
        }
    }
}
