import AgendaCore
import Foundation
import GRDB
import Testing
@testable import AgendaStore

/// Each rejected write leaves the database exactly as it was.
@Suite("Invariants are enforced and nothing is written on rejection")
struct InvariantTests {
    func expectRejected(_ db: AgendaDatabase, containing text: String, _ body: () throws -> Void) throws {
        let before = try db.dump()
        do {
            try body()
            Issue.record("accepted a write that should be rejected (\(text))")
        } catch let e as AgendaError {
            #expect(e.description.contains(text), "message was: \(e.description)")
        }
        #expect(try db.dump() == before)
    }

    @Test("Duplicate committee codes, case-insensitively")
    func duplicateCommittee() throws {
        let db = try seededDatabase()
        try expectRejected(db, containing: "committee 'acr' already exists") {
            try db.addCommittee(Committee(code: "acr", name: "Again", timeZone: "Europe/Rome"))
        }
    }

    @Test("Bad committee code and unknown time zone")
    func badCommittee() throws {
        let db = try seededDatabase()
        try expectRejected(db, containing: "invalid committee code 'A C R'") {
            try db.addCommittee(Committee(code: "A C R", name: "x", timeZone: "Europe/Rome"))
        }
        try expectRejected(db, containing: "invalid time zone 'Europe/Roma'") {
            try db.addCommittee(Committee(code: "XYZ", name: "x", timeZone: "Europe/Roma"))
        }
    }

    @Test("Overlapping chair terms of one committee")
    func overlappingTerms() throws {
        let db = try seededDatabase()
        try expectRejected(db, containing: "overlaps the recorded term of Viet Nam 2023-01-01..2023-06-30") {
            try db.recordChairTerm(ChairTerm(committee: "ACR", member: "Thailand", start: day("2023-06-30"), end: day("2023-12-31")))
        }
        // Adjacent is fine.
        try db.recordChairTerm(ChairTerm(committee: "ACR", member: "Thailand", start: day("2023-07-01"), end: day("2023-12-31")))
        #expect(try db.chair("ACR", on: day("2023-07-01"))?.member == "Thailand")
    }

    /// Runs raw SQL that bypasses the store and returns the constraint message SQLite gave.
    func refusal(_ db: AgendaDatabase, _ sql: String) throws -> String {
        do {
            try db.writer.write { try $0.execute(sql: sql) }
            Issue.record("the schema accepted: \(sql)")
            return ""
        } catch let e as DatabaseError {
            return e.message ?? ""
        }
    }

    @Test("The schema's backstops fire, each for its own rule, when the store's checks are bypassed", arguments: [
        ("""
         INSERT INTO chair_term(committee_id, membership_id, start_date, end_date, uid, created_at, modified_at)
         SELECT committee_id, id, '2023-03-01', '2023-03-31', 'x-overlap-test', 0, 0 FROM membership
         WHERE state_id = (SELECT id FROM state WHERE name = 'Viet Nam')
         """, "chair term overlaps an existing term of the same committee"),
        ("UPDATE event SET status = 'maybe' WHERE id = 1", "CHECK constraint failed: status = 'tentative' OR"),
        ("""
         UPDATE membership SET start_date = '2023-02-30'
         WHERE id = (SELECT max(id) FROM membership WHERE id NOT IN (SELECT membership_id FROM chair_term))
         """, "membership date does not exist in the calendar"),
        ("UPDATE chair_term SET end_date = '2023-06-31' WHERE id = 1", "chair term date does not exist in the calendar"),
        ("UPDATE event SET local_start = '2023-02-29', local_end = '2023-02-29' WHERE precision = 'date'", "CHECK constraint failed"),
        ("UPDATE event SET span_end = span_start WHERE id = 1", "CHECK constraint failed: span_end > span_start"),
        ("UPDATE event SET span_class = 9 WHERE id = 1", "CHECK constraint failed: span_class = CASE"),
        ("UPDATE event SET wall_fold = 1 WHERE id = 4", "CHECK constraint failed: precision = 'timed' OR wall_fold = 0"),
        ("""
         UPDATE membership SET end_date = '2023-01-31' WHERE state_id = (SELECT id FROM state WHERE name = 'Viet Nam')
         """, "membership would no longer cover its recorded chair terms"),
        ("INSERT INTO committee(code, name, time_zone) VALUES ('acr', 'again', 'Europe/Rome')", "UNIQUE constraint failed: committee.code"),
    ])
    func schemaBackstops(sql: String, constraint: String) throws {
        let db = try seededDatabase()
        let before = try db.dump()
        let message = try refusal(db, sql)
        #expect(message.contains(constraint), "\(message)")
        #expect(try db.dump() == before)
    }

    @Test("Terms held by non-members, reversed terms, unknown committees")
    func badTerms() throws {
        let db = try seededDatabase()
        try expectRejected(db, containing: "Italy is not a member of ACR") {
            try db.recordChairTerm(ChairTerm(committee: "ACR", member: "Italy", start: day("2024-01-01"), end: day("2024-06-30")))
        }
        try expectRejected(db, containing: "invalid term end '2024-01-01': expected a date on or after its start 2024-06-30") {
            try db.recordChairTerm(ChairTerm(committee: "ACR", member: "Thailand", start: day("2024-06-30"), end: day("2024-01-01")))
        }
        try expectRejected(db, containing: "no committee 'XYZ'") {
            try db.recordChairTerm(ChairTerm(committee: "XYZ", member: "Thailand", start: day("2024-01-01"), end: day("2024-06-30")))
        }
    }

    @Test("Events: unknown committee, chair or participant; duplicate UID; empty title")
    func badEvents() throws {
        let db = try seededDatabase()
        try expectRejected(db, containing: "no committee 'NOPE'") {
            try db.addEvent(event("x", allDay("2023-05-01"), committee: "NOPE"))
        }
        var e = event("x", allDay("2023-05-01"))
        e.chair = "Nobody Known"
        try expectRejected(db, containing: "no person 'Nobody Known'") { try db.addEvent(e) }
        e.chair = nil
        e.participants = [Participant(.person("Ghost"))]
        try expectRejected(db, containing: "no person or organisation 'Ghost'") { try db.addEvent(e) }
        try expectRejected(db, containing: "already exists") {
            try db.addEvent(Event(uid: "5cf93332-185f-484c-8fbc-6d93a6b6b258", kind: .other, title: "dup",
                                  schedule: allDay("2023-05-01"), status: .confirmed))
        }
        try expectRejected(db, containing: "invalid title") { try db.addEvent(event("   ", allDay("2023-05-01"))) }
    }

    @Test("Overlapping memberships of the same state")
    func overlappingMembership() throws {
        let db = try seededDatabase()
        try expectRejected(db, containing: "Viet Nam is already a member of ACR") {
            try db.addMembership(Membership(committee: "ACR", state: "Viet Nam", start: day("2024-01-01")))
        }
    }

    @Test("Cancelling twice is refused; postponing a cancelled event too")
    func cancelTwice() throws {
        let db = try seededDatabase()
        let e = try db.cancelEvent("3")
        #expect(e.status == .cancelled)
        try expectRejected(db, containing: "already cancelled") { try db.cancelEvent("3") }
        try expectRejected(db, containing: "cannot be postponed") { try db.postponeEvent("3", to: ScheduleInput(start: "2024-Q1")) }
    }
}
