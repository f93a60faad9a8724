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

/// One thing a file brings: an event, a chair term from one of our feeds, or a changed occurrence (RECURRENCE-ID)
/// of a series the file does not hold, read with the file's context, for the series of that UID in the agenda
/// (with the file's other occurrences of the UID after it: `upsertOccurrences`).
public enum ImportItem: Sendable {
    case event(Event)
    case term(ChairTerm)
    case occurrences(uid: String, [FeedReading.Reading], FeedReading.Context)
    case cancellation(FeedReading.Cancellation)
}

extension AgendaDatabase {
    /// Writes events read from one file in one transaction, by UID: a newer revision (SEQUENCE, then
    /// LAST-MODIFIED) replaces the stored event whole, keeping its id; an older or equal one is left. Each event
    /// is written in its own savepoint, so one the store refuses (a bad UID, text it does not accept) is reported
    /// and the others go in; with `allOrNothing`, any refusal writes nothing. `dryRun` reports without writing.
    /// `events` is iterated once, inside the transaction, on a second thread (a lazy sequence streams a file in
    /// there; it must not use this database); when `abandoned` then says so (the file turned out unreadable part
    /// way), nothing is written.
    public func upsertEvents<S: Sequence<Event>>(_ events: S, allOrNothing: Bool = false, dryRun: Bool = false,
                                                 abandoned: () -> Bool = { false }) throws -> [Result<UpsertOutcome, AgendaError>] {
        try upsert(events.lazy.map(ImportItem.event), allOrNothing: allOrNothing, dryRun: dryRun, abandoned: abandoned)
    }

    /// `upsertEvents` for events and chair terms together (a feed of ours carries both): one transaction, a
    /// savepoint per item, results in order.
    /// `bulk`: the items are many compared with the events stored, so the event indexes are built once at the end
    /// (`withIndexesDeferred`) rather than updated item by item.
    public func upsert<S: Sequence<ImportItem>>(_ items: S, allOrNothing: Bool = false, dryRun: Bool = false, bulk: Bool = false,
                                                abandoned: () -> Bool = { false }) throws -> [Result<UpsertOutcome, AgendaError>] {
        var results: [Result<UpsertOutcome, AgendaError>] = []
        try upsert(tagged: items.lazy.map { ($0, ()) }, allOrNothing: allOrNothing, dryRun: dryRun, bulk: bulk,
                   abandoned: abandoned) { _, result in results.append(result) }
        return results
    }

    /// `upsert` handing each item's outcome to `outcome` as soon as it is known, in order, with the tag the item
    /// came with (an import's line and UID), rather than collecting them: memory does not grow with the items.
    /// `repeated` is told of each event whose UID an earlier item of the same write brought (RFC 5545 wants one
    /// event per UID in a file; such an event is compared with the earlier one as a revision). Both run on the
    /// writing thread inside the transaction, so they must not use this database.
    public func upsert<S: Sequence, Tag>(tagged items: S, allOrNothing: Bool = false, dryRun: Bool = false,
                                         bulk: Bool = false, abandoned: () -> Bool = { false },
                                         repeated: (Tag) -> Void = { _ in },
                                         outcome report: (Tag, Result<UpsertOutcome, AgendaError>) -> Void) throws
    where S.Element == (ImportItem, Tag) {
        try writeWithoutTransaction { db in
            var refused = false
            let search = SearchBatch(size: bulk ? SearchBatch.bulkSize : SearchBatch.standardSize)
            try db.inTransaction {
                // The events this write has met so far, by id, so that a UID met again is told (also when the
                // agenda held it before: a file imported twice).
                var met = IDSet()
                try Self.withIndexesDeferred(db, tables: bulk ? Self.eventTables : []) {
                // Each event is checked and its search text folded on a second thread (`Pipeline`), where the items
                // are also read (a lazy sequence parses its file there), while this one writes the item before.
                try Pipeline.run(produce: { (emit: ((PreparedItem, Tag)) throws -> Void) in
                    for (item, tag) in items {
                        switch item {
                        case let .event(e): try emit((.event(e, Result { try Self.prepare(e) }), tag))
                        case let .term(t): try emit((.term(t), tag))
                        case let .occurrences(uid, readings, context): try emit((.occurrences(uid, readings, context), tag))
                        case let .cancellation(c): try emit((.cancellation(c), tag))
                        }
                    }
                }, consume: { next, tag in
                    var outcome: Result<UpsertOutcome, AgendaError> = .success(.unchanged)
                    var again = false
                    let mark = search.mark
                    try Self.inItemSavepoint(db) {
                        do {
                            switch next {
                            case let .event(e, prepared):
                                let (o, id) = try Self.upsertEvent(db, e, prepared: prepared, search: search)
                                (outcome, again) = (.success(o), !met.insert(id))
                            case let .term(t): outcome = .success(try Self.upsertChairTerm(db, t))
                            case let .occurrences(uid, readings, context):
                                outcome = .success(try Self.upsertOccurrences(db, uid: uid, readings, context: context))
                            case let .cancellation(c): outcome = .success(try Self.applyCancellation(db, c))
                            }
                            return .commit
                        } catch let error as AgendaError {
                            outcome = .failure(error)
                        } catch let error as DatabaseError {
                            outcome = .failure(AgendaDatabase.translate(error))
                        }
                        search.drop(after: mark)
                        return .rollback
                    }
                    if case .failure = outcome { refused = true }
                    if again { repeated(tag) }
                    report(tag, outcome)
                    try search.flush(db)
                })
                try search.flush(db, force: true)
                }
                return dryRun || (allOrNothing && refused) || abandoned() ? .rollback : .commit
            }
        }
    }

    /// An item of an upsert as its reading thread hands it over: an event with the result of preparing it
    /// (`prepare`: checked and cleaned, search text folded), or a chair term.
    enum PreparedItem {
        case event(Event, Result<PreparedEvent, any Error>)
        case term(ChairTerm)
        case occurrences(String, [FeedReading.Reading], FeedReading.Context)
        case cancellation(FeedReading.Cancellation)
    }

    /// The one rule of revisions (RFC 5545 §3.8.7.4, §3.8.7.3): a higher SEQUENCE is newer; at the same SEQUENCE,
    /// a later LAST-MODIFIED (else DTSTAMP). An import replaces an event, a changed occurrence or a cancellation's
    /// target only with a newer revision.
    static func isNewer(_ sequence: Int, _ modified: Date, than storedSequence: Int, _ storedModified: Date) -> Bool {
        (sequence, modified) > (storedSequence, storedModified)
    }

    /// The id of the stored event with this UID (a UID only: an import's "42" is not event #42).
    static func storedEventID(_ db: Database, uid: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM event WHERE uid = ?"), arguments: [uid])
    }

    /// A cancellation that names its event by UID alone (iTIP): a newer revision cancels the stored event, taking
    /// its SEQUENCE and stamp (it stays, so feeds tell subscribers); an event already cancelled is unchanged; an
    /// older or equal revision is left. With RECURRENCE-ID, the same for that occurrence of the stored series, by
    /// the revision of its own change. A UID the agenda does not hold, or an occurrence its series does not give,
    /// is refused.
    static func applyCancellation(_ db: Database, _ c: FeedReading.Cancellation) throws -> UpsertOutcome {
        guard let id = try storedEventID(db, uid: c.uid) else {
            throw AgendaError.conflict("a cancellation (METHOD:CANCEL) of an event the agenda does not hold")
        }
        var event = try fetchEvents(db, EventFilter(ids: [id])).first!
        let modified = Date(timeIntervalSince1970: c.modified.timeIntervalSince1970.rounded(.down))
        if let line = c.recurrenceID {
            let key = try FeedReading.occurrenceKey(line, of: event, context: c.context).get()
            var series = event.series!
            var change = series.overridesByID[key] ?? OccurrenceOverride(recurrenceID: key)
            if change.status == .cancelled { return .unchanged }
            guard isNewer(c.sequence, modified, than: change.sequence, change.modified) else { return .olderSkipped }
            change.status = .cancelled
            change.sequence = c.sequence
            change.modified = modified
            series.setOverride(change)
            event.series = series
            try writeSeries(db, event)
            return .updated
        }
        if event.status == .cancelled { return .unchanged }
        guard isNewer(c.sequence, modified, than: event.sequence, event.modified) else { return .olderSkipped }
        event.status = .cancelled
        event.sequence = c.sequence
        event.modified = modified
        try db.cachedStatement(sql: updateEventSQL).run(eventColumns(db, event) + [.int(Int(id))])
        return .updated
    }

    /// Changed occurrences of a series that is not in the file but in the agenda: an invitation that updates one
    /// meeting of a series carries that occurrence alone (Outlook, Google). Each joins the stored series as the
    /// change of its occurrence, by its own revision (SEQUENCE, then LAST-MODIFIED, else DTSTAMP): a newer one
    /// replaces the stored change of that occurrence, the same is unchanged, an older one is left. An event that
    /// does not repeat, or a RECURRENCE-ID the series does not give, is refused.
    /// `readings`: this item's occurrence first, then the file's other occurrences of the UID. For a UID the agenda
    /// does not hold, they become a series of their own (`FeedReading.parentless`), added with the first of them;
    /// the others then find it stored, their change already made (unchanged).
    static func upsertOccurrences(_ db: Database, uid: String, _ readings: [FeedReading.Reading],
                                  context: FeedReading.Context) throws -> UpsertOutcome {
        if FeedReading.changesTheRest(readings[0]) {
            throw AgendaError.conflict("an occurrence with RANGE=THISANDFUTURE of a series the file does not hold (changing the rest of a stored series this way is not supported: import the series with it)")
        }
        guard let id = try storedEventID(db, uid: uid) else {
            // A series of their own (`FeedReading.parentless`), made of this occurrence and the file's others.
            guard let (event, refusals) = FeedReading.parentless(readings, context: context) else {
                throw AgendaError.conflict("an occurrence (RECURRENCE-ID) of a series that is neither in the file nor in the agenda")
            }
            if let refusal = refusals.first(where: { $0.line == readings[0].line }) { throw AgendaError.conflict(refusal.reason) }
            try ensureReferences(db, event)
            _ = try insertEvent(db, prepare(event), now: event.created, keepingRevision: true, uidChecked: true)
            return .added
        }
        let stored = try fetchEvents(db, EventFilter(ids: [id])).first!
        // The changes as the file gives them, each against the occurrence the rule gives: this item's own
        // (the first); the others come as their own items.
        var read = stored
        read.series?.overrides = []
        if let refusal = FeedReading.attach([readings[0]], to: &read, context: context).first {
            throw AgendaError.conflict(refusal.reason)
        }
        var series = stored.series!
        var outcome = UpsertOutcome.unchanged
        for change in read.series!.overrides {
            if let old = series.overridesByID[change.recurrenceID] {
                if old == change { continue }
                guard isNewer(change.sequence, change.modified, than: old.sequence, old.modified) else {
                    if outcome == .unchanged { outcome = .olderSkipped }
                    continue
                }
            }
            series.setOverride(change)
            outcome = .updated
        }
        guard outcome == .updated else { return outcome }
        var changed = stored
        changed.series = series
        try writeSeries(db, changed)
        return .updated
    }

    /// `prepared`: the event already checked (`prepare`), or why it was not. Returns the outcome and the event's id.
    static func upsertEvent(_ db: Database, _ incoming: Event, prepared: Result<PreparedEvent, any Error>,
                            search: SearchBatch? = nil) throws -> (UpsertOutcome, Int64) {
        try ensureReferences(db, incoming)
        guard let id = try storedEventID(db, uid: incoming.uid) else {
            let added = try insertEvent(db, prepared.get(), now: incoming.created, keepingRevision: true, search: search,
                                        uidChecked: true)
            return (.added, added.id!)
        }
        let stored = try fetchEvents(db, EventFilter(ids: [id])).first!
        var candidate = try prepared.get().event
        if let code = candidate.committee { candidate.committee = try committeeCode(db, code: code) }
        candidate.id = id
        if !isNewer(candidate.sequence, candidate.modified, than: stored.sequence, stored.modified) {
            // Same content (the stamps aside): nothing to do; otherwise an older revision, left alone.
            var same = candidate
            same.created = stored.created; same.modified = stored.modified; same.sequence = stored.sequence
            if incoming.participants.isEmpty { same.participants = stored.participants }
            return (same == stored ? .unchanged : .olderSkipped, id)
        }
        // Other producers' files carry no participants: the stored ones stay. Our own feeds carry them.
        if incoming.participants.isEmpty { candidate.participants = stored.participants }
        try db.cachedStatement(sql: updateEventSQL).run(eventColumns(db, candidate) + [.int(Int(id))])
        try writeDetails(db, candidate, search: search)
        try writeSeries(db, candidate)
        return (.updated, id)
    }

    /// Records a chair term read from one of our feeds, by UID: absent → recorded (with the committee, the state,
    /// its embassy and an open membership created when this agenda lacks them, so a feed imported into an empty
    /// database gives the same terms back); a newer revision (SEQUENCE, then LAST-MODIFIED) replaces the stored
    /// one; the same is unchanged; an older one is left.
    static func upsertChairTerm(_ db: Database, _ incoming: ChairTerm) throws -> UpsertOutcome {
        guard let uid = incoming.uid else {
            throw AgendaError.invalid(field: "UID", value: "", expected: "the UID of a chair term")
        }
        if try fetchCommittee(db, code: incoming.committee) == nil {
            _ = try insertCommittee(db, Committee(code: incoming.committee, name: incoming.committee, timeZone: "UTC"))
        }
        let member = incoming.member.precomposedStringWithCanonicalMapping
        if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM state WHERE name = ?1 COLLATE NOCASE OR iso2 = upper(?1)"),
                             arguments: [member]) != true {
            _ = try insertState(db, StateInfo(name: member))
        }
        if let embassy = incoming.embassy, try optionalOrganisationID(db, name: embassy) == nil {
            _ = try insertOrganisation(db, Organisation(name: embassy, kind: .embassy))
        }
        let committeeID = try committeeID(db, code: incoming.committee)
        let state = try String.fetchOne(db, sql: "SELECT name FROM state WHERE id = ?", arguments: [try stateID(db, name: member)])!
        if !(try fetchMemberships(db, committeeID: committeeID).contains { $0.state == state }) {
            _ = try insertMembership(db, Membership(committee: incoming.committee, state: state, embassy: incoming.embassy))
        }
        let stamp = Int(incoming.modified.timeIntervalSince1970.rounded(.down))
        guard var stored = try ChairTermRecord.filter(Column("uid") == uid).fetchOne(db) else {
            let t = try insertChairTerm(db, incoming, now: incoming.modified)
            try db.execute(sql: "UPDATE chair_term SET sequence = ?, created_at = ?, modified_at = ? WHERE id = ?",
                           arguments: [max(0, incoming.sequence), stamp, stamp, t.id])
            return .added
        }
        let current = try fetchTerms(db, committeeID: stored.committeeID).first { $0.id == stored.id }!
        var same = incoming
        same.id = current.id; same.committee = current.committee; same.modified = current.modified
        same.sequence = current.sequence; same.embassy = current.embassy; same.origin = current.origin
        same.member = same.member.caseInsensitiveCompare(current.member) == .orderedSame ? current.member : same.member
        if (incoming.sequence, stamp) <= (stored.sequence, stored.modifiedAt) {
            return same == current ? .unchanged : .olderSkipped
        }
        // A newer revision: the term is recorded again from its new days and holder.
        try stored.delete(db)
        let t = try insertChairTerm(db, incoming, now: incoming.modified)
        try db.execute(sql: "UPDATE chair_term SET sequence = ?, created_at = ?, modified_at = ? WHERE id = ?",
                       arguments: [max(0, incoming.sequence), stored.createdAt, stamp, t.id])
        stored.id = t.id
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

/// A set of row ids that stays small for the dense ids SQLite gives (`INTEGER PRIMARY KEY`: the largest plus one):
/// one bit each up to 2^26 (8 MiB at most, 125 KiB for a million events), a hash set for any larger.
struct IDSet {
    private var bits: [UInt64] = []
    private var others: Set<Int64> = []

    /// Adds `id`; false when it was there already.
    mutating func insert(_ id: Int64) -> Bool {
        guard id >= 0, id < 1 << 26 else { return others.insert(id).inserted }
        let (word, bit) = (Int(id >> 6), UInt64(1) << UInt64(id & 63))
        if word >= bits.count { bits += repeatElement(0, count: max(word + 1 - bits.count, bits.count)) }
        defer { bits[word] |= bit }
        return bits[word] & bit == 0
    }
}
