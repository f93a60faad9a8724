import AgendaCore
import Foundation
import GRDB
import Testing
@testable import AgendaStore

@Suite("Integrity: memberships, names, text, and what feeds tell subscribers")
struct IntegrityTests {
    func rejected(_ db: AgendaDatabase, _ expected: AgendaError, _ body: () throws -> Void) throws {
        let before = try db.dump()
        #expect(throws: expected) { try body() }
        #expect(try db.dump() == before, "nothing written")
    }

    @Test("A chair term must lie within its member's membership")
    func termWithinMembership() throws {
        let db = try seededDatabase()
        try db.addMember(committee: "ACR", state: "Brunei Darussalam", embassy: nil, start: day("2024-01-01"), end: nil)
        try rejected(db, .conflict("chair term 2023-07-01..2023-12-31 lies outside Brunei Darussalam's membership of ACR (2024-01-01 to now)")) {
            try db.recordChairTerm(ChairTerm(committee: "ACR", member: "Brunei Darussalam", start: day("2023-07-01"), end: day("2023-12-31")))
        }
        let t = try db.recordChairTerm(ChairTerm(committee: "ACR", member: "Brunei Darussalam", start: day("2024-01-01"), end: day("2024-06-30")))
        #expect(t.uid == "chair-term-acr-2024-01-01@agenda")
    }

    @Test("Ending a membership cannot orphan recorded chair terms")
    func endMembership() throws {
        let db = try seededDatabase()
        try rejected(db, .conflict("Viet Nam chairs ACR until 2023-06-30 by a recorded term: end the membership on or after that day, or change the term first")) {
            try db.endMembership(committee: "ACR", state: "Viet Nam", on: day("2023-03-01"))
        }
        #expect(try db.endMembership(committee: "ACR", state: "Viet Nam", on: day("2023-06-30")).end == day("2023-06-30"))
    }

    @Test("The schema backs the membership rule when SQL bypasses the store")
    func schemaBackstop() throws {
        let db = try seededDatabase()
        let error = #expect(throws: DatabaseError.self) {
            try db.writer.write { try $0.execute(sql: "UPDATE membership SET end_date = '2023-01-31' WHERE state_id = (SELECT id FROM state WHERE name = 'Viet Nam')") }
        }
        #expect(error?.message == "membership would no longer cover its recorded chair terms")
    }

    @Test("A name typed with combining marks is the same name (stored in NFC)")
    func normalisedNames() throws {
        let db = try seededDatabase()
        let composed = "Nguyễn Thị Hà"
        let decomposed = composed.decomposedStringWithCanonicalMapping
        #expect(composed.unicodeScalars.count != decomposed.unicodeScalars.count)
        try db.addPerson(Person(name: composed))
        try rejected(db, .duplicate(entity: "person", key: composed)) { try db.addPerson(Person(name: decomposed)) }
        #expect(try db.person(decomposed).name.unicodeScalars.elementsEqual(composed.unicodeScalars))
    }

    @Test("NUL and other control characters are refused with the field named, never truncated", arguments: [
        ("Bad\u{0}title", "U+0000"), ("Evil \u{1B}[2J title", "U+001B"), ("Bell\u{7}", "U+0007"), ("C1 \u{9B}31m", "U+009B"),
    ])
    func controlCharacters(title: String, code: String) throws {
        let db = try seededDatabase()
        do {
            try db.addEvent(event(title, period("2023-10")))
            Issue.record("accepted \(title.debugDescription)")
        } catch let AgendaError.invalid(field, _, expected) {
            #expect(field == "title")
            #expect(expected.contains(code))
        }
        var scenario = try AgendaDatabase.embeddedScenario()
        scenario.events[0].title = title
        scenario.events[0].uid = "fresh-uid-\(code)"
        let before = try db.dump()
        do {
            try db.load(scenario)
            Issue.record("loaded \(title.debugDescription)")
        } catch let AgendaError.at(place, .invalid(field, _, expected)) {
            // Said with the event's place in the scenario.
            #expect(place == "at .events[0] (UID fresh-uid-\(code))")
            #expect(field == "title")
            #expect(expected.contains(code))
        }
        #expect(try db.dump() == before)
    }

    @Test("Multi-line notes keep their line breaks; blank optional text is dropped")
    func notes() throws {
        let db = try seededDatabase()
        var e = event("Briefing", period("2023-11"))
        e.notes = "line one\nline two"
        e.location = "   "
        let stored = try db.addEvent(e)
        #expect(try db.event(String(stored.id!)).notes == "line one\nline two")
        #expect(try db.event(String(stored.id!)).location == nil)
    }

    @Test("A handover raises the closed term's SEQUENCE, and the term carries it")
    func handoverSequence() throws {
        let db = try seededDatabase()
        try db.handover(committee: "ACR", to: "Indonesia", on: day("2023-06-15"), source: "test")
        let viet = try #require(try db.chairTerms("ACR").first { $0.member == "Viet Nam" && $0.start == day("2023-01-01") })
        #expect(viet.end == day("2023-06-14"))
        #expect(viet.sequence == 1)
    }

    @Test("Projected terms: stable UIDs, SEQUENCE rising with the rotation, DTSTAMP from the store's clock; recording one keeps its UID")
    func projectedTerms() throws {
        let db = try seededDatabase()
        let before = try db.projectedTerms("ACR", from: day("2023-07-01"), until: day("2024-12-31"))
        let first = try #require(before.first)
        #expect(first.origin == .projected)
        #expect(first.uid == "chair-term-acr-2023-07-01@agenda")
        // A rotation change (a skipped turn) changes holders: the SEQUENCE rises.
        try db.addException(RotationException(kind: .skip, committee: "ACR", member: first.member, date: day("2023-07-01")))
        let after = try db.projectedTerms("ACR", from: day("2023-07-01"), until: day("2024-12-31"))
        #expect(after.first?.member != first.member)
        #expect(after.first!.sequence > first.sequence)
        // DTSTAMP is the store's clock at the change (`AGENDA_NOW` in the CLI), not SQLite's.
        #expect(first.modified == fixedNow && after.first!.modified == fixedNow)
        let recorded = try db.recordChairTerm(ChairTerm(committee: "ACR", member: after.first!.member,
                                                        start: after.first!.start, end: after.first!.end))
        #expect(recorded.uid == after.first!.uid)
    }

    @Test("A rotation change by another program is stamped with SQLite's clock; the store's own with its clock")
    func rotationStampOutsideStore() throws {
        let path = temporaryPath("stamp")
        let db = try AgendaDatabase.open(path: path, access: .write, clock: { fixedNow })
        try db.load(AgendaDatabase.embeddedScenario())
        try db.close()
        let stamp = { (q: DatabaseQueue) in
            try q.read { try Int.fetchOne($0, sql: "SELECT rotation_modified_at FROM committee WHERE code = 'ACR'") }!
        }
        let other = try DatabaseQueue(path: path)
        #expect(try stamp(other) == Int(fixedNow.timeIntervalSince1970))
        try other.write { try $0.execute(sql: "UPDATE chair_term SET source = 'another program' WHERE id = (SELECT min(id) FROM chair_term)") }
        #expect(abs(try stamp(other) - Int(Date().timeIntervalSince1970)) < 600)
        try other.close()
    }

    @Test("A DST-repeated wall time is stored and read back as the same instant")
    func repeatedTimeRoundTrip() throws {
        let db = try seededDatabase()
        let r = try ScheduleInput(start: "2023-11-05T01:30-05:00", end: "+1h", timeZone: "America/New_York")
            .resolve(now: fixedNow, defaultZone: "UTC")
        let stored = try db.addEvent(event("Second 01:30", r.schedule))
        let back = try db.event(stored.uid)
        #expect(back.schedule.utcSpan == r.schedule.utcSpan)
        #expect(back.schedule.utcSpan.lowerBound == 1_699_165_800)  // 2023-11-05T06:30:00Z
    }
}
