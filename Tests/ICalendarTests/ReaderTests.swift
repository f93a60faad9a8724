import Foundation
import Testing
@testable import ICalendar
import TestScratch

/// Reads `text` whole; the components below VCALENDAR and the reader's deviations.
private func read(_ text: String, mode: ICalendarReader.Mode = .lenient, pieces: Int = 1) throws
    -> (components: [ICalendarReader.RawComponent], calendar: [ICalendarReader.ContentLine], deviations: [ICalendarReader.Deviation]) {
    var reader = ICalendarReader(mode: mode)
    var out: [ICalendarReader.RawComponent] = []
    let bytes = Array(text.utf8)
    // Fed in `pieces` slices, so lines cut across reads are read the same.
    let size = max(1, (bytes.count + pieces - 1) / pieces)
    var i = 0
    while i < bytes.count {
        try reader.read(Array(bytes[i..<min(bytes.count, i + size)])) { out.append($0) }
        i += size
    }
    try reader.finish { out.append($0) }
    return (out, reader.calendarLines, reader.deviations)
}

private let event = """
    BEGIN:VCALENDAR\r
    VERSION:2.0\r
    PRODID:-//Test//EN\r
    BEGIN:VEVENT\r
    UID:1@x\r
    SUMMARY:Đối thoại cấp cao\\, Bangkok\\; 2023\r
    DESCRIPTION:line one\\nline tw\r
     o ends here\r
    LOCATION;ALTREP="http://x.example/a:b;c,d";LANGUAGE=vi:Hà Nội\r
    ATTENDEE;CN="Prodi, Romano";X-NOTE=say ^'hi^'^nthere ^^:mailto:p@x.example\r
    DTSTART;TZID=Europe/Rome:20230220T103000\r
    DTEND;TZID=Europe/Rome:20230220T120000\r
    END:VEVENT\r
    END:VCALENDAR\r

    """

@Suite("Reading iCalendar")
struct ReaderTests {
    @Test("Each component directly in a VCALENDAR carries that calendar's METHOD (iTIP), none when it has none; nested ones do not")
    func methods() throws {
        func calendar(_ method: String?, _ uid: String) -> String {
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + (method.map { "METHOD:\($0)\r\n" } ?? "")
                + "BEGIN:VEVENT\r\nUID:\(uid)\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        }
        // Three calendars in one file (as mail clients save iTIP messages), read whole and in small pieces.
        let text = calendar("REQUEST", "a") + calendar(nil, "b") + calendar("reply", "c")
        for pieces in [1, 7] {
            let (components, _, _) = try read(text, pieces: pieces)
            #expect(components.map(\.method) == ["REQUEST", nil, "REPLY"])
            #expect(components.allSatisfy { $0.components.allSatisfy { $0.method == nil } })
        }
    }

    @Test("Content lines: folding, quoted parameters with : ; , inside, RFC 6868 carets, TEXT escapes", arguments: [1, 3, 17, 400])
    func contentLines(pieces: Int) throws {
        let (components, calendar, deviations) = try read(event, pieces: pieces)
        #expect(deviations == [])
        #expect(calendar.map(\.name) == ["VERSION", "PRODID"])
        let e = try #require(components.first)
        #expect(components.count == 1 && e.name == "VEVENT" && e.line == 4)
        #expect(e.first("SUMMARY")?.text == "Đối thoại cấp cao, Bangkok; 2023")
        #expect(e.first("DESCRIPTION")?.text == "line one\nline two ends here")
        let location = try #require(e.first("LOCATION"))
        #expect(location.parameter("ALTREP") == "http://x.example/a:b;c,d")
        #expect(location.parameter("LANGUAGE") == "vi")
        #expect(location.text == "Hà Nội")
        let attendee = try #require(e.first("ATTENDEE"))
        #expect(attendee.parameter("CN") == "Prodi, Romano")
        #expect(attendee.parameter("X-NOTE") == "say \"hi\"\nthere ^")
        #expect(attendee.value == "mailto:p@x.example")
        #expect(e.first("DTSTART")?.dateOrDateTime == .dateTime(DateTimeValue(date: DateValue(year: 2023, month: 2, day: 20),
                                                                              hour: 10, minute: 30, form: .zoned("Europe/Rome"))))
    }

    @Test("Names in any case; a line with bytes that are not UTF-8 after Vietnamese text; escapes at the edges")
    func namesBytesAndEscapes() throws {
        var bytes = Array("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nuid:1@x\r\nSummary;language=vi:Hà Nội\\, Việt Nam\\nhết\r\n".utf8)
        bytes += Array("LOCATION;X-NOTE=\"Đà Nẵng\":Sai ".utf8) + [0xFF, 0xC3] + Array(" byte\r\n".utf8)
        bytes += Array("DESCRIPTION:a\\\\nb \\x \\é \\N end\\\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".utf8)
        var reader = ICalendarReader()
        var components: [ICalendarReader.RawComponent] = []
        try reader.read(bytes) { components.append($0) }
        try reader.finish { components.append($0) }
        let e = try #require(components.first)
        #expect(e.lines.map(\.name) == ["UID", "SUMMARY", "LOCATION", "DESCRIPTION"])
        #expect(e.first("SUMMARY")?.parameter("LANGUAGE") == "vi")
        #expect(e.first("SUMMARY")?.text == "Hà Nội, Việt Nam\nhết")
        #expect(e.first("LOCATION")?.parameter("X-NOTE") == "Đà Nẵng")
        #expect(e.first("LOCATION")?.value == "Sai \u{FFFD}\u{FFFD} byte")
        #expect(reader.deviations.map(\.message) == ["bytes that are not UTF-8 (replaced by U+FFFD)"])
        #expect(reader.deviations.first?.line == 5)
        // An escaped backslash before n, unknown escapes (ASCII or not) kept, \N a line break, a final backslash kept.
        #expect(e.first("DESCRIPTION")?.text == "a\\nb \\x \\é \n end\\")
        var strict = ICalendarReader(mode: .strict)
        #expect(throws: ICalendarReader.ReadError(line: 5, message: "bytes that are not UTF-8 (replaced by U+FFFD)")) {
            try strict.read(bytes) { _ in }
        }
    }

    @Test("Bare LF line ends and tab folding are read, and reported once; strict mode refuses them with the line")
    func bareLineFeeds() throws {
        let text = event.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n o ends", with: "\n\to ends")
        let (components, _, deviations) = try read(text)
        #expect(components.first?.first("DESCRIPTION")?.text == "line one\nline two ends here")
        #expect(deviations.map(\.message) == ["lines end in LF alone, not CRLF"])
        #expect(deviations.first?.line == 1)
        #expect(throws: ICalendarReader.ReadError(line: 1, message: "lines end in LF alone, not CRLF")) { try read(text, mode: .strict) }
        #expect(try read(event, mode: .strict).components.count == 1)
    }

    @Test("Deviations are reported once each with the first line and a count; strict mode stops at the first")
    func deviations() throws {
        let text = """
            BEGIN:VCALENDAR\r
            BEGIN:VEVENT\r
            UID:a\r
            this line has no colon\r
            and neither has this\r
            END:VTODO\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            UID:b\r

            """
        let (components, _, deviations) = try read(text)
        #expect(components.map { $0.first("UID")?.value } == ["a", "b"])
        #expect(deviations.map(\.message) == ["a line that is not NAME:VALUE (skipped)", "END:VTODO without its BEGIN (ignored)",
                                              "the file ends inside VCALENDAR, VEVENT (no END)"])
        #expect(deviations.map(\.line) == [4, 6, 9])
        #expect(deviations.map(\.count) == [2, 1, 1])
        #expect(throws: ICalendarReader.ReadError(line: 4, message: "a line that is not NAME:VALUE (skipped)")) {
            try read(text, mode: .strict)
        }
    }

    @Test("Lines ending in CR alone (classic Mac OS) are read, reported once, wherever the pieces are cut; UTF-16 is refused by name")
    func carriageReturnsAlone() throws {
        let text = "BEGIN:VCALENDAR\rVERSION:2.0\rBEGIN:VEVENT\rUID:a\rSUMMARY:Ngày làm việc\rEND:VEVENT\rBEGIN:VEVENT\rUID:b\r"
            + " folded\rEND:VEVENT\rEND:VCALENDAR\r"
        for pieces in [1, 2, 3, 5, 8, 13, 16, 40, text.utf8.count] {
            let (components, calendar, deviations) = try read(text, pieces: pieces)
            #expect(components.map { $0.first("UID")?.value } == ["a", "bfolded"], "\(pieces) pieces")
            #expect(components.first?.first("SUMMARY")?.value == "Ngày làm việc")
            #expect(calendar.map(\.name) == ["VERSION"])
            #expect(deviations.map(\.message) == ["lines end in CR alone (classic Mac OS), not CRLF"], "\(pieces) pieces")
            #expect(deviations.map(\.count) == [1])
        }
        #expect(throws: ICalendarReader.ReadError(line: 1, message: "lines end in CR alone (classic Mac OS), not CRLF")) {
            try read(text, mode: .strict)
        }
        // CRLF cut between its CR and its LF is still CRLF.
        let crlf = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        for pieces in 1...crlf.utf8.count {
            let (components, _, deviations) = try read(crlf, pieces: pieces)
            #expect(components.count == 1 && deviations.isEmpty, "\(pieces) pieces")
        }
        var utf16 = ICalendarReader()
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("BEGIN:VCALENDAR\r\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(throws: ICalendarReader.ReadError(line: 1, message: "the file is UTF-16 (it starts with a UTF-16 byte order mark); iCalendar is UTF-8: save it as UTF-8")) {
            try utf16.read(bytes) { _ in }
        }
    }

    @Test("A byte order mark and a misspelt END are read past, each reported; strict mode stops at them")
    func byteOrderMarkAndMisspeltEnd() throws {
        // Windows programs start UTF-8 text with EF BB BF (icalendar's test calendar bom_calendar.ics).
        let bom = "\u{FEFF}BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        let (withMark, _, markDeviations) = try read(bom)
        #expect(withMark.map { $0.first("UID")?.value } == ["a"])
        #expect(markDeviations.map(\.message) == ["a UTF-8 byte order mark before the first line (skipped)"])
        #expect(markDeviations.map(\.line) == [1])
        #expect(throws: ICalendarReader.ReadError(line: 1, message: "a UTF-8 byte order mark before the first line (skipped)")) {
            try read(bom, mode: .strict)
        }
        // `END:VTOOD` (recurring-ical-events' issue_201_test_matrix.ics): ignoring it left the VTODO open, and the
        // events after it were read as parts of the to-do. It closes the VTODO; a stray END of a component RFC 5545
        // defines is still ignored.
        let misspelt = """
            BEGIN:VCALENDAR\r
            BEGIN:VTODO\r
            UID:t\r
            END:VTOOD\r
            BEGIN:VEVENT\r
            UID:a\r
            END:VALARM\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            UID:b\r
            END:VEVENT\r
            END:VCALENDAR\r

            """
        let (components, _, deviations) = try read(misspelt)
        #expect(components.map(\.name) == ["VTODO", "VEVENT", "VEVENT"])
        #expect(components.map { $0.first("UID")?.value } == ["t", "a", "b"])
        #expect(deviations.map(\.message) == ["END:VTOOD names no open component: read as END:VTODO",
                                              "END:VALARM without its BEGIN (ignored)"])
        #expect(deviations.map(\.line) == [4, 7])
        #expect(throws: ICalendarReader.ReadError(line: 4, message: "END:VTOOD names no open component: read as END:VTODO")) {
            try read(misspelt, mode: .strict)
        }
    }

    @Test("Not iCalendar at all is an error in either mode")
    func notICalendar() throws {
        for text in ["", "hello\r\n", "{\"json\": true}", "SUMMARY:x\r\n"] {
            #expect(throws: ICalendarReader.ReadError.self) { try read(text) }
        }
    }

    @Test("Hostile input meets limits with a clear error, not a hang or a crash")
    func limits() throws {
        let long = "BEGIN:VCALENDAR\r\nX-A:" + String(repeating: "a", count: ICalendarReader.maximumLineOctets + 1) + "\r\n"
        #expect(throws: ICalendarReader.ReadError.self) { try read(long, pieces: 7) }
        let folded = "BEGIN:VCALENDAR\r\nX-A:a\r\n" + String(repeating: " aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n", count: 20_000)
        #expect(throws: ICalendarReader.ReadError.self) { try read(folded) }
        let deep = "BEGIN:VCALENDAR\r\n" + String(repeating: "BEGIN:X\r\n", count: 100)
        #expect(throws: ICalendarReader.ReadError(line: 17, message: "components nested deeper than 16")) { try read(deep) }
        let many = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n" + String(repeating: "X-A:b\r\n", count: ICalendarReader.maximumProperties + 1)
        #expect(throws: ICalendarReader.ReadError.self) { try read(many) }
    }

    @Test("What our writer writes reads back to the same values")
    func writerRoundTrip() throws {
        let texts = ["plain", "a,b;c\\d", "line1\nline2", "Đối thoại 😀 " + String(repeating: "ệ", count: 80), ""]
        var component = Component("VEVENT")
        for (i, t) in texts.enumerated() { component.properties.append(.text("X-T\(i)", t)) }
        component.properties.append(Property("CATEGORIES", .textList(["meeting", "A,B", "C;D"])))
        component.properties.append(Property("X-P", .raw("v"), parameters: [Parameter("CN", "Prodi, Romano \"R\"\nline ^")]))
        var calendar = Component("VCALENDAR")
        calendar.components = [component]
        let (components, _, deviations) = try read(try ICalendarWriter.string(calendar), mode: .strict)
        #expect(deviations == [])
        let e = try #require(components.first)
        for (i, t) in texts.enumerated() { #expect(e.first("X-T\(i)")?.text == t) }
        #expect(e.first("CATEGORIES")?.textList == ["meeting", "A,B", "C;D"])
        #expect(e.first("X-P")?.parameter("CN") == "Prodi, Romano \"R\"\nline ^")
    }

    @Test("Values: dates, times, durations; impossible ones are nil", arguments: [
        ("20230220", true), ("20230229", false), ("20240229", true), ("20231301", false), ("2023022", false), ("2023-02-20", false),
    ])
    func dates(text: String, valid: Bool) {
        #expect((DateValue(icalendar: text) != nil) == valid)
    }

    @Test("Date-times and durations")
    func dateTimesAndDurations() {
        #expect(DateTimeValue(icalendar: "20230220T093000Z", tzid: "Europe/Rome")?.form == .utc)
        #expect(DateTimeValue(icalendar: "20230220T093000", tzid: nil)?.form == .floating)
        #expect(DateTimeValue(icalendar: "20230220T243000", tzid: nil) == nil)
        #expect(DateTimeValue(icalendar: "20230220T093060Z", tzid: nil)?.second == 59)
        for (text, seconds) in [("PT1H", 3600), ("-PT15M", -900), ("P2W", 1_209_600), ("P1DT2H3M4S", 93_784), ("+P1D", 86_400)] {
            #expect(DurationValue(icalendar: text)?.seconds == seconds, "\(text)")
        }
        for text in ["P", "PT", "1H", "PT1D", "P1H", "PTH", "P99999999999999999W"] {
            #expect(DurationValue(icalendar: text) == nil, "\(text)")
        }
    }
}

@Suite("TZIDs from the wild")
struct ZoneNamesTests {
    /// The VTIMEZONE components of `text`, by TZID.
    func definitions(_ text: String) throws -> [String: ICalendarReader.RawComponent] {
        var reader = ICalendarReader()
        var out: [String: ICalendarReader.RawComponent] = [:]
        try reader.read(Array(text.utf8)) { c in if let id = c.first("TZID")?.value { out[id] = c } }
        try reader.finish { _ in }
        return out
    }

    @Test("IANA names as they are; Windows names and Outlook display names through CLDR; path-like by their tail; bare offsets",
          arguments: [
              ("Europe/Rome", "Europe/Rome", false), ("W. Europe Standard Time", "Europe/Berlin", true),
              ("SE Asia Standard Time", "Asia/Bangkok", true), ("(UTC+07:00) Bangkok, Hanoi, Jakarta", "Asia/Bangkok", true),
              ("/mozilla.org/20050126_1/Europe/Rome", "Europe/Rome", true), ("\"Asia/Ho_Chi_Minh\"", "Asia/Ho_Chi_Minh", false),
              ("GMT+0100", "Etc/GMT-1", true), ("UTC-05:00", "Etc/GMT+5", true), ("UTC", "UTC", false),
              // Windows in Portuguese writes the display name with its accent (icalendar's issue_237 calendar).
              ("(UTC-03:00) Brasília", "America/Sao_Paulo", true),
              // Outlook 2010's display names say GMT (node-ical's Office-2012-owa.ics, read as a fixed +10 before).
              ("(GMT+10:00) Canberra, Melbourne, Sydney", "Australia/Sydney", true),
              // CLDR's ids that the tz database has renamed are stored under today's names.
              ("India Standard Time", "Asia/Kolkata", true), ("FLE Standard Time", "Europe/Kyiv", true),
              ("Myanmar Standard Time", "Asia/Yangon", true), ("US Eastern Standard Time", "America/Indiana/Indianapolis", true),
          ])
    func names(tzid: String, zone: String, noted: Bool) {
        let r = ZoneNames().resolve(tzid)
        #expect(r?.zone == zone)
        #expect((r?.note != nil) == noted)
    }

    @Test("Unknown names without a definition are refused; a bare offset of no whole hours is kept as the agenda names it")
    func unknown() {
        #expect(ZoneNames().resolve("Mars/Olympus") == nil)
        #expect(ZoneNames().resolve("US-Mountain") == nil)
        #expect(ZoneNames().resolve("GMT+0530")?.zone == "UTC+05:30")
        #expect(ZoneNames().resolve("GMT+0530")?.note == "TZID \"GMT+0530\" read as the fixed offset UTC+05:30")
        // The agenda's own name comes back as itself, without a note.
        #expect(ZoneNames().resolve("UTC-03:30")! == ("UTC-03:30", nil))
        #expect(ZoneNames().resolve("GMT+2530") == nil)
    }

    @Test("A custom TZID: its X-LIC-LOCATION, else an IANA zone with the same offsets, else its standard offset, fixed")
    func definitions() throws {
        let text = """
            BEGIN:VCALENDAR
            BEGIN:VTIMEZONE
            TZID:Ufficio Roma
            X-LIC-LOCATION:Europe/Rome
            END:VTIMEZONE
            BEGIN:VTIMEZONE
            TZID:Bangkok time
            BEGIN:STANDARD
            DTSTART:19700101T000000
            TZOFFSETFROM:+0700
            TZOFFSETTO:+0700
            END:STANDARD
            END:VTIMEZONE
            BEGIN:VTIMEZONE
            TZID:UTC+05:30
            BEGIN:STANDARD
            DTSTART:19700101T000000
            TZOFFSETFROM:+0530
            TZOFFSETTO:+0530
            END:STANDARD
            END:VTIMEZONE
            BEGIN:VTIMEZONE
            TZID:Newfoundland fixed
            BEGIN:STANDARD
            DTSTART:20220101T000000
            TZOFFSETFROM:-0330
            TZOFFSETTO:-0330
            END:STANDARD
            END:VTIMEZONE
            BEGIN:VTIMEZONE
            TZID:Екатеринбург
            BEGIN:STANDARD
            DTSTART:16011028T030000
            TZOFFSETFROM:+0600
            TZOFFSETTO:+0500
            END:STANDARD
            BEGIN:DAYLIGHT
            DTSTART:16010325T020000
            TZOFFSETFROM:+0500
            TZOFFSETTO:+0600
            END:DAYLIGHT
            END:VTIMEZONE
            END:VCALENDAR

            """
        let zones = ZoneNames(definitions: try definitions(text))
        #expect(zones.resolve("Ufficio Roma")?.zone == "Europe/Rome")
        let bangkok = try #require(zones.resolve("Bangkok time"))
        #expect(TimeZone(identifier: bangkok.zone)?.secondsFromGMT(for: Date()) == 7 * 3600)
        #expect(bangkok.note?.contains("same offsets") == true)
        // India's offset, as the agenda writes `--tz UTC+05:30`: kept under that name (a feed read back is the same
        // bytes), not read as Asia/Kolkata.
        #expect(zones.resolve("UTC+05:30")! == ("UTC+05:30", nil))
        // A fixed -03:30 from 2022 on: no zone has had it since then. Paramaribo had it until 1984 (-03:00 since),
        // which is not this definition's, whose meetings it would have moved half an hour.
        #expect(zones.resolve("Newfoundland fixed")! == ("UTC-03:30", "TZID \"Newfoundland fixed\" kept as the fixed offset UTC-03:30: no IANA zone has its VTIMEZONE's rules"))
        // Yekaterinburg has had no DST since 2011: no zone keeps +05/+06 today, so the standard offset is kept.
        #expect(zones.resolve("Екатеринбург")?.zone == "Etc/GMT-5")
    }

    @Test("A tz name without an area (Japan, CET) is itself when its VTIMEZONE gives that zone's offsets, and is not trusted without one")
    func olderNames() throws {
        let text = """
            BEGIN:VCALENDAR
            BEGIN:VTIMEZONE
            TZID:Japan
            BEGIN:STANDARD
            DTSTART:20220501T000000
            TZOFFSETFROM:+0900
            TZOFFSETTO:+0900
            END:STANDARD
            END:VTIMEZONE
            BEGIN:VTIMEZONE
            TZID:CET
            BEGIN:STANDARD
            DTSTART:20221030T030000
            TZOFFSETFROM:+0200
            TZOFFSETTO:+0100
            RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
            END:STANDARD
            BEGIN:DAYLIGHT
            DTSTART:20230326T020000
            TZOFFSETFROM:+0100
            TZOFFSETTO:+0200
            RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
            END:DAYLIGHT
            END:VTIMEZONE
            BEGIN:VTIMEZONE
            TZID:EST
            BEGIN:STANDARD
            DTSTART:20221106T020000
            TZOFFSETFROM:-0400
            TZOFFSETTO:-0500
            RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
            END:STANDARD
            BEGIN:DAYLIGHT
            DTSTART:20230312T020000
            TZOFFSETFROM:-0500
            TZOFFSETTO:-0400
            RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
            END:DAYLIGHT
            END:VTIMEZONE
            END:VCALENDAR

            """
        let zones = ZoneNames(definitions: try definitions(text), now: Date(timeIntervalSince1970: 1_700_000_000))  // 2023
        // Read as Asia/Chita before (+09 today, +08 in 2014–2016) and CET as Europe/Berlin.
        #expect(zones.resolve("Japan")! == ("Japan", nil))
        #expect(zones.resolve("CET")! == ("CET", nil))
        // "EST" with Eastern time's DST is not the tz database's EST (-05:00 all year): matched by its offsets.
        #expect(zones.resolve("EST")?.zone == "America/New_York")
        // Without a VTIMEZONE, such a name is not trusted.
        #expect(ZoneNames().resolve("EST") == nil)
    }

    @Test("A VTIMEZONE is matched from the reader's year back, not the machine's: Moscow's DST of 2010 read in 2010 and in 2026")
    func matchedFromTheReadersYear() throws {
        // Moscow kept +03/+04 with European dates until 2011. Read under a clock of 2010, those are that year's
        // rules; read today, they are found in 2010, and the note says so.
        let text = """
            BEGIN:VCALENDAR
            BEGIN:VTIMEZONE
            TZID:Moskva
            BEGIN:STANDARD
            DTSTART:19701025T030000
            RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
            TZOFFSETFROM:+0400
            TZOFFSETTO:+0300
            END:STANDARD
            BEGIN:DAYLIGHT
            DTSTART:19700329T020000
            RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
            TZOFFSETFROM:+0300
            TZOFFSETTO:+0400
            END:DAYLIGHT
            END:VTIMEZONE
            END:VCALENDAR

            """
        let found = try definitions(text)
        let then = ZoneNames(definitions: found, now: Date(timeIntervalSince1970: 1_275_350_400))  // 2010-06-01
        let now = ZoneNames(definitions: found, now: Date(timeIntervalSince1970: 1_795_000_000))   // 2026-11-18
        #expect(then.year == 2010 && now.year == 2026)
        #expect(then.resolve("Moskva")?.zone == "Europe/Moscow")
        #expect(then.resolve("Moskva")?.note == "TZID \"Moskva\" read as Europe/Moscow (same offsets as its VTIMEZONE)")
        #expect(now.resolve("Moskva")?.note == "TZID \"Moskva\" read as Europe/Moscow (same offsets as its VTIMEZONE in 2010)")
    }

    @Test("A custom TZID's DST must fall in the same season as the zone matched: Chile's -04/-03 is not Halifax's")
    func southernSeasons() throws {
        // Chile's rules since 2019 (DST from the first Sunday after 1 September to the first after 1 April), under a
        // name no table knows. Comparing the offsets as a set matched America/Halifax (DST March to November), an
        // hour off for most of the year.
        let text = """
            BEGIN:VCALENDAR
            BEGIN:VTIMEZONE
            TZID:Hora de Chile continental
            BEGIN:STANDARD
            DTSTART:20190407T000000
            RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=SU;BYMONTHDAY=2,3,4,5,6,7,8
            TZOFFSETFROM:-0300
            TZOFFSETTO:-0400
            END:STANDARD
            BEGIN:DAYLIGHT
            DTSTART:20190908T000000
            RRULE:FREQ=YEARLY;BYMONTH=9;BYDAY=SU;BYMONTHDAY=2,3,4,5,6,7,8
            TZOFFSETFROM:-0400
            TZOFFSETTO:-0300
            END:DAYLIGHT
            END:VTIMEZONE
            BEGIN:VTIMEZONE
            TZID:Old Brazil
            BEGIN:STANDARD
            DTSTART:16010101T235959
            RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=3SA;BYMONTH=2
            TZOFFSETFROM:-0200
            TZOFFSETTO:-0300
            END:STANDARD
            BEGIN:DAYLIGHT
            DTSTART:16010101T235959
            RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SA;BYMONTH=10
            TZOFFSETFROM:-0300
            TZOFFSETTO:-0200
            END:DAYLIGHT
            END:VTIMEZONE
            END:VCALENDAR

            """
        let zones = ZoneNames(definitions: try definitions(text))
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        func offset(_ zone: String, month: Int) throws -> Int? {
            let day = CivilCalendar.dayNumber(year: year, month: month, day: 15)
            return TimeZone(identifier: zone)?.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(day * 86400)))
        }
        let chile = try #require(zones.resolve("Hora de Chile continental"))
        #expect(chile.zone != "America/Halifax" && chile.note?.contains("same offsets") == true)
        #expect(try offset(chile.zone, month: 1) == -3 * 3600 && offset(chile.zone, month: 7) == -4 * 3600)
        // Brazil's DST ended in 2019: no zone has -03/-02 in the southern summer today (Miquelon has it in the
        // northern one); São Paulo had these very dates in an earlier year, and keeps the right offsets since.
        let brazil = try #require(zones.resolve("Old Brazil"))
        #expect(brazil.zone == "America/Sao_Paulo")
        #expect(brazil.note?.contains("(same offsets as its VTIMEZONE in 20") == true, "\(brazil.note ?? "")")
    }

    @Test("A VTIMEZONE with more observances than any zone's history is not matched: its standard offset, fixed")
    func tooManyObservances() throws {
        // Expanding 5,000 yearly rules over every year since 1970 took minutes: a hostile file must not stall the import.
        let count = ZoneNames.maximumObservances + 1
        let observances = (0..<count).map { i in
            "BEGIN:STANDARD\nDTSTART:16011028T030000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=\(i % 12 + 1)\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD\n"
        }.joined()
        let zones = ZoneNames(definitions: try definitions("BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Many\n\(observances)END:VTIMEZONE\nEND:VCALENDAR\n"))
        let r = try #require(zones.resolve("Many"))
        #expect(r.zone == "Etc/GMT-1" && r.note?.contains("kept as the fixed offset") == true)
    }

    @Test("Outlook 2007's Yekaterinburg, whose DST no zone has kept since 2011, is the zone that had it then")
    func rulesOfAnEarlierYear() throws {
        // Radicale's tzid_8bit.ics: its 2008 event is at 15:00 +06 (DST), not at the fixed +05 it was read at.
        let text = """
            BEGIN:VCALENDAR
            BEGIN:VTIMEZONE
            TZID:Екатеринбург
            BEGIN:STANDARD
            DTSTART:16011028T030000
            RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
            TZOFFSETFROM:+0600
            TZOFFSETTO:+0500
            END:STANDARD
            BEGIN:DAYLIGHT
            DTSTART:16010325T020000
            RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
            TZOFFSETFROM:+0500
            TZOFFSETTO:+0600
            END:DAYLIGHT
            END:VTIMEZONE
            END:VCALENDAR

            """
        let zones = ZoneNames(definitions: try definitions(text))
        let r = try #require(zones.resolve("Екатеринбург"))
        #expect(r.zone == "Asia/Yekaterinburg")
        #expect(r.note == "TZID \"Екатеринбург\" read as Asia/Yekaterinburg (same offsets as its VTIMEZONE in 2010)")
    }
}

@Suite("Looking ahead for a property name")
struct PropertyScanTests {
    func found(_ text: String, piece: Int) -> Bool {
        var scan = PropertyScan("RECURRENCE-ID")
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let end = min(bytes.count, i + piece)
            bytes[i..<end].withUnsafeBytes { scan.scan($0) }
            i = end
        }
        return scan.found
    }

    @Test("Found at a line's start in any case, across folds and across the pieces it is read in", arguments: [1, 2, 5, 4096])
    func positives(piece: Int) {
        for text in ["BEGIN:VEVENT\r\nRECURRENCE-ID:20230313T100000\r\n", "recurrence-id;TZID=Europe/Rome:20230313T100000\n",
                     "RECURR\r\n ENCE-ID:20230313\r\n", "RECURRENCE-\n\tID:20230313\n", "X:1\n\nRECURRENCE-ID:x",
                     "DESCRIPTION:a\r\n long\r\n  value\r\nRECURRENCE-IDX:1\r\n", "SUMMARY:x\r\n\r\nReCuRrEnCe-Id:1"] {
            #expect(found(text, piece: piece), "\(text.debugDescription)")
        }
    }

    @Test("Not found when absent, mentioned in a value, not at a line's start, or broken by a line break that is not a fold", arguments: [1, 3, 4096])
    func negatives(piece: Int) {
        for text in ["", "BEGIN:VEVENT\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\n", "RECURRENCE\r\nID:x\r\n", "RECURRENCE-I\r\nD\r\n",
                     "RECURRENCE_ID:x\r\n", "RECURRENCE-ED:x", "RECURRECURRENCE-ID:x\r\n", "RRECURRENCE-ID\r\n",
                     // A mention in a value, on its line or at the start of a continuation, is no property.
                     "DESCRIPTION:see RECURRENCE-ID:1\r\n", "DESCRIPTION:long\r\n RECURRENCE-ID:1\r\n",
                     "X:1\n\tRECURRENCE-ID\n"] {
            #expect(!found(text, piece: piece), "\(text.debugDescription)")
        }
    }

    @Test("A file: found, not found, and standard input (cannot look ahead)")
    func files() throws {
        let dir = scratchDirectory
        let with = dir.appendingPathComponent("scan-\(UUID().uuidString).ics"), without = dir.appendingPathComponent("scan-\(UUID().uuidString).ics")
        // Past the first 1 MiB piece, so that the name straddles two reads.
        let filler = String(repeating: "X-FILLER:0123456789\r\n", count: (1 << 20) / 21) + "RECURRENCE"
        try Data((filler + "-ID:20230313\r\n").utf8).write(to: with)
        try Data((filler + "\r\n").utf8).write(to: without)
        #expect(PropertyScan.file(with.path, mayContain: "RECURRENCE-ID") == true)
        #expect(PropertyScan.file(without.path, mayContain: "RECURRENCE-ID") == false)
        #expect(PropertyScan.file("-", mayContain: "RECURRENCE-ID") == nil)
        #expect(PropertyScan.file(dir.appendingPathComponent("missing-\(UUID().uuidString)").path, mayContain: "RECURRENCE-ID") == nil)
    }
}
