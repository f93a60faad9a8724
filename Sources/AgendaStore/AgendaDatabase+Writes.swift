import AgendaCore
import Foundation
import ICalendar
import GRDB

extension AgendaDatabase {
    // MARK: States, organisations, people

    /// Adds a state; returns its id.
    @discardableResult
    public func addState(_ state: StateInfo) throws -> Int64 {
        try write { db in try Self.insertState(db, state) }
    }

    static func insertState(_ db: Database, _ state: StateInfo) throws -> Int64 {
        let name = try TextInput.clean(state.name, field: "state name", required: true)
        if let iso = state.iso2, !(iso.count == 2 && iso.allSatisfy({ $0.isASCII && $0.isUppercase })) {
            throw AgendaError.invalid(field: "iso2", value: iso, expected: "two capital letters such as VN")
        }
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM state WHERE name = ? COLLATE NOCASE", arguments: [name]) == true {
            throw AgendaError.duplicate(entity: "state", key: name)
        }
        var record = StateRecord(name: name, iso2: state.iso2)
        try record.insert(db)
        return record.id!
    }

    /// Adds an organisation; returns its id.
    @discardableResult
    public func addOrganisation(_ org: Organisation) throws -> Int64 {
        try write { db in try Self.insertOrganisation(db, org) }
    }

    static func insertOrganisation(_ db: Database, _ org: Organisation) throws -> Int64 {
        var org = org
        let name = try TextInput.clean(org.name, field: "organisation name", required: true)
        org.shortName = try TextInput.cleanOptional(org.shortName, field: "short name")
        org.localName = try TextInput.cleanOptional(org.localName, field: "local name")
        org.city = try TextInput.cleanOptional(org.city, field: "city")
        org.notes = try TextInput.cleanOptional(org.notes, field: "notes", multiline: true)
        if try Self.optionalOrganisationID(db, name: name) != nil {
            throw AgendaError.duplicate(entity: "organisation", key: name)
        }
        if let founded = org.founded { try PartialDate.validate(founded, field: "founded") }
        let stateID = try org.stateName.map { try Self.stateID(db, name: $0) }
        var record = OrganisationRecord(name: name, shortName: org.shortName, localName: org.localName,
                                        kind: org.kind.rawValue, stateID: stateID, city: org.city, founded: org.founded,
                                        notes: org.notes)
        try record.insert(db)
        let id = record.id!
        try SearchIndex.put(db, .organisation, id: id,
                            text: [name, org.shortName, org.localName, org.city, org.notes].compactMap { $0 })
        return id
    }

    /// Records that `subject` stands in `kind` to `object` since a partial date.
    public func addRelation(_ relation: OrganisationRelation) throws {
        try write { db in try Self.insertRelation(db, relation) }
    }

    static func insertRelation(_ db: Database, _ r: OrganisationRelation) throws {
        if let since = r.since { try PartialDate.validate(since, field: "since") }
        let s = try Self.organisationID(db, name: r.subject)
        let o = try Self.organisationID(db, name: r.object)
        var record = OrganisationRelationRecord(subjectID: s, kind: r.kind, objectID: o, since: r.since, source: r.source)
        try record.insert(db)
    }

    /// Adds a person with their positions; returns the id.
    @discardableResult
    public func addPerson(_ person: Person) throws -> Int64 {
        try write { db in try Self.insertPerson(db, person) }
    }

    static func insertPerson(_ db: Database, _ person: Person) throws -> Int64 {
        let name = try TextInput.clean(person.name, field: "person name", required: true)
        var person = person
        person.honorific = try TextInput.cleanOptional(person.honorific, field: "honorific")
        person.notes = try TextInput.cleanOptional(person.notes, field: "notes", multiline: true)
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM person WHERE name = ? COLLATE NOCASE", arguments: [name]) == true {
            throw AgendaError.duplicate(entity: "person", key: name)
        }
        var record = PersonRecord(name: name, honorific: person.honorific, notes: person.notes)
        try record.insert(db)
        let id = record.id!
        for p in person.positions { try Self.insertPosition(db, personID: id, p) }
        try Self.reindexPerson(db, id: id)
        return id
    }

    /// Adds a position held by a person.
    public func addPosition(person: String, _ position: Position) throws {
        try write { db in
            let id = try Self.personID(db, name: person)
            try Self.insertPosition(db, personID: id, position)
            try Self.reindexPerson(db, id: id)
        }
    }

    static func insertPosition(_ db: Database, personID: Int64, _ p: Position) throws {
        var p = p
        p.title = try TextInput.clean(p.title, field: "position title", required: true)
        if let s = p.start { try PartialDate.validate(s, field: "position start") }
        if let e = p.end { try PartialDate.validate(e, field: "position end") }
        if let s = p.start, let e = p.end, e < s {
            throw AgendaError.invalid(field: "position end", value: e, expected: "a date not before the start \(s)")
        }
        let orgID = try p.organisation.map { try Self.organisationID(db, name: $0) }
        var record = PositionRecord(personID: personID, title: p.title, organisationID: orgID, startDate: p.start,
                                    endDate: p.end, isFormer: p.former)
        try record.insert(db)
    }

    static func reindexPerson(_ db: Database, id: Int64) throws {
        var text = try String.fetchAll(db, sql: "SELECT name FROM person WHERE id = ?", arguments: [id])
        text += try String.fetchAll(db, sql: """
            SELECT p.title || coalesce(' ' || o.name, '') FROM position p LEFT JOIN organisation o ON o.id = p.organisation_id
            WHERE p.person_id = ?
            """, arguments: [id])
        try SearchIndex.put(db, .person, id: id, text: text)
    }

    // MARK: Committees and members

    /// Adds a committee; returns its id. The code is unique (case-insensitively).
    @discardableResult
    public func addCommittee(_ committee: Committee) throws -> Int64 {
        try write { db in try Self.insertCommittee(db, committee) }
    }

    static func insertCommittee(_ db: Database, _ c: Committee) throws -> Int64 {
        var c = c
        try validateCommittee(&c)
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM committee WHERE code = ? COLLATE NOCASE", arguments: [c.code]) == true {
            throw AgendaError.duplicate(entity: "committee", key: c.code)
        }
        let parentID = try c.parent.map { try Self.organisationID(db, name: $0) }
        var record = CommitteeRecord(code: c.code, name: c.name, parentID: parentID, seatCity: c.seatCity,
                                     timeZone: c.timeZone, notes: c.notes)
        try record.insert(db)
        return record.id!
    }

    static func validateCommittee(_ c: inout Committee) throws {
        c.name = try TextInput.clean(c.name, field: "committee name", required: true)
        c.seatCity = try TextInput.cleanOptional(c.seatCity, field: "city")
        c.notes = try TextInput.cleanOptional(c.notes, field: "notes", multiline: true)
        guard !c.code.isEmpty, c.code.count <= 32,
              c.code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw AgendaError.invalid(field: "committee code", value: c.code,
                                      expected: "1 to 32 letters, digits, '-' or '_', such as ACR")
        }
        guard !c.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw AgendaError.invalid(field: "committee name", value: c.name, expected: "a name")
        }
        guard TimeZone(identifier: c.timeZone) != nil else {
            throw AgendaError.unknownZone(field: "time zone", value: c.timeZone)
        }
        // A bare offset is stored under its tz database name, as an event's is (`ScheduleInput`).
        if let iana = ZoneNames.canonicalOffset(c.timeZone) { c.timeZone = iana }
    }

    /// Changes a committee's fields (the code stays); an empty string clears an optional field.
    @discardableResult
    public func editCommittee(code: String, _ change: CommitteeChange) throws -> Committee {
        try write { db in
            guard var c = try Self.fetchCommittee(db, code: code) else {
                throw AgendaError.notFound(entity: "committee", key: code)
            }
            if let v = change.name { c.name = v }
            if let v = change.parent { c.parent = v.isEmpty ? nil : v }
            if let v = change.seatCity { c.seatCity = v.isEmpty ? nil : v }
            if let v = change.timeZone { c.timeZone = v }
            if let v = change.notes { c.notes = v.isEmpty ? nil : v }
            try Self.validateCommittee(&c)
            let parentID = try c.parent.map { try Self.organisationID(db, name: $0) }
            try db.execute(sql: """
                UPDATE committee SET name = ?, parent_id = ?, seat_city = ?, time_zone = ?, notes = ? WHERE id = ?
                """, arguments: [c.name, parentID, c.seatCity, c.timeZone, c.notes, c.id])
            return c
        }
    }

    /// Adds a membership; returns its id.
    @discardableResult
    public func addMembership(_ m: Membership) throws -> Int64 {
        try write { db in try Self.insertMembership(db, m) }
    }

    static func insertMembership(_ db: Database, _ m: Membership) throws -> Int64 {
        let committeeID = try Self.committeeID(db, code: m.committee)
        let stateID = try Self.stateID(db, name: m.state)
        let embassyID = try m.embassy.map { try Self.organisationID(db, name: $0) }
        if let s = m.start, let e = m.end, e < s {
            throw AgendaError.invalid(field: "membership end", value: e.description, expected: "a date on or after its start \(s)")
        }
        if let other = try Row.fetchOne(db, sql: """
            SELECT start_date, end_date FROM membership
            WHERE committee_id = ? AND state_id = ?
              AND coalesce(start_date, '0000-01-01') <= coalesce(?, '9999-12-31')
              AND coalesce(?, '0000-01-01') <= coalesce(end_date, '9999-12-31')
            """, arguments: [committeeID, stateID, m.end?.description, m.start?.description]) {
            let from: String? = other["start_date"], to: String? = other["end_date"]
            throw AgendaError.conflict(
                "\(m.state) is already a member of \(m.committee) from \(from ?? "an unknown date") to \(to ?? "now")")
        }
        var record = MembershipRecord(committeeID: committeeID, stateID: stateID, embassyID: embassyID,
                                      startDate: m.start?.description, endDate: m.end?.description)
        try record.insert(db)
        return record.id!
    }

    /// Ends a state's open membership of a committee on `date` (inclusive).
    @discardableResult
    public func endMembership(committee: String, state: String, on date: LocalDate) throws -> Membership {
        try write { db in
            let committeeID = try Self.committeeID(db, code: committee)
            let stateID = try Self.stateID(db, name: state)
            guard let row = try Row.fetchOne(db, sql: """
                SELECT id, start_date FROM membership WHERE committee_id = ? AND state_id = ? AND end_date IS NULL
                """, arguments: [committeeID, stateID]) else {
                throw AgendaError.notFound(entity: "open membership of \(committee)", key: state)
            }
            if let s: String = row["start_date"], let start = LocalDate(iso: s), date < start {
                throw AgendaError.invalid(field: "on", value: date.description, expected: "a date on or after \(start)")
            }
            let id: Int64 = row["id"]
            if let last = try String.fetchOne(db, sql: "SELECT max(end_date) FROM chair_term WHERE membership_id = ?",
                                              arguments: [id]), last > date.description {
                throw AgendaError.conflict(
                    "\(state) chairs \(committee) until \(last) by a recorded term: end the membership on or after that day, or change the term first")
            }
            try MembershipRecord.filter(key: id).updateAll(db, MembershipRecord.Columns.endDate.set(to: date.description))
            return try Self.fetchMemberships(db, committeeID: committeeID).first { $0.id == id }!
        }
    }

    // MARK: Chair terms

    /// Records a chairmanship term; rejects one that overlaps another term of the committee or whose holder is
    /// not a member. Returns the stored term (with its UID).
    @discardableResult
    public func recordChairTerm(_ term: ChairTerm) throws -> ChairTerm {
        try write { db in try Self.insertChairTerm(db, term, now: clock()) }
    }

    static func insertChairTerm(_ db: Database, _ t: ChairTerm, now: Date) throws -> ChairTerm {
        var t = t
        t.source = try TextInput.cleanOptional(t.source, field: "source")
        let committeeID = try Self.committeeID(db, code: t.committee)
        guard t.end >= t.start else {
            throw AgendaError.invalid(field: "term end", value: t.end.description, expected: "a date on or after its start \(t.start)")
        }
        if let h = t.handover, h < t.start.adding(days: -366) || h > t.end {
            throw AgendaError.invalid(field: "handover", value: h.description,
                                      expected: "a date near the term's start, before its end \(t.end)")
        }
        // The state as recorded (the member may be given by ISO code or in another case).
        let state = try String.fetchOne(db, sql: "SELECT name FROM state WHERE id = ?",
                                        arguments: [try Self.stateID(db, name: t.member)])!
        let memberships = try Self.fetchMemberships(db, committeeID: committeeID).filter { $0.state == state }
        guard !memberships.isEmpty else {
            throw AgendaError.conflict("\(t.member) is not a member of \(t.committee): add the membership first")
        }
        guard let membership = memberships.first(where: { $0.isCurrent(on: t.start) && $0.isCurrent(on: t.end) }) else {
            let spans = memberships.map { "\($0.start?.description ?? "an unknown date") to \($0.end?.description ?? "now")" }
            throw AgendaError.conflict(
                "chair term \(t.start)..\(t.end) lies outside \(state)'s membership of \(t.committee) (\(spans.joined(separator: "; ")))")
        }
        if let other = try Row.fetchOne(db, sql: """
            SELECT s.name AS member, t.start_date AS start_date, t.end_date AS end_date FROM chair_term t
            JOIN membership m ON m.id = t.membership_id JOIN state s ON s.id = m.state_id
            WHERE t.committee_id = ? AND t.start_date <= ? AND ? <= t.end_date LIMIT 1
            """, arguments: [committeeID, t.end.description, t.start.description]) {
            let name: String = other["member"], s: String = other["start_date"], e: String = other["end_date"]
            throw AgendaError.conflict(
                "chair term \(t.start)..\(t.end) overlaps the recorded term of \(name) \(s)..\(e) in \(t.committee)")
        }
        let code = try Self.committeeCode(db, code: t.committee)
        let uid = t.uid ?? ChairTerm.stableUID(committee: code, start: t.start)
        let stamp = Int(now.timeIntervalSince1970)
        var record = ChairTermRecord(committeeID: committeeID, membershipID: membership.id!, startDate: t.start.description,
                                     endDate: t.end.description, handoverDate: t.handover?.description, source: t.source,
                                     uid: uid, sequence: 0, createdAt: stamp, modifiedAt: stamp)
        try record.insert(db)
        var stored = t
        stored.id = record.id
        stored.uid = uid
        stored.embassy = membership.embassy
        stored.modified = Date(timeIntervalSince1970: TimeInterval(stamp))
        return stored
    }
}

/// Dates as sources give them: `2016`, `2020-09`, `2020-09-01`.
enum PartialDate {
    static func validate(_ text: String, field: String) throws {
        if LocalDate(iso: text) != nil { return }
        if let p = Period(iso: text), p.unit != .quarter { return }
        throw AgendaError.invalid(field: field, value: text, expected: "YYYY, YYYY-MM or YYYY-MM-DD")
    }
}

extension AgendaDatabase {
    /// Adds a member to a committee in one transaction, creating the state and the embassy when they are new.
    @discardableResult
    public func addMember(committee: String, state: String, embassy: String?, start: LocalDate?, end: LocalDate?,
                          recordedName: String? = nil) throws -> Int64 {
        let recordedName = try TextInput.cleanOptional(recordedName, field: "recorded name")
        return try write { db in
            _ = try Self.committeeID(db, code: committee)
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM state WHERE name = ? COLLATE NOCASE OR iso2 = upper(?)",
                                 arguments: [state, state]) != true {
                _ = try Self.insertState(db, StateInfo(name: state))
            }
            if let embassy, try Self.optionalOrganisationID(db, name: embassy) == nil {
                _ = try Self.insertOrganisation(db, Organisation(name: embassy, kind: .embassy, stateName: state))
            }
            let id = try Self.insertMembership(db, Membership(committee: committee, state: state, embassy: embassy,
                                                              start: start, end: end))
            if let recordedName, var record = try MembershipRecord.fetchOne(db, key: id) {
                record.recordedName = recordedName
                try record.update(db)
            }
            return id
        }
    }
}
