import Foundation
import Testing
import TestScratch

private let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

private func unfolded(_ ics: String) -> [String] {
    ics.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
}

@Suite("iCalendar export, end to end", .serialized)
struct ExportTests {
    @Test("The demo feed is byte-for-byte the golden file, run after run")
    func golden() throws {
        let dir = scratchDirectory.appendingPathComponent("golden-\(UUID().uuidString)")
        let feed = dir.appendingPathComponent("acr.ics").path
        let r = try agenda(["demo", "--db", dir.appendingPathComponent("demo.sqlite").path, "--feed", feed])
        #expect(r.stdout.contains("Wrote the ACR feed (7 events and chair terms) to \(feed)"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: feed))
        let expected = try Data(contentsOf: goldenDirectory.appendingPathComponent("acr.ics"))
        #expect(bytes == expected, "regenerate Tests/AgendaCLITests/Golden/acr.ics only for an intended change")
        let again = scratchDirectory.appendingPathComponent("golden2-\(UUID().uuidString).ics").path
        _ = try agenda(["demo", "--feed", again], env: ["TZ": "Pacific/Kiritimati", "AGENDA_NOW": "2026-11-29T00:00:00Z"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: again)) == expected, "independent of zone and clock")
    }

    @Test("Counts agree with their nouns: 1 event, 1 person, 2 events")
    func countsAgree() throws {
        let db = tempDB("counts")
        let scenario = scratchDirectory.appendingPathComponent("counts-\(UUID().uuidString).json")
        try Data(#"{"people": [{"name": "Romano Prodi"}], "events": [{"uid": "counts-1", "kind": "dialogue", "title": "Dialogue", "schedule": {"start": "2023-10", "timeZone": "Asia/Bangkok"}, "status": "tentative"}]}"#.utf8).write(to: scenario)
        let loaded = try agenda(["load", scenario.path, "--db", db])
        #expect(loaded.stdout.contains("Loaded 2 new records: 0 committees, 0 members, 1 person, 0 organisations, 0 chair terms, 1 event, 0 rotation rules"), "\(loaded.stdout)\(loaded.stderr)")
        let feed = scratchDirectory.appendingPathComponent("counts-\(UUID().uuidString).ics").path
        #expect(try agenda(["export", "--db", db, "-o", feed]).stderr.contains("Wrote 1 event to "))
        _ = try agenda(["event", "add", "--title", "Second", "--start", "2023-11-02", "--db", db])
        #expect(try agenda(["export", "--db", db, "-o", feed]).stderr.contains("Wrote 2 events to "))
    }

    @Test("A window's end is --to or --until, in every command that takes one: the same output either way")
    func toAndUntil() throws {
        let db = try demoDB()
        for (command, extra) in [(["export"], ["--audience", "internal"]), (["upcoming"], []), (["event", "list"], []),
                                 (["chair", "project", "ACR"], [])] {
            let to = try agenda(command + ["--from", "2023-01-01", "--to", "2023-12", "--db", db] + extra)
            let until = try agenda(command + ["--from", "2023-01-01", "--until", "2023-12", "--db", db] + extra)
            #expect(to.status == 0 && !to.stdout.isEmpty, "\(command): \(to.stderr)")
            #expect(to.stdout == until.stdout, "\(command)")
        }
    }

    @Test("The demo feed: header, the Bangkok dialogue as a tentative transparent October span, chair terms")
    func demoFeedContent() throws {
        let text = String(decoding: try Data(contentsOf: goldenDirectory.appendingPathComponent("acr.ics")), as: UTF8.self)
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let lines = unfolded(text)
        #expect(!text.contains("METHOD:"), "no iTIP method: libical would require an ORGANIZER")
        for needed in ["X-WR-CALNAME:ASEAN Committee in Rome (ACR)", "NAME:ASEAN Committee in Rome (ACR)",
                       "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H"] {
            #expect(lines.contains(needed), "\(needed)")
        }
        #expect(!text.contains("ATTENDEE"))
        #expect(!text.contains("METHOD:REQUEST"))
        let dialogue = text.components(separatedBy: "BEGIN:VEVENT").first { $0.contains("UID:5cf93332") }!
        let d = unfolded(dialogue)
        for needed in ["DTSTART;VALUE=DATE:20231001", "DTEND;VALUE=DATE:20231101", "STATUS:TENTATIVE", "TRANSP:TRANSPARENT",
                       "X-AGENDA-PRECISION:month", "X-AGENDA-PERIOD:2023-10",
                       "SUMMARY:Italy-ASEAN High-Level Dialogue (date TBC: Oct 2023)", "LOCATION:Bangkok\\, Thailand"] {
            #expect(d.contains(needed), "\(needed)")
        }
        #expect(text.contains("SUMMARY:Viet Nam chairs the ACR"))
        #expect(text.contains("DTSTART;VALUE=DATE:20230101\r\nDTEND;VALUE=DATE:20230701"))
    }

    @Test("Timed events carry TZID with a VTIMEZONE; edits raise SEQUENCE; cancelled events stay, marked")
    func lifecycleInFeed() throws {
        let db = try demoDB()
        _ = try agenda(["event", "add", "--committee", "ACR", "--title", "Riunione, sessione; plenaria", "--start", "2023-03-27 10:00",
                        "--end", "+2h", "--db", db])
        var feed = try agenda(["export", "--committee", "ACR", "--db", db]).stdout
        var lines = unfolded(feed)
        #expect(lines.contains("DTSTART;TZID=Europe/Rome:20230327T100000"))
        #expect(lines.contains("DTEND;TZID=Europe/Rome:20230327T120000"))
        #expect(lines.contains("BEGIN:VTIMEZONE") && lines.contains("TZID:Europe/Rome"))
        #expect(lines.contains("SUMMARY:Riunione\\, sessione\\; plenaria"))
        _ = try agenda(["event", "edit", "6", "--start", "2023-03-28 10:00", "--end", "+2h", "--db", db])
        _ = try agenda(["event", "cancel", "6", "--db", db])
        feed = try agenda(["export", "--committee", "ACR", "--db", db]).stdout
        lines = unfolded(feed)
        let block = feed.components(separatedBy: "BEGIN:VEVENT").first { $0.contains("Riunione") }!
        let b = unfolded(block)
        #expect(b.contains("SEQUENCE:2"))
        #expect(b.contains("STATUS:CANCELLED"))
        #expect(b.contains("SUMMARY:Cancelled: Riunione\\, sessione\\; plenaria"))
        // A cancelled event leaves feeds after the retention period.
        let later = try agenda(["export", "--committee", "ACR", "--keep-cancelled-days", "30", "--db", db],
                               env: ["AGENDA_NOW": "2023-06-01T00:00:00Z"]).stdout
        #expect(!later.contains("Riunione"))
    }

    @Test("A cancelled event left out of a feed has no say in its VTIMEZONEs: none for a zone only it used, none reaching back to its year")
    func droppedCancelledEventsWidenNoZone() throws {
        let db = try demoDB()
        // Cancelled in 2020 (its last change), so long gone from feeds of 2023.
        let old = ["AGENDA_NOW": "2020-01-02T00:00:00Z"]
        let add = try agenda(["event", "add", "--title", "Tokyo call", "--start", "2020-01-10 10:00", "--tz", "Asia/Tokyo", "--db", db], env: old)
        let id = try #require(add.stdout.split(separator: "#").dropFirst().first?.split(separator: " ").first).description
        #expect(try agenda(["event", "cancel", id, "--db", db], env: old).status == 0)
        let feed = try agenda(["export", "--db", db]).stdout
        #expect(!feed.contains("Tokyo call"))
        #expect(!feed.contains("TZID:Asia/Tokyo"), "a VTIMEZONE for a zone no event of the feed uses")
        // Kept (a retention long enough): its event and its zone are both there.
        let all = try agenda(["export", "--keep-cancelled-days", "100000", "--db", db]).stdout
        #expect(all.contains("SUMMARY:Cancelled: Tokyo call") && all.contains("TZID:Asia/Tokyo"))
    }

    @Test("One event for 'add to my calendar' has no calendar name; public feeds leave out private and confidential events")
    func singleEventAndAudience() throws {
        let db = try demoDB()
        let one = try agenda(["export", "--event", "3", "--db", db]).stdout
        #expect(!one.contains("X-WR-CALNAME"))
        #expect(one.components(separatedBy: "BEGIN:VEVENT").count == 2)
        _ = try agenda(["event", "add", "--title", "Internal briefing", "--class", "confidential", "--start", "2023-03-10", "--db", db])
        _ = try agenda(["event", "add", "--title", "Private lunch", "--class", "private", "--start", "2023-03-11", "--db", db])
        let pub = try agenda(["export", "--db", db]).stdout
        let internalFeed = try agenda(["export", "--audience", "internal", "--db", db]).stdout
        #expect(!pub.contains("Internal briefing") && !pub.contains("Private lunch"))
        #expect(internalFeed.contains("SUMMARY:Internal briefing") && internalFeed.contains("CLASS:CONFIDENTIAL"))
        #expect(internalFeed.contains("CLASS:PRIVATE"))
        #expect(try agenda(["export", "--audience", "everyone", "--db", db]).status == 64)
    }

    @Test("publish writes every feed and an index with subscribe links, and rewrites only what changed")
    func publish() throws {
        let db = try demoDB()
        let dir = scratchDirectory.appendingPathComponent("site-\(UUID().uuidString)").path
        let first = try agenda(["publish", dir, "--base-url", "https://calendar.example.org/agenda", "--db", db])
        #expect(first.status == 0, "\(first.stderr)")
        for f in ["all.ics", "committees/acr.ics", "terms.ics", "committees/acr.terms.ics", "index.html"] {
            #expect(FileManager.default.fileExists(atPath: "\(dir)/\(f)"), "\(f)")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/internal"), "no internal feed in the public folder")
        let index = try String(contentsOfFile: "\(dir)/index.html", encoding: .utf8)
        #expect(index.contains("webcal://calendar.example.org/agenda/committees/acr.ics"))
        #expect(index.contains("https://calendar.example.org/agenda/committees/acr.ics"))
        #expect(!index.contains("internal"))
        let before = try FileManager.default.attributesOfItem(atPath: "\(dir)/committees/acr.ics")[.modificationDate] as! Date
        Thread.sleep(forTimeInterval: 1.1)
        let second = try agenda(["publish", dir, "--base-url", "https://calendar.example.org/agenda", "--db", db])
        #expect(second.stdout.contains("0 files written"))
        let after = try FileManager.default.attributesOfItem(atPath: "\(dir)/committees/acr.ics")[.modificationDate] as! Date
        #expect(before == after)
        _ = try agenda(["event", "edit", "3", "--location", "Jakarta", "--db", db])
        let third = try agenda(["publish", dir, "--base-url", "https://calendar.example.org/agenda", "--db", db])
        #expect(!third.stdout.contains("0 files written"))
        #expect(try String(contentsOfFile: "\(dir)/committees/acr.ics", encoding: .utf8).contains("Jakarta"))
        #expect(try String(contentsOfFile: "\(dir)/committees/acr.terms.ics", encoding: .utf8).contains("Viet Nam chairs the ACR"))
    }
}

@Suite("Empty and huge inputs")
struct ExtremesTests {
    @Test("An empty agenda lists nothing and exports a valid, empty calendar")
    func empty() throws {
        let db = tempDB()
        #expect(try agenda(["init", "--db", db]).status == 0)
        #expect(try agenda(["upcoming", "--db", db]).stdout == "No events.\n")
        #expect(try agenda(["upcoming", "--json", "--db", db]).stdout == "[]\n")
        let feed = try agenda(["export", "--db", db]).stdout
        #expect(feed.hasPrefix("BEGIN:VCALENDAR\r\n") && feed.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!feed.contains("BEGIN:VEVENT"))
        #expect(try agenda(["search", "anything", "--db", db]).stdout.contains("Nothing found"))
    }

    @Test("A 20,000-character Vietnamese title with every special character survives storage, search and export")
    func hugeTitle() throws {
        let db = tempDB()
        let title = String(repeating: "Đối thoại cấp cao, \"Italy\"; ASEAN \\ 😀 ", count: 500)
        let add = try agenda(["event", "add", "--title", title, "--start", "2023-10", "--tz", "Asia/Bangkok", "--db", db])
        #expect(add.status == 0)
        let feed = try agenda(["export", "--db", db]).stdout
        let physical = feed.components(separatedBy: "\r\n").dropLast()
        #expect(physical.allSatisfy { $0.utf8.count <= 75 })
        let summary = feed.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
            .first { $0.hasPrefix("SUMMARY:") }!
        let unescaped = summary.dropFirst("SUMMARY:".count).replacingOccurrences(of: "\\\\", with: "\u{0}")
            .replacingOccurrences(of: "\\,", with: ",").replacingOccurrences(of: "\\;", with: ";")
            .replacingOccurrences(of: "\u{0}", with: "\\")
        #expect(unescaped == title.trimmingCharacters(in: .whitespaces) + " (date TBC: Oct 2023)")
        #expect(try agenda(["search", "doi thoai cap cao", "--db", db]).stdout.contains("event   #1"))
    }
}
