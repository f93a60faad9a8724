import Foundation
import ICalendar
import Testing
@testable import AgendaCore

private func event(_ start: String, end: String? = nil, zone: String = "Europe/Rome", status: EventStatus = .confirmed,
                   kind: EventKind = .meeting) throws -> Event {
    let s = try ScheduleInput(start: start, end: end, timeZone: zone).resolve(now: Date(), defaultZone: zone).schedule
    return Event(uid: "uid-feed-mapping", kind: kind, title: "ACR meeting", schedule: s, status: status)
}

private func lines(_ e: Event) -> [String] {
    var bytes: [UInt8] = []
    var w = ICalendarWriter { bytes += $0 }
    try! Feed.write(e, to: &w)
    try! w.flush()
    return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
}

@Suite("Mapping events onto iCalendar")
struct FeedMappingTests {
    @Test("Summary marks imprecise dates and cancellations; status and transparency follow the event", arguments: [
        ("2023-02-20 10:30", EventStatus.confirmed, "ACR meeting", "CONFIRMED", "OPAQUE"),
        ("2023-02-20 10:30", .tentative, "ACR meeting", "TENTATIVE", "OPAQUE"),
        ("2023-02-20 10:30", .postponed, "ACR meeting (postponed)", "TENTATIVE", "OPAQUE"),
        ("2023-02-20 10:30", .cancelled, "Cancelled: ACR meeting", "CANCELLED", "TRANSPARENT"),
        ("2023-10", .tentative, "ACR meeting (date TBC: Oct 2023)", "TENTATIVE", "TRANSPARENT"),
        ("2023-Q4", .confirmed, "ACR meeting (date TBC: 2023-Q4)", "CONFIRMED", "TRANSPARENT"),
        ("2023-02-20", .confirmed, "ACR meeting", "CONFIRMED", "OPAQUE"),
    ])
    func summaryStatus(start: String, status: EventStatus, summary: String, icalStatus: String, transp: String) throws {
        let l = lines(try event(start, status: status))
        #expect(l.contains("SUMMARY:\(summary)"))
        #expect(l.contains("STATUS:\(icalStatus)"))
        #expect(l.contains("TRANSP:\(transp)"))
    }

    @Test("Times: zoned wall times, all-day with an exclusive end, a month as its whole span")
    func times() throws {
        #expect(lines(try event("2023-02-20 10:30", end: "+90m")).contains("DTSTART;TZID=Europe/Rome:20230220T103000"))
        let day = lines(try event("2023-02-20", end: "2023-02-21"))
        #expect(day.contains("DTSTART;VALUE=DATE:20230220") && day.contains("DTEND;VALUE=DATE:20230222"))
        let month = lines(try event("2023-10", zone: "Asia/Bangkok"))
        #expect(month.contains("DTSTART;VALUE=DATE:20231001") && month.contains("DTEND;VALUE=DATE:20231101"))
        #expect(month.contains("X-AGENDA-PRECISION:month") && month.contains("X-AGENDA-PERIOD:2023-10"))
    }

    @Test("The second of two repeated wall times is written in UTC, so no reader takes the first")
    func repeatedTime() throws {
        let l = lines(try event("2023-11-05T01:30-05:00", end: "+30m", zone: "America/New_York"))
        #expect(l.contains("DTSTART:20231105T063000Z"), "\(l)")
        #expect(l.contains("DTEND:20231105T070000Z"))
    }

    @Test("Description: the period in words, status, participants, notes; blank notes and locations left out")
    func description() throws {
        var e = try event("2023-10", status: .tentative)
        e.participants = [Participant(.person("Romano Prodi"), role: "guest", title: "President, Italy-ASEAN Association")]
        e.notes = "   "
        e.location = " \t "
        let text = Feed.description(e)
        #expect(text.contains("Date known only to the month: October 2023. The day is not yet fixed."))
        #expect(text.contains("Status: tentative"))
        #expect(text.contains("- Romano Prodi (President, Italy-ASEAN Association) — guest"))
        #expect(!text.hasSuffix("   "))
        #expect(!lines(e).contains { $0.hasPrefix("LOCATION") })
    }
}

/// The VEVENT our feed writes for `e`, read back by the agenda's own import mapping.
private func readBack(_ e: Event, edit: (String) -> String = { $0 }) throws -> FeedReading.Reading {
    var bytes: [UInt8] = []
    var w = ICalendarWriter { bytes += $0 }
    try w.begin("VCALENDAR")
    try Feed.write(e, to: &w)
    try w.end("VCALENDAR")
    try w.flush()
    var reader = ICalendarReader()
    var events: [ICalendarReader.RawComponent] = []
    let text = edit(String(decoding: bytes, as: UTF8.self))
    try reader.read(Array(text.utf8)) { c in if c.name == "VEVENT" { events.append(c) } }
    try reader.finish { c in if c.name == "VEVENT" { events.append(c) } }
    let c = try #require(events.first)
    return try FeedReading.event(from: c, context: FeedReading.Context(now: Date())).get()
}

@Suite("Notes travel once, inside DESCRIPTION")
struct FeedNotesTests {
    static let awkwardNotes = [
        "Bring the credentials.",
        "Two paragraphs.\n\nThe second one; with, escapes\\ and Vietnamese: Đối thoại cấp cao.",
        "Status: confirmed\nTopics:\n- lines that look like the ones the feed composes",
        "Ends like the source line\nSource: not the source",
        "\u{301}a combining mark first, then a trailing space ",
    ]

    @Test("Notes are written once and come back exactly, with every field that surrounds them", arguments: awkwardNotes)
    func roundTrip(notes: String) throws {
        var e = try event("2023-02-20 10:00", end: "2023-02-20 12:00")
        e.altTitle = "Cuộc họp ACR"
        e.committee = "ACR"
        e.chair = "Duong Hai Hung"
        e.participants = [Participant(.person("Romano Prodi"), role: "guest", title: "President")]
        e.topics = ["Dialogue", "Space"]
        e.notes = notes
        e.source = "https://example.org/article"
        let written = lines(e)
        #expect(!written.contains { $0.hasPrefix("X-AGENDA-NOTES") })
        let reading = try readBack(e)
        #expect(reading.event.notes == notes)
        #expect(reading.event.source == e.source)
        #expect(reading.notes.isEmpty)
    }

    @Test("No notes, and a month-precision event: nothing is invented")
    func noNotes() throws {
        var e = try event("2023-10", status: .tentative)
        e.source = "Source: twice"
        let reading = try readBack(e)
        #expect(reading.event.notes == nil)
        #expect(reading.event.source == "Source: twice")
    }

    @Test("A DESCRIPTION edited by a client is kept whole as the notes, and the reading says so")
    func editedDescription() throws {
        var e = try event("2023-02-20 10:00")
        e.notes = "Original notes"
        let reading = try readBack(e) { $0.replacingOccurrences(of: "DESCRIPTION:Status: confirmed", with: "DESCRIPTION:Edited\\nStatus: confirmed") }
        #expect(reading.event.notes == "Edited\nStatus: confirmed\nOriginal notes")
        #expect(reading.notes.contains("DESCRIPTION is not as the agenda wrote it: kept whole as the notes"))
    }

    @Test("Feeds written before the change (notes also as X-AGENDA-NOTES) still read their notes from it")
    func olderFeeds() throws {
        var e = try event("2023-02-20 10:00")
        e.notes = "Original notes"
        let reading = try readBack(e) {
            $0.replacingOccurrences(of: "X-AGENDA-STATUS:confirmed\r\n", with: "X-AGENDA-STATUS:confirmed\r\nX-AGENDA-NOTES:Kept here\\, once\r\n")
        }
        #expect(reading.event.notes == "Kept here, once")
    }
}
