import AgendaCore
import Foundation
import GRDB

extension AgendaDatabase {
    /// Adds an event. A missing UID gets a new random one, which then never changes. Returns the stored event.
    @discardableResult
    public func addEvent(_ event: Event) throws -> Event {
        try write { db in try Self.insertEvent(db, event, now: clock()) }
    }

    /// An event checked (text, UID, schedule, series) with its search text folded and its series row worked out:
    /// the part of an insert that needs no database, so that a bulk write can do it on another thread (`Pipeline`)
    /// while the previous event is written.
    struct PreparedEvent: Sendable {
        var event: Event
        var searchText: String
        var series: SeriesRow?
    }

    /// Checks and completes an event for inserting: text cleaned, a missing UID made, the UID checked, the
    /// search text folded, the series checked and its row worked out.
    static func prepare(_ event: Event) throws -> PreparedEvent {
        var e = event
        try clean(&e)
        if e.uid.isEmpty { e.uid = UUID().uuidString.lowercased() }
        // RFC 5545 lets a UID be any text; producers write short ones ("event1") too. The schema checks the length.
        guard (1...255).contains(e.uid.count), !e.uid.allSatisfy(\.isWhitespace),
              !e.uid.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw AgendaError.invalid(field: "uid", value: e.uid, expected: "1 to 255 characters, no control characters")
        }
        return PreparedEvent(event: e, searchText: searchText(e), series: try seriesRow(e))
    }

    /// Inserts an event; a new one is stamped `now` with SEQUENCE 0, unless `keepingRevision` (imports and
    /// generators: the event's own created and modified times and SEQUENCE are kept).
    /// `search`: where the event's search entry goes when many items are written (see `SearchBatch`).
    static func insertEvent(_ db: Database, _ event: Event, now: Date, keepingRevision: Bool = false,
                            search: SearchBatch? = nil) throws -> Event {
        try insertEvent(db, prepare(event), now: now, keepingRevision: keepingRevision, search: search)
    }

    /// `insertEvent` for an event already prepared. `uidChecked`: the caller has just looked the UID up and
    /// found no event (loads and imports), so it is not looked up again.
    static func insertEvent(_ db: Database, _ prepared: PreparedEvent, now: Date, keepingRevision: Bool = false,
                            search: SearchBatch? = nil, uidChecked: Bool = false) throws -> Event {
        var e = prepared.event
        if !uidChecked,
           try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM event WHERE uid = ?"), arguments: [e.uid]) == true {
            throw AgendaError.duplicate(entity: "event", key: e.uid)
        }
        if keepingRevision {
            e.created = Date(timeIntervalSince1970: e.created.timeIntervalSince1970.rounded(.down))
            e.modified = max(Date(timeIntervalSince1970: e.modified.timeIntervalSince1970.rounded(.down)), e.created)
            e.sequence = max(0, e.sequence)
        } else {
            e.created = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
            e.modified = e.created
            e.sequence = 0
        }
        try db.cachedStatement(sql: """
            INSERT INTO event(uid, kind, title, alt_title, status, classification, precision, local_start, local_end,
                              time_zone, span_start, span_end, committee_id, chair_id, location, notes, source,
                              sequence, created_at, modified_at, wall_fold, span_class)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run(try eventColumns(db, e))
        e.id = db.lastInsertedRowID
        try writeDetails(db, e, isNew: true, search: search, searchText: prepared.searchText)
        try writeSeries(db, e, row: prepared.series, isNew: true)
        return e
    }

    /// Checks an event's text (NFC, no control characters) and schedule range, in place.
    static func clean(_ e: inout Event) throws {
        e.title = try TextInput.clean(e.title, field: "title", required: true)
        e.altTitle = try TextInput.cleanOptional(e.altTitle, field: "alt title")
        e.location = try TextInput.cleanOptional(e.location, field: "location")
        e.notes = try TextInput.cleanOptional(e.notes, field: "notes", multiline: true)
        e.source = try TextInput.cleanOptional(e.source, field: "source")
        // A topic given twice (`--topic trade --topic Trade`, or CATEGORIES:trade,Trade) is kept once, as first
        // written: feeds would carry it twice.
        var seenTopics: Set<String> = []
        e.topics = try e.topics.compactMap { try TextInput.cleanOptional($0, field: "topic") }
            .filter { seenTopics.insert($0.lowercased()).inserted }
        e.participants = try e.participants.map { p in
            var p = p
            let name = try TextInput.clean(p.name, field: "participant", required: true)
            switch p.party {
            case .person: p.party = .person(name)
            case .organisation: p.party = .organisation(name)
            }
            p.role = try TextInput.cleanOptional(p.role, field: "participant role")
            p.title = try TextInput.cleanOptional(p.title, field: "participant title")
            return p
        }
        // A schedule built without the validating initialiser (a loaded file) is checked again here.
        e.schedule = try Schedule(e.schedule.form, timeZone: e.schedule.timeZone)
    }

    /// The values of an event's row, in the order of the `event` columns the insert and the update name.
    static func eventColumns(_ db: Database, _ e: Event) throws -> [BoundValue] {
        let committeeID = try e.committee.map { try Self.committeeID(db, code: $0) }
        let chairID = try e.chair.map { try Self.personID(db, name: $0) }
        let span = e.schedule.utcSpan
        return [
            .text(e.uid), .text(e.kind.rawValue), .text(e.title), BoundValue(e.altTitle), .text(e.status.rawValue),
            .text(e.classification.rawValue), .text(e.schedule.precision.rawValue), .text(e.schedule.startText),
            BoundValue(e.schedule.endText), .text(e.schedule.timeZone), .int(span.lowerBound), .int(span.upperBound),
            BoundValue(committeeID), BoundValue(chairID), BoundValue(e.location), BoundValue(e.notes),
            BoundValue(e.source), .int(e.sequence), .int(Int(e.created.timeIntervalSince1970)),
            .int(Int(e.modified.timeIntervalSince1970)), .int(e.schedule.laterOccurrences),
            .int(SpanClass.of(span.upperBound - span.lowerBound)),
        ]
    }

    /// Rewrites participants, topics and the search entry of a stored event (`isNew`: just inserted, so it has
    /// none to replace; `searchText`: its search text, when already folded).
    static func writeDetails(_ db: Database, _ e: Event, isNew: Bool = false, search: SearchBatch? = nil,
                             searchText: String? = nil) throws {
        guard let id = e.id else { return }
        // The hot path of loads and imports: cached statements rather than the records' Codable encoding
        // (EventParticipantRecord and EventTopicRecord name the same columns).
        if !isNew {
            try db.cachedStatement(sql: "DELETE FROM event_participant WHERE event_id = ?").execute(arguments: [id])
            try db.cachedStatement(sql: "DELETE FROM event_topic WHERE event_id = ?").execute(arguments: [id])
        }
        for (i, p) in e.participants.enumerated() {
            var personID: Int64?, orgID: Int64?
            switch p.party {
            case let .person(name):
                personID = try Self.optionalPersonID(db, name: name)
                if personID == nil { orgID = try Self.optionalOrganisationID(db, name: name) }
            case let .organisation(name):
                orgID = try Self.optionalOrganisationID(db, name: name)
                if orgID == nil { personID = try Self.optionalPersonID(db, name: name) }
            }
            if personID == nil && orgID == nil {
                (personID, orgID) = try Self.participantByFoldedName(db, p.name)
            }
            try db.cachedStatement(sql: """
                INSERT INTO event_participant(event_id, person_id, organisation_id, role, title_at_event, ordinal)
                VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [id, personID, orgID, p.role, p.title, i])
        }
        for (i, t) in e.topics.enumerated() where !t.trimmedSpace.isEmpty {
            try db.cachedStatement(sql: "INSERT INTO event_topic(event_id, ordinal, topic) VALUES (?, ?, ?)")
                .execute(arguments: [id, i, t])
        }
        try SearchIndex.put(db, .event, id: id, folded: searchText ?? Self.searchText(e), isNew: isNew, batch: search)
    }

    /// What search finds an event by, folded: its title, names, place, notes, committee, chair, kind, topics and
    /// participants.
    static func searchText(_ e: Event) -> String {
        var text = [e.title, e.altTitle, e.location, e.notes, e.committee, e.chair, e.kind.rawValue].compactMap { $0 }
        text += e.topics
        text += e.participants.flatMap { [$0.name, $0.title].compactMap { $0 } }
        return SearchIndex.folded(text)
    }

    /// Changes an event in one transaction: the change is a value, resolved against the stored event (a new start
    /// keeps the duration; the committee and chair are looked up) inside the write. SEQUENCE rises when time,
    /// place, title or status change; the UID and creation time never change. Returns the stored event and notes
    /// on how the schedule was read.
    @discardableResult
    public func updateEvent(_ key: String, _ change: EventChange) throws -> (event: Event, notes: [String]) {
        let now = clock()
        return try write { db in try Self.apply(change, to: key, db, now: now) }
    }

    /// Applies `change` to the stored event `key` at `now`: the event as stored, and how its schedule was read.
    static func apply(_ change: EventChange, to key: String, _ db: Database, now: Date) throws -> (event: Event, notes: [String]) {
        var notes: [String] = []
        let event = try update(db, key: key, now: now) { e in notes = try change.apply(to: &e, now: now) }
        return (event, notes)
    }

    /// Applies `body` (the store's own rules, never a caller's closure) to the stored event `key`.
    static func update(_ db: Database, key: String, now: Date, _ body: (inout Event) throws -> Void) throws -> Event {
        let before = try Self.fetchEvent(db, key: key)
        let id = before.id!
        var after = before
        try body(&after)
        try clean(&after)
        if let code = after.committee { after.committee = try Self.committeeCode(db, code: code) }
        after.id = before.id
        after.uid = before.uid
        after.created = before.created
        if after == before { return before }
        after.sequence = before.sequence + (after.isSignificantlyDifferent(from: before) ? 1 : 0)
        after.modified = max(Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down)), before.modified)
        try db.cachedStatement(sql: updateEventSQL).run(Self.eventColumns(db, after) + [.int(Int(id))])
        try Self.writeDetails(db, after)
        if after.series != before.series { try Self.writeSeries(db, after) }
        return after
    }

    /// Marks an event cancelled; it stays in the agenda so that feeds can tell subscribers.
    @discardableResult
    public func cancelEvent(_ key: String, reason: String? = nil) throws -> Event {
        let now = clock()
        let reason = try Self.reason(reason)
        return try write { db in
            try Self.update(db, key: key, now: now) { e in
                guard e.status != .cancelled else {
                    throw AgendaError.conflict("event \(key) is already cancelled")
                }
                e.status = .cancelled
                if let reason { e.notes = Self.appending("Cancelled: \(reason)", to: e.notes) }
            }
        }
    }

    /// Moves an event to a new schedule (which may be less precise: "moved to 2024-Q1"), keeping a note of the
    /// old one. The event is marked postponed. The input is read against the stored schedule (its zone and
    /// length).
    @discardableResult
    public func postponeEvent(_ key: String, to input: ScheduleInput, reason: String? = nil) throws -> (event: Event, notes: [String]) {
        let now = clock()
        let reason = try Self.reason(reason)
        return try write { db in
            var notes: [String] = []
            let event = try Self.update(db, key: key, now: now) { e in
                guard e.status != .cancelled else {
                    throw AgendaError.conflict("event \(key) is cancelled; it cannot be postponed")
                }
                let r = try input.resolve(now: now, defaultZone: e.schedule.timeZone, current: e.schedule)
                // Postponing moves an event later (or makes its date more or less precise where it was).
                guard r.schedule.utcSpan.lowerBound >= e.schedule.utcSpan.lowerBound else {
                    throw AgendaError.invalid(field: input.fieldNames.start, value: input.start ?? "",
                                              expected: "a start no earlier than the event's current one (\(e.schedule.label)): to bring an event forward, edit its start")
                }
                notes = r.notes
                e.notes = Self.appending("Postponed from \(e.schedule.label) to \(r.schedule.label)" + (reason.map { ": \($0)" } ?? ""),
                                         to: e.notes)
                e.schedule = r.schedule
                e.status = .postponed
            }
            return (event, notes)
        }
    }

    /// Removes an event for good (feeds then forget it; prefer cancel for events subscribers have seen).
    @discardableResult
    public func deleteEvent(_ key: String) throws -> Event {
        try write { db in
            let event = try Self.fetchEvent(db, key: key)
            let id = event.id!
            try db.cachedStatement(sql: "DELETE FROM event WHERE id = ?").execute(arguments: [id])
            try SearchIndex.remove(db, .event, id: id)
            return event
        }
    }
}

extension AgendaDatabase {
    /// Adds many events in one transaction, keeping their UIDs, sequences and timestamps (imports, generators);
    /// `committee`, when given and new, is created in the same transaction (all or nothing).
    @discardableResult
    public func importEvents<S: Sequence<Event>>(_ events: S, creating committee: Committee? = nil) throws -> Int {
        try write { db in
            if let committee, try Self.fetchCommittee(db, code: committee.code) == nil {
                _ = try Self.insertCommittee(db, committee)
            }
            var n = 0
            for e in events {
                _ = try Self.insertEvent(db, e, now: e.created, keepingRevision: true)
                n += 1
            }
            return n
        }
    }
}

extension AgendaDatabase {
    /// The reason typed with a cancellation or a postponement, checked as text of its own (so a refusal names it,
    /// not the whole notes it joins); nil when empty.
    static func reason(_ text: String?) throws -> String? { try TextInput.cleanOptional(text, field: "reason") }

    /// `notes` with `line` as their last line.
    static func appending(_ line: String, to notes: String?) -> String { [notes, line].compactMap { $0 }.joined(separator: "\n") }
}
