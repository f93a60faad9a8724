import Foundation
import Testing
import TestScratch

private let goldenFeed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/acr.ics").path

@Suite("agenda import, end to end", .serialized)
struct ImportCommandTests {
    @Test("Our demo feed imports into a new database: its events and its recorded chair terms added; again: unchanged")
    func demoFeed() throws {
        let db = tempDB("import")
        let first = try agenda(["import", goldenFeed, "--db", db])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("\(goldenFeed): imported: 7 added, 0 updated, 0 unchanged, 0 older skipped, 0 refused; 2 of them chair terms"))
        let again = try agenda(["import", goldenFeed, "--db", db, "--json"])
        #expect(again.status == 0)
        let report = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as! [[String: Any]]
        #expect(report[0]["unchanged"] as? Int == 7 && report[0]["added"] as? Int == 0 && report[0]["written"] as? Bool == false)
        #expect(report[0]["chairTerms"] as? Int == 2)
        let listing = try agenda(["upcoming", "--from", "2023-01-01", "--until", "2023-12", "--audience", "internal", "--db", db])
        #expect(listing.stdout.contains("October 2023 — date TBC"))
        #expect(listing.stdout.contains("Italy-ASEAN High-Level Dialogue"))
        let who = try agenda(["chair", "who", "ACR", "--on", "2023-02-20", "--db", db])
        #expect(who.stdout.hasPrefix("ACR chair on 2023-02-20: Viet Nam (Embassy of Viet Nam in Italy), term 2023-01-01 – 2023-06-30 (recorded; source: TTXVN"))
    }

    @Test("A dry run writes nothing: no file where there was none (its report is that of an empty agenda), the same bytes where there was one")
    func dryRunWritesNothing() throws {
        let missing = tempDB("dry")
        let dry = try agenda(["import", "--dry-run", goldenFeed, "--db", missing])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.hasPrefix("\(goldenFeed): dry run, nothing written: 7 added, 0 updated, 0 unchanged, 0 older skipped, 0 refused"), "\(dry.stdout)")
        #expect(!FileManager.default.fileExists(atPath: missing) && !FileManager.default.fileExists(atPath: missing + "-wal"))
        let db = try demoDB()
        let before = databaseBytes(db)
        let again = try agenda(["import", "--dry-run", goldenFeed, "--db", db])
        #expect(again.status == 0 && again.stdout.contains("dry run, nothing written"), "\(again.stderr)")
        #expect(databaseBytes(db) == before)
    }

    @Test("Events of no duration (DTSTART alone, or DTEND equal to it) are kept as moments: listed at their time, in windows that hold it, exported with DTEND = DTSTART, and unchanged on re-import")
    func noDuration() throws {
        let db = tempDB("instant")
        let ics = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            BEGIN:VEVENT\r
            UID:deadline-1\r
            DTSTAMP:20230301T080000Z\r
            SUMMARY:Deadline for comments\r
            DTSTART;TZID=Europe/Rome:20230310T170000\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            UID:deadline-2\r
            DTSTAMP:20230301T080000Z\r
            SUMMARY:Same end\r
            DTSTART:20230311T090000Z\r
            DTEND:20230311T090000Z\r
            END:VEVENT\r
            END:VCALENDAR\r

            """
        let r = try agenda(["import", "-", "--db", db], stdin: ics)
        #expect(r.status == 0 && r.stdout.contains("2 added"), "\(r.stdout)")
        #expect(r.stdout.contains("note: line 3: DTSTART without DTEND or DURATION: an event of no duration (RFC 5545 §3.6.1)"))
        let listing = try agenda(["upcoming", "--from", "2023-03-10", "--days", "2", "--db", db])
        #expect(listing.stdout.contains("#1  17:00  Deadline for comments"), "\(listing.stdout)")
        #expect(try agenda(["upcoming", "--from", "2023-03-10T17:00", "--until", "2023-03-10", "--db", db]).stdout.contains("Deadline"))
        #expect(!(try agenda(["upcoming", "--from", "2023-03-10T17:01", "--until", "2023-03-10", "--db", db]).stdout.contains("Deadline")))
        let json = try agenda(["event", "show", "1", "--json", "--db", db]).stdout
        #expect(json.contains("\"endUTC\" : \"2023-03-10T16:00:00Z\"") && json.contains("\"startUTC\" : \"2023-03-10T16:00:00Z\""), "\(json)")
        let feed = try agenda(["export", "--db", db]).stdout
        #expect(feed.contains("DTSTART;TZID=Europe/Rome:20230310T170000\r\nDTEND;TZID=Europe/Rome:20230310T170000\r\n"))
        #expect(try agenda(["import", "-", "--db", db], stdin: feed).stdout.contains("0 added, 0 updated, 2 unchanged"))
        // Typed input still asks for an end after the start.
        #expect(try agenda(["event", "add", "--title", "x", "--start", "2023-03-12T10:00", "--end", "2023-03-12T10:00", "--db", db]).status == 64)
    }

    @Test("Chair terms from our feeds: a newer SEQUENCE replaces, an older one is left, projected ones are left out and counted, a term without its member is refused by name")
    func chairTerms() throws {
        let db = tempDB("terms")
        #expect(try agenda(["init", "--db", db]).status == 0)
        func term(sequence: Int, end: String, modified: String = "20230301T080000Z", member: String? = "Viet Nam",
                  kind: String = "recorded", uid: String = "chair-term-acr-2023-01-01@agenda") -> String {
            """
            BEGIN:VEVENT\r
            UID:\(uid)\r
            DTSTAMP:\(modified)\r
            LAST-MODIFIED:\(modified)\r
            SEQUENCE:\(sequence)\r
            DTSTART;VALUE=DATE:20230101\r
            DTEND;VALUE=DATE:\(end)\r
            SUMMARY:Viet Nam chairs the ACR\r
            X-AGENDA-TERM:\(kind)\r
            X-AGENDA-COMMITTEE:ACR\r
            \(member.map { "X-AGENDA-MEMBER:\($0)\r\n" } ?? "")X-AGENDA-EMBASSY:Embassy of Viet Nam in Italy\r
            END:VEVENT\r\n
            """
        }
        func importing(_ body: String) throws -> RunResult {
            try agenda(["import", "-", "--db", db], stdin: "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + body + "END:VCALENDAR\r\n")
        }
        let first = try importing(term(sequence: 1, end: "20230701")
                                  + term(sequence: 0, end: "20240101", kind: "projected", uid: "chair-term-acr-2023-07-01@agenda"))
        #expect(first.status == 0 && first.stdout.contains("1 added") && first.stdout.contains("1 projected chair terms left out"), "\(first.stdout)")
        #expect(try agenda(["chair", "who", "ACR", "--on", "2023-06-30", "--db", db]).stdout.contains("Viet Nam (Embassy of Viet Nam in Italy), term 2023-01-01 – 2023-06-30 (recorded"))
        // Newer: the term now ends in May.
        let newer = try importing(term(sequence: 2, end: "20230601", modified: "20230401T080000Z"))
        #expect(newer.stdout.contains("1 updated"), "\(newer.stdout)")
        #expect(try agenda(["chair", "who", "ACR", "--on", "2023-05-31", "--db", db]).stdout.contains("term 2023-01-01 – 2023-05-31 (recorded"))
        let older = try importing(term(sequence: 1, end: "20230701"))
        #expect(older.stdout.contains("1 older skipped"), "\(older.stdout)")
        let same = try importing(term(sequence: 2, end: "20230601", modified: "20230401T080000Z"))
        #expect(same.stdout.contains("1 unchanged"), "\(same.stdout)")
        let bare = try importing(term(sequence: 3, end: "20230601", member: nil))
        #expect(bare.status == 65 && bare.stdout.contains("a chair term without X-AGENDA-COMMITTEE and X-AGENDA-MEMBER"), "\(bare.stdout)")
    }

    @Test("Standard input, refusals with line and UID (exit 65), unreadable input (exit 64, nothing written)")
    func exitCodes() throws {
        let db = tempDB("import")
        let ics = """
            BEGIN:VCALENDAR\r
            BEGIN:VEVENT\r
            UID:weekly-meeting-1\r
            DTSTART;VALUE=DATE:20230301\r
            RRULE:FREQ=WEEKLY\r
            RECURRENCE-ID;RANGE=THISANDFUTURE;VALUE=DATE:20230308\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            UID:one-off-meeting-1\r
            SUMMARY:Đối thoại\r
            DTSTART;VALUE=DATE:20230302\r
            END:VEVENT\r
            END:VCALENDAR\r

            """
        let r = try agenda(["import", "-", "--db", db], stdin: ics)
        #expect(r.status == 65)
        #expect(r.stdout.contains("standard input: imported: 1 added"))
        #expect(r.stdout.contains("refused: line 2, UID weekly-meeting-1: an occurrence (RECURRENCE-ID) with its own RRULE"))
        let before = databaseBytes(db)
        let bad = try agenda(["import", "-", "--db", db], stdin: "{\"not\": \"ics\"}")
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("standard input: not imported: line 1: no BEGIN:VCALENDAR"))
        #expect(databaseBytes(db) == before)
        let dir = try agenda(["import", scratchDirectory.path, "--db", db])
        #expect(dir.status == 64 && dir.stderr.hasPrefix("agenda: invalid file"))
    }

    @Test("An RDATE period keeps its own length (RFC 5545 §3.8.5.2): a change of that occurrence, exported as one; a period that ends before it starts is refused")
    func rdatePeriods() throws {
        let ics = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//Test//Periods//EN\r
            BEGIN:VEVENT\r
            UID:periods-1\r
            DTSTAMP:20230101T000000Z\r
            DTSTART:20230301T100000Z\r
            DTEND:20230301T110000Z\r
            RDATE;VALUE=PERIOD:20230305T100000Z/20230305T140000Z,20230306T100000Z/PT1H\r
            SUMMARY:Consultations\r
            END:VEVENT\r
            END:VCALENDAR\r

            """
        // The 5 March occurrence lasted four hours; it used to be listed and exported as one hour.
        let db = tempDB("periods")
        let r = try agenda(["import", "-", "--db", db], stdin: ics)
        #expect(r.status == 0 && !r.stdout.contains("periods read as their start times"), "\(r.stdout)")
        let listed = try agenda(["upcoming", "--from", "2023-03-05", "--days", "2", "--db", db], env: ["TZ": "UTC"]).stdout
        #expect(listed.contains("10:00–14:00 · series, changed  Consultations"), "\(listed)")
        #expect(listed.contains("10:00–11:00 · series           Consultations"), "\(listed)")
        let feed = try agenda(["export", "--db", db]).stdout
        #expect(feed.contains("RECURRENCE-ID:20230305T100000Z\r\nDTSTART:20230305T100000Z\r\nDTEND:20230305T140000Z\r\n"), "\(feed)")
        // A period longer than any event may last keeps the event's length, with a note.
        let long = try agenda(["import", "-", "--db", tempDB("periods-long")], stdin: ics.replacingOccurrences(of: "/PT1H", with: "/P500D"))
        #expect(long.status == 0 && long.stdout.contains("note: line 4: RDATE periods longer than an event may last (400 days): the event's length kept\n"), "\(long.stdout)")
        let backwards = ics.replacingOccurrences(of: "20230305T140000Z", with: "20230305T090000Z")
        let refused = try agenda(["import", "-", "--db", tempDB("periods-backwards")], stdin: backwards)
        #expect(refused.status == 65)
        #expect(refused.stdout.contains("refused: line 4, UID periods-1: invalid RDATE '20230305T100000Z/20230305T090000Z': expected a PERIOD whose end is after its start"), "\(refused.stdout)")
    }

    @Test("A RECURRENCE-ID the series does not give is refused alone, with its line; the series and its other changed occurrences are imported")
    func orphanOccurrence() throws {
        var ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Orphan//EN\r\n"
        ics += "BEGIN:VEVENT\r\nUID:s1\r\nDTSTAMP:20230101T000000Z\r\nDTSTART:20230301T100000Z\r\nDTEND:20230301T110000Z\r\nRRULE:FREQ=DAILY;COUNT=3\r\nSUMMARY:Daily\r\nEND:VEVENT\r\n"
        for (day, title) in [("02", "Moved"), ("10", "Orphan")] {  // lines 12 and 20
            ics += "BEGIN:VEVENT\r\nUID:s1\r\nDTSTAMP:20230101T000000Z\r\nRECURRENCE-ID:202303\(day)T100000Z\r\nDTSTART:202303\(day)T120000Z\r\nDTEND:202303\(day)T130000Z\r\nSUMMARY:\(title)\r\nEND:VEVENT\r\n"
        }
        ics += "END:VCALENDAR\r\n"
        // The whole series used to be refused ('invalid occurrence '2023-03-10T10:00'') and nothing imported.
        let db = tempDB("orphan")
        let r = try agenda(["import", "-", "--db", db], stdin: ics)
        #expect(r.status == 65)
        #expect(r.stdout.contains("1 added") && r.stdout.contains("1 changed occurrences joined"), "\(r.stdout)")
        #expect(r.stdout.contains("refused: line 20, UID s1: RECURRENCE-ID 20230310T100000Z is not an occurrence of the series"), "\(r.stdout)")
        let listed = try agenda(["upcoming", "--from", "2023-03-01", "--days", "12", "--db", db], env: ["TZ": "UTC"]).stdout
        #expect(listed.contains("12:00–13:00 · series, changed  Moved") && !listed.contains("Orphan"), "\(listed)")
    }

    @Test("Each note of the report names the lines of the events it concerns (the first three), in text and JSON")
    func noteLines() throws {
        var ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Lines//EN\r\n"
        for day in 1...4 {  // four events without DTEND, at lines 4, 9, 14 and 19; the last two share a UID
            ics += "BEGIN:VEVENT\r\nUID:u\(min(day, 3))\r\nDTSTAMP:20230101T000000Z\r\nDTSTART:2023030\(day)T090000Z\r\nEND:VEVENT\r\n"
        }
        ics += "END:VCALENDAR\r\n"
        let db = tempDB("note-lines")
        let r = try agenda(["import", "-", "--db", db], stdin: ics)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains("  note: lines 4, 9, 14, …: DTSTART without DTEND or DURATION: an event of no duration (RFC 5545 §3.6.1) (4 events)\n"), "\(r.stdout)")
        #expect(r.stdout.contains("  note: line 19: a UID that an earlier event of the file has"), "\(r.stdout)")
        let json = try agenda(["import", "-", "--dry-run", "--json", "--db", db], stdin: ics).stdout
        let files = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let notes = try #require(files.first?["notes"] as? [[String: Any]])
        #expect(notes.first?["lines"] as? [Int] == [4, 9, 14] && notes.first?["events"] as? Int == 4, "\(notes)")
    }

    @Test("A property RFC 5545 allows once, given twice: noted and the first read, or refused with --strict; a new database into which nothing was imported is not left behind")
    func onceOnlyProperties() throws {
        let ics = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//Test//Twice//EN\r
            BEGIN:VEVENT\r
            UID:twice-1\r
            DTSTAMP:20230101T000000Z\r
            DTSTART:20230301T090000Z\r
            DTSTART:20230302T090000Z\r
            DTEND:20230301T100000Z\r
            SUMMARY:First\r
            SUMMARY:Second\r
            END:VEVENT\r
            END:VCALENDAR\r

            """
        // It used to import "First" on 1 March and say nothing, even with --strict.
        let db = tempDB("twice")
        let lenient = try agenda(["import", "-", "--db", db], stdin: ics)
        #expect(lenient.status == 0)
        #expect(lenient.stdout.contains("note: line 4: DTSTART, SUMMARY given more than once in an event (RFC 5545 §3.6.1 allows one): the first is read\n"), "\(lenient.stdout)")
        let listed = try agenda(["event", "list", "--db", db, "--from", "2023-03-01", "--until", "2023-03-02"], env: ["TZ": "UTC"])
        #expect(listed.stdout.contains("09:00–10:00  First"), "\(listed.stdout)")
        let fresh = tempDB("twice-strict")
        let strict = try agenda(["import", "--strict", "-", "--db", fresh], stdin: ics)
        #expect(strict.status == 65)
        #expect(strict.stdout.contains("refused: line 4, UID twice-1: DTSTART, SUMMARY given more than once in an event (RFC 5545 §3.6.1 allows one)"), "\(strict.stdout)")
        // Nothing was imported into a database that did not exist: no file is left (an empty one was).
        #expect(!FileManager.default.fileExists(atPath: fresh))
        let allRefused = try agenda(["import", "-", "--db", fresh], stdin: "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        #expect(allRefused.status == 65 && allRefused.stdout.contains("refused: line 2, UID x: no DTSTART"), "\(allRefused.stdout)")
        #expect(!FileManager.default.fileExists(atPath: fresh))
    }
}

@Suite("Round trip: export, import into an empty database, export again gives the same bytes", .serialized)
struct RoundTripTests {
    /// Exports `db` (internal audience, every cancelled event), imports that into a new database, exports again.
    func roundTrip(_ db: String, _ name: String) throws -> (first: String, second: String) {
        let first = try agenda(["export", "--db", db, "--audience", "internal", "--keep-cancelled-days", "100000"])
        #expect(first.status == 0, "\(first.stderr)")
        let file = scratchDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).ics").path
        try first.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let empty = tempDB(name)
        #expect(try agenda(["init", "--db", empty]).status == 0)
        let imported = try agenda(["import", file, "--db", empty, "--audience", "internal"])
        #expect(imported.status == 0, "\(imported.stdout) \(imported.stderr)")
        let second = try agenda(["export", "--db", empty, "--audience", "internal", "--keep-cancelled-days", "100000"])
        // Importing the same file again changes nothing.
        let again = try agenda(["import", file, "--db", empty, "--audience", "internal", "--json"])
        #expect(again.stdout.contains("\"added\" : 0") && again.stdout.contains("\"updated\" : 0"), "\(again.stdout)")
        return (first.stdout, second.stdout)
    }

    @Test("A pipe or a device named as the file (`import <(curl …)`, /dev/stdin, /dev/zero) is read once, as it comes: the events of a pipe are imported, an endless device ends at the line limit")
    func pipesAndDevices() throws {
        let db = tempDB("import-pipe")
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:piped-1\r\nSUMMARY:Đối thoại\r\n"
            + "DTSTART;VALUE=DATE:20230302\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        // The look ahead for RECURRENCE-ID used to read the pipe to its end, so the import found nothing in it.
        let piped = try agenda(["import", "/dev/stdin", "--db", db], stdin: ics)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout == "/dev/stdin: imported: 1 added, 0 updated, 0 unchanged, 0 older skipped, 0 refused\n")
        #expect(try agenda(["event", "show", "piped-1", "--db", db]).stdout.contains("Đối thoại"))
        // A device that never ends: the first line is refused at its limit (it used to be read ahead forever).
        let before = databaseBytes(db)
        let zero = try agenda(["import", "/dev/zero", "--db", db])
        #expect(zero.status == 64)
        #expect(zero.stderr == "agenda: /dev/zero: not imported: line 1: a line longer than 1048576 octets\n")
        #expect(databaseBytes(db) == before)
    }

    @Test("Chair terms: the demo's terms feed comes back byte for byte, with embassy and source")
    func terms() throws {
        let db = try demoDB()
        let site = scratchDirectory.appendingPathComponent("terms-\(UUID().uuidString)").path
        #expect(try agenda(["publish", site, "--db", db]).status == 0)
        let empty = tempDB("terms")
        #expect(try agenda(["init", "--db", empty]).status == 0)
        let imported = try agenda(["import", site + "/terms.ics", "--db", empty])
        #expect(imported.status == 0 && imported.stdout.contains("2 added"), "\(imported.stdout)")
        let again = scratchDirectory.appendingPathComponent("terms2-\(UUID().uuidString)").path
        #expect(try agenda(["publish", again, "--db", empty]).status == 0)
        let a = try String(contentsOfFile: site + "/terms.ics", encoding: .utf8)
        #expect(a.contains("X-AGENDA-MEMBER:Viet Nam") && a.contains("X-AGENDA-EMBASSY:Embassy of Viet Nam in Italy"))
        #expect(a == (try String(contentsOfFile: again + "/terms.ics", encoding: .utf8)))
    }

    @Test("The demo: participants, titles held, alternative titles, notes, sources, the committee, month precision")
    func demo() throws {
        let (a, b) = try roundTrip(try demoDB(), "demo")
        #expect(a.contains("X-AGENDA-PARTICIPANT") && a.contains("Đối thoại"))
        #expect(a == b)
    }

    @Test("A generated agenda: every time form, hostile text in three languages, imprecise dates, statuses, classes")
    func generated() throws {
        let db = tempDB("gen")
        #expect(try agenda(["generate", "--events", "2000", "--db", db]).status == 0)
        let (a, b) = try roundTrip(db, "gen")
        #expect(a.utf8.count > 1_000_000)
        #expect(a == b)
        // A second run under the same committee would add nothing new: refused up front, saying why and what would do.
        let before = databaseBytes(db)
        let again = try agenda(["generate", "--events", "10", "--db", db])
        #expect(again.status == 65)
        #expect(again.stderr == "agenda: \(db) already holds the synthetic events of GEN ('synthetic-gen-00000000' …): give another --committee or a new --db\n")
        #expect(databaseBytes(db) == before)
        #expect(try agenda(["generate", "--events", "10", "--committee", "GEN2", "--db", db]).status == 0)
    }

    @Test("Fixed offsets of no whole hours (UTC+05:30, UTC-03:30, GMT+0545 typed) come back with their names and times; a whole hour as Etc/GMT")
    func fixedOffsets() throws {
        let db = tempDB("offsets")
        for (title, zone) in [("Delhi call", "UTC+05:30"), ("St John's call", "UTC-03:30"), ("Kathmandu call", "GMT+0545"),
                              ("Bangkok call", "GMT+0700")] {
            #expect(try agenda(["event", "add", "--db", db, "--title", title, "--start", "2023-05-03 10:00",
                                "--tz", zone]).status == 0)
        }
        let (a, b) = try roundTrip(db, "offsets")
        // One name per offset, whatever was typed; -03:30 is not read back as Paramaribo's -03:30 of 1983 (its
        // -03:00 since 1984 moved the meeting half an hour).
        for tzid in ["\"UTC+05:30\"", "\"UTC-03:30\"", "\"UTC+05:45\"", "Etc/GMT-7"] {
            #expect(a.contains("DTSTART;TZID=\(tzid):20230503T100000"), "\(tzid)")
        }
        #expect(a == b)
    }

    @Test("A meeting at a DST change's second 02:30 (or ending in it) comes back in the venue's zone, the same occurrence: the same bytes")
    func repeatedWallTimes() throws {
        let db = tempDB("repeats")
        for (title, start, end, zone) in [("Second 02:30", "2023-10-29T02:30+01:00", "+1h", "Europe/Rome"),
                                          ("Ends in the repeat", "2023-10-29T01:30", "2023-10-29T02:15+01:00", "Europe/Rome"),
                                          ("Sydney", "2023-04-02T02:30+10:00", "+1h", "Australia/Sydney")] {
            #expect(try agenda(["event", "add", "--db", db, "--title", title, "--start", start, "--end", end, "--tz", zone]).status == 0)
        }
        let (a, b) = try roundTrip(db, "repeats")
        // Written in UTC, as RFC 5545 reads a TZID's repeated time as the first; the venue's zone beside it.
        #expect(a.contains("DTSTART:20231029T013000Z\r\nDTEND:20231029T023000Z\r\n"))
        #expect(a.components(separatedBy: "X-AGENDA-TZID:Europe/Rome\r\n").count == 3)
        #expect(a == b)
        // Listed as they were: the venue's wall times, the second occurrence marked.
        let empty = tempDB("repeats-back")
        let file = scratchDirectory.appendingPathComponent("repeats-\(UUID().uuidString).ics").path
        try a.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try agenda(["import", file, "--db", empty]).status == 0)
        let listed = try agenda(["event", "list", "--db", empty, "--from", "2023-10-28", "--days", "3", "--json"]).stdout
        #expect(listed.contains("\"start\" : \"2023-10-29T02:30\"") && listed.contains("\"timeZone\" : \"Europe/Rome\""))
        #expect(listed.contains("\"startUTC\" : \"2023-10-29T01:30:00Z\""))
        #expect(!listed.contains("\"timeZone\" : \"UTC\""))
    }

    @Test("Every zone the system knows, Area/City or not (Japan, CET, EST5EDT, W-SU), comes back from a feed under its own name: the same bytes")
    func everyZone() throws {
        // One meeting in July and one in January in each zone, so that a DST zone's VTIMEZONE holds both offsets.
        // The system's list names Area/City zones; the tz database's older names (links, and the POSIX-style
        // zones), which the agenda accepts as typed, are added.
        let older = ["Japan", "NZ", "CET", "EET", "MET", "WET", "EST", "MST", "HST", "EST5EDT", "CST6CDT", "MST7MDT",
                     "PST8PDT", "W-SU", "GB", "Eire", "Cuba", "Egypt", "Iceland", "Iran", "Israel", "Turkey", "ROK",
                     "ROC", "PRC", "Hongkong", "Singapore", "Poland", "Portugal", "Libya", "Jamaica", "Navajo",
                     "Kwajalein", "UCT", "Universal", "Zulu", "GMT0", "Greenwich", "US/Pacific", "US/Eastern",
                     "Asia/Calcutta", "Asia/Saigon", "Europe/Kiev", "America/Buenos_Aires"]
        let zones = Array(Set(TimeZone.knownTimeZoneIdentifiers + older)).sorted().filter { TimeZone(identifier: $0) != nil }
        // (A system without the older names, such as Debian's without tzdata-legacy, tests the others.)
        #expect(zones.count > 300)
        var events: [[String: Any]] = []
        for (i, zone) in zones.enumerated() {
            for (month, start) in [("07", "2023-07-03T10:00"), ("01", "2024-01-15T10:00")] {
                events.append(["uid": "zone-\(i)-\(month)@test", "kind": "meeting", "title": "Meeting in \(zone)",
                               "status": "confirmed",
                               "schedule": ["start": start, "end": start.replacingOccurrences(of: "T10", with: "T11"), "timeZone": zone]])
            }
        }
        let file = scratchDirectory.appendingPathComponent("zones-\(UUID().uuidString).json").path
        try JSONSerialization.data(withJSONObject: ["recorded": "2023-01-01T00:00:00Z", "events": events]).write(to: URL(fileURLWithPath: file))
        let db = tempDB("zones")
        let loaded = try agenda(["load", file, "--db", db])
        #expect(loaded.status == 0, "\(loaded.stderr)")
        let (a, b) = try roundTrip(db, "zones")
        #expect(a.contains("DTSTART;TZID=Asia/Tokyo:20230703T100000"))
        if zones.contains("Japan") { #expect(a.contains("DTSTART;TZID=Japan:20230703T100000")) }
        let (x, y) = (a.components(separatedBy: "\r\n"), b.components(separatedBy: "\r\n"))
        #expect(a == b, "first difference: \(zip(x, y).first { $0 != $1 }.map { "\($0) vs \($1)" } ?? "lengths \(x.count) vs \(y.count)")")
    }

    @Test("A series and single events with the same times: the feed orders them by UID, so the import (which stores a file's series after its single events) writes them back in the same order")
    func sameSpans() throws {
        let db = tempDB("ties")
        #expect(try agenda(["event", "add", "--db", db, "--title", "Weekly briefing", "--start", "2026-03-02 10:00", "--end", "+1h",
                            "--tz", "Europe/Rome", "--repeat", "weekly", "--count", "3"]).status == 0)
        for title in ["Bilateral call", "Protocol check"] {
            #expect(try agenda(["event", "add", "--db", db, "--title", title, "--start", "2026-03-02 10:00", "--end", "+1h",
                                "--tz", "Europe/Rome"]).status == 0)
        }
        let (a, b) = try roundTrip(db, "ties")
        let uids = a.components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }
        #expect(uids.count == 3 && uids == uids.sorted())
        #expect(a == b)
    }

    @Test("Series with overrides moved, renamed and cancelled, a split series, all-day and DST cases")
    func series() throws {
        let db = tempDB("series")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [root.appendingPathComponent("scripts/series-scenario.sh").path, agendaBinary, db]
        p.environment = ["PATH": "/usr/bin:/bin", "HOME": scratchDirectory.path, "TMPDIR": scratchDirectory.path, "AGENDA_NOW": "2023-03-01T08:00:00Z", "TZ": "Europe/Rome"]
        try p.run(); p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let (a, b) = try roundTrip(db, "series")
        #expect(a.contains("RRULE:") && a.contains("RECURRENCE-ID"))
        #expect(a == b)
    }
}
