import Foundation
import Testing
import TestScratch

@Suite("agenda, end to end", .serialized)
struct CLITests {
    @Test("On an empty agenda every listing says it is empty, in one line, rather than printing nothing")
    func emptyListings() throws {
        let db = tempDB("empty")
        #expect(try agenda(["init", "--db", db]).status == 0)
        #expect(try agenda(["committee", "add", "ACR", "--name", "ASEAN Committee in Rome", "--tz", "Europe/Rome", "--db", db]).status == 0)
        let said: [([String], String)] = [
            (["person", "list"], "No people.\n"), (["org", "list"], "No organisations.\n"), (["event", "list"], "No events.\n"),
            (["member", "list", "ACR"], "No members.\n"), (["token", "list"], "No tokens.\n"),
            (["chair", "history", "ACR"], "No chair terms recorded for ACR.\n"),
        ]
        for (command, line) in said {
            let r = try agenda(command + ["--db", db])
            #expect(r.status == 0 && r.stdout == line, "\(command): \(r.stdout)")
        }
        #expect(try agenda(["committee", "show", "ACR", "--db", db]).stdout.contains("Members:   none yet (agenda member add ACR STATE)"))
        // JSON stays an empty array.
        #expect(try agenda(["person", "list", "--json", "--db", db]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    @Test("demo: who chaired the ACR on 2023-02-20, and the Bangkok dialogue as 'Oct 2023 · tentative'")
    func demo() throws {
        let r = try agenda(["demo"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.contains("Who chaired the ACR on 2023-02-20?"))
        #expect(r.stdout.contains("Viet Nam (Embassy of Viet Nam in Italy), term 2023-01-01 – 2023-06-30"))
        #expect(r.stdout.contains("Oct 2023 · tentative"))
        #expect(r.stdout.contains("Italy-ASEAN High-Level Dialogue"))
        #expect(!r.stdout.contains("\u{1B}["), "no colour without a TTY")
    }

    @Test("init says where the database is; --db, AGENDA_DB and XDG_DATA_HOME are honoured in that order")
    func databaseLocation() throws {
        let a = tempDB(), b = tempDB()
        let xdg = scratchDirectory.appendingPathComponent("xdg-\(UUID().uuidString)").path
        #expect(try agenda(["init", "--db", a], env: ["AGENDA_DB": b]).stdout.contains(a))
        #expect(try agenda(["init"], env: ["AGENDA_DB": b]).stdout.contains(b))
        let r = try agenda(["init"], env: ["XDG_DATA_HOME": xdg])
        #expect(r.stdout.contains("\(xdg)/agenda/agenda.sqlite"))
        #expect(FileManager.default.fileExists(atPath: "\(xdg)/agenda/agenda.sqlite"))
    }

    @Test("A newcomer builds the ACR agenda by hand, lists and searches it")
    func tour() throws {
        let db = tempDB()
        func ok(_ args: [String]) throws -> String {
            let r = try agenda(args + ["--db", db])
            #expect(r.status == 0, "\(args): \(r.stderr)")
            return r.stdout
        }
        _ = try ok(["org", "add", "Association of Southeast Asian Nations", "--short-name", "ASEAN", "--kind", "intergovernmental"])
        #expect(try ok(["committee", "add", "ACR", "--name", "ASEAN Committee in Rome", "--parent", "ASEAN",
                        "--city", "Rome", "--tz", "Europe/Rome"]).contains("Added committee #1 ACR"))
        #expect(try ok(["member", "add", "ACR", "Viet Nam", "--embassy", "Embassy of Viet Nam in Italy"])
            .contains("Added member #1 Viet Nam to ACR represented by Embassy of Viet Nam in Italy"))
        _ = try ok(["member", "add", "ACR", "Thailand"])
        _ = try ok(["person", "add", "Dương Hải Hưng", "--honorific", "Ambassador", "--title", "Ambassador of Viet Nam to Italy"])
        #expect(try ok(["chair", "record", "ACR", "Viet Nam", "--from", "2023-01-01", "--to", "2023-06-30", "--source", "TTXVN"])
            .contains("Viet Nam chairs ACR 2023-01-01 – 2023-06-30"))
        let added = try ok(["event", "add", "--committee", "ACR", "--title", "ACR meeting", "--start", "2023-03-20 10:30",
                            "--end", "+90m", "--chair", "Dương Hải Hưng", "--participant", "Embassy of Viet Nam in Italy:host"])
        #expect(added.contains("Added event #1 \"ACR meeting\" 2023-03-20 10:30–12:00 (confirmed) uid "))
        _ = try ok(["event", "add", "--title", "Đối thoại cấp cao Italy-ASEAN", "--start", "2023-10", "--tz", "Asia/Bangkok",
                    "--status", "tentative", "--kind", "dialogue", "--location", "Bangkok, Thailand"])
        let upcoming = try ok(["upcoming", "--days", "365"])
        #expect(upcoming.contains("Mon 20 Mar 2023"))
        #expect(upcoming.contains("10:30–12:00"))
        #expect(upcoming.contains("Oct 2023 · tentative"))
        #expect(upcoming.contains("October 2023 — date TBC"))
        // The dated meeting is listed before the October period.
        #expect(upcoming.range(of: "ACR meeting")!.lowerBound < upcoming.range(of: "Đối thoại")!.lowerBound)
        // Default window is 30 days: October is not in it.
        #expect(!(try ok(["upcoming"])).contains("Đối thoại"))
        #expect(try ok(["search", "doi thoai"]).contains("Đối thoại cấp cao Italy-ASEAN"))
        #expect(try ok(["chair", "who", "ACR", "--on", "2023-06-30"]).contains("Viet Nam"))
        #expect(try ok(["chair", "who", "ACR", "--on", "2023-07-01"]).contains("No chair of ACR is recorded"))
        #expect(try ok(["committee", "show", "ACR"]).contains("Thailand"))
    }

    @Test("--json output is stable and parses field by field")
    func json() throws {
        let db = try demoDB()
        let r = try agenda(["upcoming", "--from", "2023-03-01", "--until", "2023-12", "--json", "--db", db])
        #expect(r.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let d = try #require(array.first { $0["title"] as? String == "Italy-ASEAN High-Level Dialogue" })
        #expect(d["precision"] as? String == "month")
        #expect(d["start"] as? String == "2023-10")
        #expect(d["end"] is NSNull || d["end"] == nil)
        #expect(d["status"] as? String == "tentative")
        #expect(d["timeZone"] as? String == "Asia/Bangkok")
        #expect(d["label"] as? String == "Oct 2023")
        #expect(d["startUTC"] as? String == "2023-09-30T17:00:00Z")
        #expect(d["endUTC"] as? String == "2023-10-31T17:00:00Z")
        #expect(d["uid"] as? String == "5cf93332-185f-484c-8fbc-6d93a6b6b258")
        #expect(d["altTitle"] as? String == "Đối thoại cấp cao Italy-ASEAN")
        let again = try agenda(["upcoming", "--from", "2023-03-01", "--until", "2023-12", "--json", "--db", db])
        #expect(again.stdout == r.stdout)
        // week --json is upcoming's JSON for its seven days.
        let week = try agenda(["week", "--from", "2023-03-20", "--json", "--db", db])
        #expect(week.status == 0 && week.stderr.isEmpty, "\(week.stderr)")
        #expect(week.stdout == (try agenda(["upcoming", "--from", "2023-03-20", "--days", "7", "--json", "--db", db])).stdout)
        let days = try #require(try JSONSerialization.jsonObject(with: Data(week.stdout.utf8)) as? [[String: Any]])
        // The same events as the week's table, one line each.
        let table = try agenda(["week", "--from", "2023-03-20", "--db", db]).stdout
        #expect(!days.isEmpty && days.count == table.split(separator: "\n").count, "\(table)")
        #expect(days.allSatisfy { d in (d["title"] as? String).map { table.contains($0) } == true }, "\(table)")
        let show = try agenda(["event", "show", "1", "--json", "--db", db])
        let one = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect(one["precision"] as? String == "date")
        #expect(one["start"] as? String == "2023-02-20")
        let parts = try #require(one["participants"] as? [[String: Any]])
        #expect(parts.contains { $0["name"] as? String == "Romano Prodi" && $0["type"] as? String == "person" })
        let search = try agenda(["search", "hiep hoi", "--json", "--db", db])
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [[String: Any]])
        #expect(hits.contains { $0["label"] as? String == "Italy-ASEAN Association" && $0["type"] as? String == "organisation" })
    }

    @Test("Search lists what is named by the words first: an event that mentions 'Đối thoại' only in a topic comes after the dialogue titled so")
    func searchNamedFirst() throws {
        let db = try demoDB()
        // A short entry that mentions the words ranks first by bm25 alone (short documents score high).
        let add = try agenda(["event", "add", "--title", "Budget", "--start", "2023-03-02", "--topic", "Đối thoại", "--db", db])
        #expect(add.status == 0, "\(add.stderr)")
        let search = try agenda(["search", "doi thoai", "--json", "--db", db])
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [[String: Any]])
        #expect(hits.compactMap { $0["label"] as? String } == ["Italy-ASEAN High-Level Dialogue", "Budget"], "\(search.stdout)")
        // People are named by their name: "prodi" gives Romano Prodi before the meeting he attended.
        let prodi = try agenda(["search", "prodi", "--db", db]).stdout.split(separator: "\n")
        #expect(prodi.first?.hasPrefix("person") == true, "\(prodi)")
        // A timed hit names its zone when it is not the viewer's: 10:30 is Rome's, said to a reader in Hanoi.
        _ = try agenda(["event", "add", "--title", "Call with the Association", "--start", "2023-03-02 10:30", "--end", "+1h",
                        "--tz", "Europe/Rome", "--db", db])
        let call = try agenda(["search", "call association", "--db", db], env: ["TZ": "Asia/Ho_Chi_Minh"]).stdout
        #expect(call.contains("2023-03-02 10:30–11:30 Europe/Rome  Call with the Association"), "\(call)")
        #expect(try agenda(["search", "call association", "--db", db]).stdout.contains("2023-03-02 10:30–11:30  Call"))
    }

    @Test("edit, postpone, cancel and delete keep ids and raise the sequence")
    func lifecycle() throws {
        let db = try demoDB()
        #expect(try agenda(["event", "edit", "3", "--location", "Jakarta", "--db", db]).stdout.contains("sequence 1"))
        let p = try agenda(["event", "postpone", "3", "--start", "2024-Q1", "--db", db])
        #expect(p.stdout.contains("Postponed event #3 \"Italy-ASEAN High-Level Dialogue\" to 2024-Q1 sequence 2"))
        #expect(try agenda(["event", "cancel", "3", "--db", db]).stdout.contains("Cancelled event #3"))
        let list = try agenda(["event", "list", "--from", "2024-01-01", "--until", "2024-12-31", "--db", db]).stdout
        #expect(!list.contains("High-Level Dialogue"))
        let withCancelled = try agenda(["event", "list", "--from", "2024", "--until", "2024", "--include-cancelled", "--db", db]).stdout
        #expect(withCancelled.contains("CANCELLED"))
        let refused = try agenda(["event", "delete", "3", "--db", db])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--yes"))
        #expect(try agenda(["event", "delete", "3", "--yes", "--db", db]).stdout.contains("Deleted event #3"))
        #expect(try agenda(["event", "show", "3", "--db", db]).status == 65)
    }

    @Test("Bad input: one line naming the field and value, non-zero exit, database byte-for-byte unchanged", arguments: [
        (["event", "add", "--title", "x", "--start", "2023-02-30"], "invalid --start '2023-02-30'", Int32(64)),
        (["event", "add", "--title", "x", "--start", "2023-02-20", "--tz", "Mars/Base"], "invalid --tz 'Mars/Base'", 64),
        (["event", "add", "--title", "x", "--start", "2023-02-20T10:00", "--end", "2023-02-20T09:00"], "invalid --end '2023-02-20T09:00'", 64),
        (["event", "add", "--title", "x", "--start", "2023-10", "--end", "2023-11"], "invalid --end '2023-11'", 64),
        (["event", "add", "--title", "x", "--start", "2023-10-01", "--committee", "NOPE"], "no committee 'NOPE'", 65),
        (["event", "add", "--title", "x", "--start", "2023-10-01", "--chair", "Nobody"], "no person 'Nobody'", 65),
        (["event", "add", "--title", "x", "--start", "2023-10-01", "--status", "maybe"], "'maybe' is invalid for '--status", 64),
        (["event", "show", "999"], "no event '999'", 65),
        (["event", "cancel", "no-such-uid"], "no event 'no-such-uid'", 65),
        (["committee", "add", "ACR", "--name", "Again", "--tz", "Europe/Rome"], "committee 'ACR' already exists", 65),
        (["chair", "record", "ACR", "Thailand", "--from", "2023-06-01", "--to", "2023-12-31"], "overlaps the recorded term of Viet Nam", 65),
        (["chair", "who", "ACR", "--on", "2023-13-01"], "invalid --on '2023-13-01'", 64),
        (["event", "add", "--title", "x"], "--start", 64),
        (["upcoming", "--days", "zero"], "--days", 64),
        (["export", "--from", "2023-06-01", "--to", "2023-05-01"], "invalid --to '2023-05-01'", 64),
        (["upcoming", "--from", "2023-06-01", "--until", "2023-05-01"], "invalid --until '2023-05-01'", 64),
        (["chair", "policy", "ACR", "--term", "6m", "--order", "alphabetical", "--anchor", "Italy", "--from", "2024-01-01"], "Italy is not a member of ACR", 65),
        (["chair", "swap", "ACR", "Thailand", "--with", "Narnia", "--on", "2024-01-01"], "Narnia is not a member of ACR", 65),
    ] as [([String], String, Int32)])
    func badInput(args: [String], message: String, status: Int32) throws {
        let db = try demoDB()
        let before = databaseBytes(db)
        let r = try agenda(args + ["--db", db])
        #expect(r.status == status)
        #expect(r.stderr.contains(message), "stderr: \(r.stderr)")
        if status != 64 || !message.hasPrefix("--") {
            #expect(r.stderr.split(separator: "\n").count == 1, "one line: \(r.stderr)")
        }
        #expect(r.stdout.isEmpty)
        #expect(databaseBytes(db) == before)
    }

    @Test("A corrupt or read-only database gets a clear message, not a crash")
    func brokenDatabases() throws {
        let garbage = tempDB()
        try Data(repeating: 0x42, count: 4096).write(to: URL(fileURLWithPath: garbage))
        let r = try agenda(["upcoming", "--db", garbage])
        #expect(r.status == 74)
        #expect(r.stderr.contains("is not an agenda database"))
        let dir = scratchDirectory.appendingPathComponent("ro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: dir.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dir.path) }
        if getuid() != 0 {  // root ignores permissions
            let ro = try agenda(["init", "--db", dir.appendingPathComponent("a.sqlite").path])
            #expect(ro.status != 0)
            #expect(ro.stderr.hasPrefix("agenda: "))
        }
    }

    @Test("Two processes adding 200 events each at the same time: all 400 are there", .timeLimit(.minutes(5)))
    func concurrentWriters() throws {
        let db = tempDB("concurrent")
        #expect(try agenda(["init", "--db", db]).status == 0)
        let script = """
            for i in $(seq 1 200); do "\(agendaBinary)" event add --title "writer $1 event $i" --start 2023-05-01 --db "\(db)" >/dev/null || echo "FAIL $1 $i" >&2; done
            """
        let procs = try (1...2).map { w -> (Process, Pipe) in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = ["-c", script, "writer", "\(w)"]
            p.environment = ["PATH": "/usr/bin:/bin", "NO_COLOR": "1", "TZ": "UTC", "HOME": scratchDirectory.path, "TMPDIR": scratchDirectory.path]
            let err = Pipe()
            p.standardError = err
            try p.run()
            return (p, err)
        }
        for (p, err) in procs {
            let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
            #expect(e.isEmpty, "errors: \(e.prefix(500))")
        }
        let list = try agenda(["event", "list", "--json", "--db", db])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 400)
        #expect(Set(array.compactMap { $0["uid"] as? String }).count == 400)
    }

    @Test("Help has examples; bash completion is generated")
    func help() throws {
        let h = try agenda(["event", "add", "--help"])
        #expect(h.status == 0)
        #expect(h.stdout.contains("Example"))
        #expect(h.stdout.contains("--participant"))
        let c = try agenda(["--generate-completion-script", "bash"])
        #expect(c.status == 0)
        #expect(c.stdout.contains("complete"))
        #expect(c.stdout.contains("upcoming"))
    }

    @Test("A topic given twice (in another case, or with spaces) is kept once, as first written; an empty one is dropped")
    func topicsOnce() throws {
        let db = try demoDB()
        let add = try agenda(["event", "add", "--title", "Trade talks", "--start", "2023-03-02", "--topic", "  trade ", "--topic", "Trade",
                              "--topic", "", "--topic", "Đối thoại", "--topic", "đối thoại", "--db", db])
        #expect(add.status == 0, "\(add.stderr)")
        let id = try #require(add.stdout.split(separator: "#").dropFirst().first?.split(separator: " ").first).description
        let feed = try agenda(["export", "--event", id, "--db", db]).stdout
        #expect(feed.components(separatedBy: "\r\nX-AGENDA-TOPIC:").count == 3, "\(feed)")
        #expect(feed.contains("X-AGENDA-TOPIC:trade\r\nX-AGENDA-TOPIC:Đối thoại\r\n"), "\(feed)")
    }

    @Test("Dates typed with the process zone far east and far west of UTC", arguments: ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
    func farZones(tz: String) throws {
        let db = try demoDB()
        // "today" at 2023-03-01T08:00Z is 03-01 in Kiritimati (UTC+14) and 02-28 in Pago Pago (UTC-11).
        let r = try agenda(["event", "add", "--title", "today test", "--start", "today", "--db", db], env: ["TZ": tz])
        let expected = tz == "Pacific/Kiritimati" ? "2023-03-01" : "2023-02-28"
        #expect(r.stdout.contains("today test\" \(expected) (confirmed)"), "\(r.stdout)\(r.stderr)")
        let committee = try agenda(["event", "add", "--title", "rome time", "--committee", "ACR", "--start", "2023-03-20 10:30",
                                    "--db", db], env: ["TZ": tz])
        #expect(committee.stdout.contains("2023-03-20 10:30–11:30"))
        let json = try agenda(["event", "list", "--from", "2023-03-19", "--until", "2023-03-21", "--json", "--db", db], env: ["TZ": tz])
        // 10:30 in Rome (UTC+1 in March) is 09:30Z whatever the viewer's zone.
        #expect(json.stdout.contains("\"startUTC\" : \"2023-03-20T09:30:00Z\""))
        let listed = try agenda(["event", "list", "--from", "2023-03-19", "--until", "2023-03-22", "--db", db], env: ["TZ": tz])
        #expect(listed.stdout.contains("10:30–11:30 Europe/Rome"))
    }

    @Test("--tz UTC+7 (or GMT+0700) is stored as Etc/GMT-7, seven hours ahead of UTC, with a note; its feed reads back unchanged")
    func offsetZonesStoredByName() throws {
        let db = try demoDB()
        let add = try agenda(["event", "add", "--title", "Bangkok call", "--start", "2023-03-20 10:00", "--tz", "GMT+0700", "--db", db])
        #expect(add.status == 0)
        #expect(add.stderr == "agenda: note: time zone GMT+0700 stored as Etc/GMT-7, the tz database's name for that offset all year round\n")
        let show = try agenda(["event", "list", "--from", "2023-03-20", "--until", "2023-03-20", "--json", "--db", db]).stdout
        #expect(show.contains("\"timeZone\" : \"Etc/GMT-7\"") && show.contains("\"startUTC\" : \"2023-03-20T03:00:00Z\""), "\(show)")
        // Feed → import into an empty agenda → feed: the same bytes (the name used to come back as Asia/Bangkok).
        let first = try agenda(["export", "--db", db]).stdout
        let file = scratchDirectory.appendingPathComponent("offset-\(UUID().uuidString).ics").path
        try first.write(toFile: file, atomically: true, encoding: .utf8)
        let other = tempDB("offset")
        #expect(try agenda(["import", file, "--db", other]).status == 0)
        let second = try agenda(["export", "--db", other]).stdout
        let stamps = { (t: String) in t.split(separator: "\r\n").filter { !$0.hasPrefix("DTSTAMP") } }
        #expect(stamps(first) == stamps(second))
        #expect(first.contains("DTSTART;TZID=Etc/GMT-7:20230320T100000"))
        // A committee's seat zone, added or edited, follows the same rule.
        #expect(try agenda(["committee", "add", "NAM", "--name", "Nairobi office", "--tz", "UTC+3", "--db", db]).stdout
                == "Added committee #2 NAM \"Nairobi office\" (Etc/GMT-3)\n")
        #expect(try agenda(["committee", "edit", "NAM", "--tz", "GMT-0500", "--db", db]).stdout.contains("(Etc/GMT+5)"))
    }

    @Test("TZ=UTC+7 is read as POSIX and the system's `date` read it, 7 hours behind UTC (Foundation read it 7 hours ahead: times 14 hours from date's)",
          arguments: [("UTC+7", "02:30–03:30", "Mon 20 Mar 2023"), (":GMT-7", "16:30–17:30", "Mon 20 Mar 2023"),
                      ("UTC+05:30", "04:00–05:00", "Mon 20 Mar 2023"), ("utc-14", "23:30–00:30 next day", "Mon 20 Mar 2023"),
                      // POSIX rules, as older systems and containers set TZ (every command refused them: "invalid TZ").
                      ("CET-1CEST,M3.5.0,M10.5.0/3", "10:30–11:30", "Mon 20 Mar 2023"),
                      ("EST5EDT,M3.2.0,M11.1.0", "05:30–06:30", "Mon 20 Mar 2023"),
                      ("AEST-10AEDT,M10.1.0,M4.1.0/3", "20:30–21:30", "Mon 20 Mar 2023"),
                      ("<+0530>-5:30", "15:00–16:00", "Mon 20 Mar 2023"), ("<-03>3", "06:30–07:30", "Mon 20 Mar 2023")])
    func posixOffsets(tz: String, time: String, day: String) throws {
        let db = try demoDB()
        // 10:30 in Rome (UTC+1 in March) is 09:30Z: `TZ=UTC+7 date` shows 02:30, `TZ=GMT-7 date` 16:30.
        #expect(try agenda(["event", "add", "--title", "late call", "--committee", "ACR", "--start", "2023-03-20 10:30",
                            "--db", db]).status == 0)
        let listed = try agenda(["upcoming", "--from", "2023-03-19", "--days", "3", "--db", db], env: ["TZ": tz])
        #expect(listed.status == 0, "\(listed.stderr)")
        let lines = listed.stdout.split(separator: "\n").map(String.init)
        let at = try #require(lines.firstIndex { $0.contains("late call") }, "\(listed.stdout)")
        #expect(lines[at].contains(time + " · ") || lines[at].contains(time + "  "), "\(lines[at])")
        #expect(lines[..<at].last { !$0.hasPrefix(" ") } == day, "\(listed.stdout)")
    }
}

@Suite("A locked database")
struct LockTests {
    @Test("A write while another process holds the lock waits, then fails with a clear message and writes nothing",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "needs the sqlite3 shell (.ci/run installs it)"))
    func locked() throws {
        let db = try demoDB()
        _ = try agenda(["init", "--db", db])
        let before = databaseBytes(db)
        // sqlite3 holds a write transaction open until its standard input closes.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        holder.arguments = [db]
        let input = Pipe(), output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 'locked';\n".utf8))
        // Wait until the lock is taken.
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("locked") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { Issue.record("sqlite3 ended before taking the lock"); return }
            seen.append(chunk)
        }
        let r = try agenda(["event", "add", "--title", "while locked", "--start", "2023-05-01", "--db", db],
                           env: ["AGENDA_BUSY_TIMEOUT": "1"])
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        #expect(r.status == 74)
        #expect(r.stderr.contains("locked by another process"), "stderr: \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(try agenda(["search", "while locked", "--db", db]).stdout.contains("Nothing found"))
        // A query typed with a line break is echoed on one line.
        #expect(try agenda(["search", "while\nlocked", "--db", db]).stdout == "Nothing found for \"while\\u{a}locked\".\n")
        #expect(databaseBytes(db) == before)
        // Once the lock is gone, the same command succeeds.
        #expect(try agenda(["event", "add", "--title", "after the lock", "--start", "2023-05-01", "--db", db]).status == 0)
    }
}

@Suite("Colour on a terminal")
struct ColourTests {
    /// Runs `agenda ARGS` under a pseudo-terminal (util-linux `script`).
    func onTerminal(_ args: [String], noColor: Bool) throws -> String {
        let command = ([agendaBinary] + args).map { "'\($0)'" }.joined(separator: " ")
        var env = ["AGENDA_NOW": "2023-03-01T08:00:00Z", "TZ": "Europe/Rome", "PATH": "/usr/bin:/bin", "HOME": scratchDirectory.path, "TMPDIR": scratchDirectory.path]
        if noColor { env["NO_COLOR"] = "1" }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        p.arguments = ["-qec", command, "/dev/null"]
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardInput = Pipe()
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r", with: "")
    }

    @Test("Colour on a TTY keeps the columns aligned; NO_COLOR turns it off", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func colour() throws {
        let db = try demoDB()
        let coloured = try onTerminal(["upcoming", "--from", "2023-01-01", "--until", "2023-12", "--db", db], noColor: false)
        #expect(coloured.contains("\u{1B}[33mtentative"))
        let plain = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        let rows = plain.components(separatedBy: "\n").filter { $0.hasPrefix("  #") }
        let titleColumns = Set(rows.map { row -> Int in
            let titles = ["Italy-ASEAN", "Award", "ACR meeting", "ACR working"]
            return titles.compactMap { row.range(of: $0) }.map { row.distance(from: row.startIndex, to: $0.lowerBound) }.min()!
        })
        #expect(rows.count == 5, "rows: \(plain.debugDescription)")
        #expect(titleColumns.count == 1, "titles start in one column: \(rows)")
        let noColour = try onTerminal(["upcoming", "--from", "2023-01-01", "--until", "2023-12", "--db", db], noColor: true)
        #expect(!noColour.contains("\u{1B}["))
        #expect(noColour.contains("Oct 2023 · tentative"))
    }
}

@Suite("A copied binary")
struct CopiedBinaryTests {
    @Test("A copy of the binary, away from the source tree, still migrates a new database and runs the demo")
    func copied() throws {
        let dir = scratchDirectory.appendingPathComponent("copied-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let copy = dir.appendingPathComponent("agenda").path
        try FileManager.default.copyItem(atPath: agendaBinary, toPath: copy)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: copy)
        p.arguments = ["demo", "--db", dir.appendingPathComponent("demo.sqlite").path]
        p.currentDirectoryURL = dir
        p.environment = ["PATH": "/usr/bin:/bin", "HOME": dir.path, "NO_COLOR": "1"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(text.contains("Viet Nam (Embassy of Viet Nam in Italy), term 2023-01-01 – 2023-06-30"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("acr.ics").path))
    }
}
