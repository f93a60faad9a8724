import Foundation
import Testing

private let goldenFeed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/acr.ics").path

@Suite("agenda import, end to end", .serialized)
struct ImportCommandTests {
    @Test("Our demo feed imports into a new database: its events added, its chair terms refused by name; again: unchanged")
    func demoFeed() throws {
        let db = tempDB("import")
        let first = try agenda(["import", goldenFeed, "--db", db])
        #expect(first.status == 65, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("\(goldenFeed): imported: 5 added, 0 updated, 0 unchanged, 0 older skipped, 2 refused"))
        #expect(first.stdout.contains("a chair term (X-AGENDA-TERM:recorded) from an agenda feed"))
        let again = try agenda(["import", goldenFeed, "--db", db, "--json"])
        #expect(again.status == 65)
        let report = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as! [[String: Any]]
        #expect(report[0]["unchanged"] as? Int == 5 && report[0]["added"] as? Int == 0 && report[0]["written"] as? Bool == false)
        let listing = try agenda(["upcoming", "--from", "2023-01-01", "--until", "2023-12", "--audience", "internal", "--db", db])
        #expect(listing.stdout.contains("October 2023 — date TBC"))
        #expect(listing.stdout.contains("Italy-ASEAN High-Level Dialogue"))
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
        #expect(r.stdout.contains("refused: line 2, UID weekly-meeting-1: an occurrence with RANGE=THISANDFUTURE"))
        let before = databaseBytes(db)
        let bad = try agenda(["import", "-", "--db", db], stdin: "{\"not\": \"ics\"}")
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("standard input: not imported: line 1: no BEGIN:VCALENDAR"))
        #expect(databaseBytes(db) == before)
        let dir = try agenda(["import", NSTemporaryDirectory(), "--db", db])
        #expect(dir.status == 64 && dir.stderr.hasPrefix("agenda: invalid file"))
    }
}

@Suite("Round trip: export, import into an empty database, export again gives the same bytes", .serialized)
struct RoundTripTests {
    /// Exports `db` (internal audience, every cancelled event), imports that into a new database, exports again.
    func roundTrip(_ db: String, _ name: String) throws -> (first: String, second: String) {
        let first = try agenda(["export", "--db", db, "--audience", "internal", "--keep-cancelled-days", "100000"])
        #expect(first.status == 0, "\(first.stderr)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).ics").path
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
    }

    @Test("Series with overrides moved, renamed and cancelled, a split series, all-day and DST cases")
    func series() throws {
        let db = tempDB("series")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [root.appendingPathComponent("scripts/series-scenario.sh").path, agendaBinary, db]
        p.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "AGENDA_NOW": "2023-03-01T08:00:00Z", "TZ": "Europe/Rome"]
        try p.run(); p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let (a, b) = try roundTrip(db, "series")
        #expect(a.contains("RRULE:") && a.contains("RECURRENCE-ID"))
        #expect(a == b)
    }
}
