import AgendaCore
import Foundation
import GRDB

extension AgendaDatabase {
    /// What loading a scenario added (zero everywhere when it was already loaded).
    public struct LoadReport: Sendable, Equatable {
        public var states = 0, organisations = 0, relations = 0, people = 0, committees = 0, memberships = 0
        public var chairTerms = 0, events = 0, policies = 0
        public var total: Int {
            states + organisations + relations + people + committees + memberships + chairTerms + events + policies
        }
    }

    /// The embedded ACR 2023 scenario.
    public static func embeddedScenario(_ name: String = "acr-2023.json") throws -> Scenario {
        guard let data = embeddedSeed(name) else { throw AgendaError.notFound(entity: "embedded seed", key: name) }
        return try Scenario.decode(data)
    }

    /// Loads a scenario in one transaction. Idempotent: whatever already exists (by name, code or UID) is kept,
    /// so loading twice is loading once.
    @discardableResult
    public func load(_ s: Scenario) throws -> LoadReport {
        try load(s, eventCount: s.events.count) { body in for e in s.events { try body(e) } }
    }

    /// Loads a scenario file whose events are read one at a time (`ScenarioFile`), in one transaction.
    @discardableResult
    public func load(_ file: ScenarioFile) throws -> LoadReport {
        try load(file.scenario, eventCount: file.eventCount, events: file.forEachEvent)
    }

    /// `load` with the events (`eventCount` of them) handed over by `events` rather than held in `s`.
    func load(_ s: Scenario, eventCount: Int,
              events: ((Scenario.EventSpec) throws -> Void) throws -> Void) throws -> LoadReport {
        try write { db in
            var report = LoadReport()
            let now = s.recorded ?? clock()
            for st in s.states where try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM state WHERE name = ? COLLATE NOCASE"), arguments: [st.name.precomposedStringWithCanonicalMapping]) != true {
                _ = try Self.insertState(db, st); report.states += 1
            }
            for o in s.organisations where try Self.optionalOrganisationID(db, name: o.name) == nil {
                _ = try Self.insertOrganisation(db, o); report.organisations += 1
            }
            for r in s.relations {
                let subject = try Self.organisationID(db, name: r.subject), object = try Self.organisationID(db, name: r.object)
                if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM organisation_relation WHERE subject_id = ? AND kind = ? AND object_id = ?"), arguments: [subject, r.kind, object]) != true {
                    try Self.insertRelation(db, r); report.relations += 1
                }
            }
            for p in s.people where try Self.optionalPersonID(db, name: p.name) == nil {
                _ = try Self.insertPerson(db, p); report.people += 1
            }
            for c in s.committees {
                if try Self.fetchCommittee(db, code: c.code) == nil {
                    _ = try Self.insertCommittee(db, Committee(code: c.code, name: c.name, parent: c.parent,
                                                                seatCity: c.seatCity, timeZone: c.timeZone, notes: c.notes))
                    report.committees += 1
                }
                let existing = try Self.fetchMemberships(db, committeeID: Self.committeeID(db, code: c.code))
                for m in c.members where !existing.contains(where: { $0.state == m.state && $0.start == m.start }) {
                    _ = try Self.insertMembership(db, Membership(committee: c.code, state: m.state, embassy: m.embassy,
                                                                 start: m.start, end: m.end))
                    report.memberships += 1
                }
            }
            // A UID given twice in the file is refused: the second term (or event) was skipped as "already
            // there", and the file loaded without it, unsaid. (Loading a file again skips what it loaded before.)
            var termUIDs: Set<String> = []
            for (i, t) in s.chairTerms.enumerated() {
                guard termUIDs.insert(t.uid).inserted else {
                    throw AgendaError.at("at .chairTerms[\(i)] (UID \(t.uid))", .conflict(Self.uidTwice))
                }
            }
            for t in s.chairTerms where try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM chair_term WHERE uid = ?"), arguments: [t.uid]) != true {
                _ = try Self.insertChairTerm(db, ChairTerm(committee: t.committee, member: t.member, start: t.start,
                                                           end: t.end, handover: t.handover,
                                                           source: s.sources?[t.source ?? ""] ?? t.source, uid: t.uid),
                                             now: now)
                report.chairTerms += 1
            }
            // Each event is decoded, checked and its search text folded on a second thread (`Pipeline`) while
            // this one writes the one before; an event already stored (by UID) is skipped, even one that would
            // no longer pass the checks.
            // An event's error says where it is in the file (`at .events[2] (UID x)`), as a decoding error does.
            // Events stored before this load have ids up to this one; a UID found above it is the file's own.
            let storedBefore = try Int64.fetchOne(db, sql: "SELECT max(id) FROM event") ?? 0
            func loadEvents() throws {
                try Pipeline.run(produce: { (emit: ((index: Int, uid: String, event: Result<PreparedEvent, any Error>)) throws -> Void) in
                    try withoutActuallyEscaping(emit) { emit in
                        var index = 0
                        try events { spec in
                            try emit((index, spec.uid, Result { try Self.prepare(Self.event(spec, sources: s.sources)) }))
                            index += 1
                        }
                    }
                }, consume: { item in
                    do {
                        if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM event WHERE uid = ?"), arguments: [item.uid]) {
                            if id > storedBefore { throw AgendaError.conflict(Self.uidTwice) }
                            return
                        }
                        _ = try Self.insertEvent(db, item.event.get(), now: now, uidChecked: true)
                    } catch let error as AgendaError {
                        throw AgendaError.at("at .events[\(item.index)] (UID \(item.uid))", error)
                    }
                    report.events += 1
                })
            }
            if eventCount >= Self.bulkThreshold {
                try Self.withIndexesDeferred(db, tables: Self.eventTables, loadEvents)
            } else {
                try loadEvents()
            }
            for p in s.rotationPolicies ?? [] {
                let policy = p.policy
                let committeeID = try Self.committeeID(db, code: policy.committee)
                if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM rotation_policy WHERE committee_id = ? AND effective_from = ?"), arguments: [committeeID, policy.effectiveFrom.description]) != true {
                    try Self.insertPolicy(db, policy)
                    report.policies += 1
                }
            }
            for e in s.rotationExceptions ?? [] {
                let committeeID = try Self.committeeID(db, code: e.committee)
                if try Bool.fetchOne(db.cachedStatement(sql: """
                    SELECT 1 FROM rotation_exception WHERE committee_id = ? AND kind = ? AND date = ?
                      AND state_id = (SELECT id FROM state WHERE name = ?)
                    """), arguments: [committeeID, e.kind.rawValue, e.date.description, e.member]) != true {
                    try Self.insertException(db, e)
                    report.policies += 1
                }
            }
            return report
        }
    }

    /// Why a scenario's second item with a UID is refused.
    static let uidTwice = "its UID is that of an earlier item of the file; each has its own"

    /// The event a scenario describes (`sources`: the scenario's named sources).
    static func event(_ e: Scenario.EventSpec, sources: [String: String]?) throws -> Event {
        let participants = (e.participants ?? []).map { p in
            Participant(p.person.map { .person($0) } ?? .organisation(p.organisation ?? ""), role: p.role, title: p.title)
        }
        return Event(uid: e.uid, kind: e.kind, title: e.title, altTitle: e.altTitle,
                     schedule: try e.schedule.schedule(), status: e.status,
                     classification: e.classification ?? .public, committee: e.committee, chair: e.chair,
                     location: e.location, participants: participants, topics: e.topics ?? [],
                     notes: e.notes, source: sources?[e.source ?? ""] ?? e.source, series: try e.series())
    }
}
