import AgendaCore
import Foundation
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

    @Test("The schema rejects overlapping terms even when the store's check is bypassed")
    func schemaBackstop() throws {
        let db = try seededDatabase()
        let before = try db.dump()
        #expect(throws: (any Error).self) {
            try db.writer.write { conn in
                try conn.execute(sql: """
                    INSERT INTO chair_term(committee_id, membership_id, start_date, end_date, uid, created_at, modified_at)
                    SELECT committee_id, id, '2023-03-01', '2023-03-31', 'x-overlap-test', 0, 0 FROM membership LIMIT 1
                    """)
            }
        }
        #expect(try db.dump() == before)
        #expect(throws: (any Error).self) {
            try db.writer.write { conn in
                try conn.execute(sql: "UPDATE event SET status = 'maybe' WHERE id = 1")
            }
        }
        #expect(throws: (any Error).self) {
            try db.writer.write { conn in
                try conn.execute(sql: "INSERT INTO membership(committee_id, state_id, start_date) VALUES (1, 1, '2023-02-30')")
            }
        }
        #expect(try db.dump() == before)
    }

    @Test("Terms held by non-members, reversed terms, unknown committees")
    func badTerms() throws {
        let db = try seededDatabase()
        try expectRejected(db, containing: "Italy is not a member of ACR") {
            try db.recordChairTerm(ChairTerm(committee: "ACR", member: "Italy", start: day("2024-01-01"), end: day("2024-06-30")))
        }
        try expectRejected(db, containing: "invalid to '2024-01-01'") {
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
