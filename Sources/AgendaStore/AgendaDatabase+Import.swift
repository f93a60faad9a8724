import AgendaCore
import Foundation
import GRDB

/// What an import did with one event.
public enum UpsertOutcome: String, Sendable, Hashable, CaseIterable {
    /// A UID the agenda did not hold.
    case added
    /// A newer revision (higher SEQUENCE, then later LAST-MODIFIED) replaced the stored one.
    case updated
    /// The same revision, with the same content: nothing to do.
    case unchanged
    /// An older or equal revision that differs from the stored one: left alone, counted.
    case olderSkipped = "older-skipped"
}

extension AgendaDatabase {
    /// Writes events read from one file in one transaction, by UID: a newer revision (SEQUENCE, then
    /// LAST-MODIFIED) replaces the stored event whole, keeping its id; an older or equal one is left. Each event
    /// is written in its own savepoint, so one the store refuses (a bad UID, text it does not accept) is reported
    /// and the others go in; with `allOrNothing`, any refusal writes nothing. `dryRun` reports without writing.
    /// `events` is iterated once, inside the transaction (a lazy sequence streams a file in); when `abandoned`
    /// then says so (the file turned out unreadable part way), nothing is written.
    public func upsertEvents<S: Sequence<Event>>(_ events: S, allOrNothing: Bool = false, dryRun: Bool = false,
                                                 abandoned: () -> Bool = { false }) throws -> [Result<UpsertOutcome, AgendaError>] {
        try writeWithoutTransaction { db in
            var results: [Result<UpsertOutcome, AgendaError>] = []
            try db.inTransaction {
                for e in events {
                    var outcome: Result<UpsertOutcome, AgendaError> = .success(.unchanged)
                    try db.inSavepoint {
                        do {
                            outcome = .success(try Self.upsertEvent(db, e))
                            return .commit
                        } catch let error as AgendaError {
                            outcome = .failure(error)
                        } catch let error as DatabaseError {
                            outcome = .failure(AgendaDatabase.translate(error))
                        }
                        return .rollback
                    }
                    results.append(outcome)
                }
                let refused = results.contains { if case .failure = $0 { true } else { false } }
                return dryRun || (allOrNothing && refused) || abandoned() ? .rollback : .commit
            }
            return results
        }
    }

    static func upsertEvent(_ db: Database, _ incoming: Event) throws -> UpsertOutcome {
        try ensureReferences(db, incoming)
        guard let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM event WHERE uid = ?"),
                                          arguments: [incoming.uid]) else {
            _ = try insertEvent(db, incoming, now: incoming.created, keepingRevision: true)
            return .added
        }
        let stored = try fetchEvents(db, EventFilter(ids: [id])).first!
        var candidate = incoming
        try clean(&candidate)
        if let code = candidate.committee { candidate.committee = try committeeCode(db, code: code) }
        candidate.id = id
        let newer = (candidate.sequence, candidate.modified) > (stored.sequence, stored.modified)
        if !newer {
            // Same content (the stamps aside): nothing to do; otherwise an older revision, left alone.
            var same = candidate
            same.created = stored.created; same.modified = stored.modified; same.sequence = stored.sequence
            if incoming.participants.isEmpty { same.participants = stored.participants }
            return same == stored ? .unchanged : .olderSkipped
        }
        // Other producers' files carry no participants: the stored ones stay. Our own feeds carry them.
        if incoming.participants.isEmpty { candidate.participants = stored.participants }
        var args = try eventColumns(db, candidate)
        args += [id]
        try db.cachedStatement(sql: updateEventSQL).execute(arguments: args)
        try writeDetails(db, candidate)
        try writeSeries(db, candidate)
        return .updated
    }

    /// Creates what an event from one of our own feeds names but this agenda does not hold yet, so that importing
    /// a feed into an empty database gives the same events back: its committee (named by its code, in the event's
    /// zone), its chair and participants (people and organisations by name).
    static func ensureReferences(_ db: Database, _ e: Event) throws {
        if let code = e.committee, try fetchCommittee(db, code: code) == nil {
            _ = try insertCommittee(db, Committee(code: code, name: code, timeZone: e.schedule.timeZone))
        }
        var people = e.participants.compactMap { p -> String? in if case let .person(n) = p.party { n } else { nil } }
        if let chair = e.chair { people.append(chair) }
        for name in people where try optionalPersonID(db, name: name) == nil && optionalOrganisationID(db, name: name) == nil {
            _ = try insertPerson(db, Person(name: name))
        }
        for p in e.participants {
            if case let .organisation(name) = p.party, try optionalOrganisationID(db, name: name) == nil,
               try optionalPersonID(db, name: name) == nil {
                _ = try insertOrganisation(db, Organisation(name: name, kind: .other))
            }
        }
    }

    /// Every column of an event row, by id (`eventColumns` then the id).
    static let updateEventSQL = """
        UPDATE event SET uid = ?, kind = ?, title = ?, alt_title = ?, status = ?, classification = ?,
            precision = ?, local_start = ?, local_end = ?, time_zone = ?, span_start = ?, span_end = ?,
            committee_id = ?, chair_id = ?, location = ?, notes = ?, source = ?, sequence = ?,
            created_at = ?, modified_at = ?, wall_fold = ?, span_class = ?
        WHERE id = ?
        """
}
