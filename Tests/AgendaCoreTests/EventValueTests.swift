import AgendaCore
import Foundation
import ICalendar
import Testing

@Suite("An event is a value: copies share storage until one changes, and a change never reaches another copy")
struct EventValueTests {
    static func meeting() throws -> Event {
        let start = LocalDateTime(date: LocalDate(year: 2023, month: 2, day: 20)!, hour: 10, minute: 30)!
        let end = LocalDateTime(date: LocalDate(year: 2023, month: 2, day: 20)!, hour: 12, minute: 0)!
        return Event(id: 7, uid: "acr-2023-02-20", kind: .meeting, title: "Họp Ủy ban ASEAN tại Rome",
                     schedule: try Schedule(.timed(start: start, end: end), timeZone: "Europe/Rome"),
                     status: .confirmed, location: "Rome", participants: [Participant(.person("Romano Prodi"))],
                     topics: ["Đối thoại"], series: Series(rule: try RecurrenceRule(parsing: "FREQ=MONTHLY;COUNT=3")))
    }

    @Test("Changing a copy, field by field and in place, leaves the original as it was")
    func copiesAreIndependent() throws {
        let original = try Self.meeting()
        var copy = original
        #expect(copy == original)
        copy.title = "ACR meeting"
        copy.topics.append("Space")
        copy.series?.rdates.append("2023-06-20T10:30:00")
        copy.schedule.timeZone = "Asia/Bangkok"
        copy.participants[0].role = "host"
        copy.occurrence = nil
        #expect(original.title == "Họp Ủy ban ASEAN tại Rome")
        #expect(original.topics == ["Đối thoại"])
        #expect(original.series?.rdates == [])
        #expect(original.schedule.timeZone == "Europe/Rome")
        #expect(original.participants[0].role == nil)
        #expect(copy != original)
        // Copies held in an array change alone too.
        var list = [original, original]
        list[1].location = "Bangkok"
        list[0].series = nil
        #expect(list[1].location == "Bangkok" && list[0].location == "Rome" && original.location == "Rome")
        #expect(list[1].series != nil && original.series != nil)
    }

    @Test("Equal fields make equal events with equal hashes, however they were built")
    func equalityFollowsFields() throws {
        let a = try Self.meeting(), b = try Self.meeting()
        #expect(a == b && a.hashValue == b.hashValue)
        var c = b
        c.sequence += 1
        #expect(c != b)
        c.sequence -= 1
        #expect(c == b && c.hashValue == b.hashValue)
        #expect(Set([a, b, c]).count == 1)
    }
}
