import Foundation
import Testing
import TestScratch

/// Runs `sqlite3 PATH SQL` and returns its output.
func sqlite(_ path: String, _ sql: String) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    p.arguments = ["-cmd", ".timeout 10000", path, sql]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = Pipe()
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Starts `agenda` without waiting for it.
func startAgenda(_ arguments: [String]) throws -> Process {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: agendaBinary)
    p.arguments = arguments
    p.environment = ["PATH": "/usr/bin:/bin", "HOME": scratchDirectory.path, "TMPDIR": scratchDirectory.path, "NO_COLOR": "1",
                     "AGENDA_NOW": "2023-03-01T08:00:00Z", "TZ": "Europe/Rome"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    return p
}

@Suite("Killed, concurrent and confidential", .serialized)
struct RobustnessTests {
    @Test("kill -9 during generate (into an existing file and a new one), load and publish: integrity ok, all or nothing, no leftovers")
    func killed() throws {
        var rng = SystemRandomNumberGenerator()
        var kills = 0
        /// Starts a command (`start` prepares its own fresh state and returns what the checks need) and kills it
        /// after a random delay in `delay` (microseconds). A command that finished first is started again, with
        /// half the delay, so that every step of every round is killed mid-way however fast the machine is.
        func killMidway<State>(delay: ClosedRange<UInt32>, _ start: () throws -> (Process, State)) throws -> State {
            var range = delay
            while true {
                let (process, state) = try start()
                usleep(UInt32.random(in: range, using: &rng))
                let running = process.isRunning
                if running { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
                if running || range.upperBound < 1_000 {
                    if running { kills += 1 }
                    return state
                }
                range = range.lowerBound / 2 ... range.upperBound / 2
            }
        }
        for round in 0..<4 {
            // generate: either every event and its committee, or nothing.
            let g = try killMidway(delay: 100_000...900_000) {
                let g = tempDB("kill-gen")
                #expect(try agenda(["init", "--db", g]).status == 0)
                return (try startAgenda(["generate", "--events", "20000", "--db", g]), g)
            }
            #expect(try sqlite(g, "PRAGMA integrity_check") == "ok")
            let events = try sqlite(g, "SELECT count(*) FROM event"), committees = try sqlite(g, "SELECT count(*) FROM committee")
            #expect((events == "0" && committees == "0") || (events == "20000" && committees == "1"), "round \(round): \(events) events")

            // generate into a new file: it is built beside its path, so the path holds nothing or all of it; the
            // next bulk write to that path removes the hidden file the killed one left.
            let fresh = try killMidway(delay: 100_000...900_000) {
                let fresh = tempDB("kill-new")
                return (try startAgenda(["generate", "--events", "20000", "--db", fresh]), fresh)
            }
            if FileManager.default.fileExists(atPath: fresh) {
                #expect(try sqlite(fresh, "PRAGMA integrity_check") == "ok")
                #expect(try sqlite(fresh, "SELECT count(*) FROM event") == "20000", "round \(round)")
            }
            #expect(try agenda(["generate", "--events", "10", "--committee", "AFTER", "--db", fresh]).status == 0)
            let folder = URL(fileURLWithPath: fresh).deletingLastPathComponent().path
            let name = URL(fileURLWithPath: fresh).lastPathComponent
            let hidden = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".\(name)") }
            #expect(hidden.isEmpty, "round \(round): \(hidden)")

            // load: the whole scenario or nothing.
            let l = try killMidway(delay: 0...60_000) {
                let l = tempDB("kill-load")
                #expect(try agenda(["init", "--db", l]).status == 0)
                return (try startAgenda(["load", "--embedded", "acr-2023.json", "--db", l]), l)
            }
            #expect(try sqlite(l, "PRAGMA integrity_check") == "ok")
            let loaded = try sqlite(l, "SELECT (SELECT count(*) FROM event) || '/' || (SELECT count(*) FROM committee)")
            #expect(loaded == "0/0" || loaded == "5/1", "round \(round): \(loaded)")

            // publish: files in the served folder are complete feeds; no temporary file is ever inside it.
            let db = try demoDB()
            #expect(try agenda(["generate", "--events", "8000", "--db", db]).status == 0)
            let site = try killMidway(delay: 30_000...250_000) {
                let site = scratchDirectory.appendingPathComponent("kill-site-\(UUID().uuidString)").path
                return (try startAgenda(["publish", site, "--db", db]), site)
            }
            let files = (FileManager.default.enumerator(atPath: site)?.allObjects as? [String]) ?? []
            #expect(!files.contains { ($0 as NSString).lastPathComponent.hasPrefix(".") }, "hidden leftovers: \(files)")
            for f in files where f.hasSuffix(".ics") {
                let text = try String(contentsOfFile: site + "/" + f, encoding: .utf8)
                #expect(text.hasSuffix("END:VCALENDAR\r\n"), "\(f) is complete")
            }
            // The next publish cleans up whatever the killed one left beside the folder.
            #expect(try agenda(["publish", site, "--db", db]).status == 0)
            let staging = URL(fileURLWithPath: site).deletingLastPathComponent()
                .appendingPathComponent(".\(URL(fileURLWithPath: site).lastPathComponent).agenda-staging").path
            #expect(!FileManager.default.fileExists(atPath: staging))
        }
        // Every step of every round was killed while it ran (a step is retried sooner when it finished first).
        #expect(kills == 16, "processes killed mid-way: \(kills) of 16")
    }

    @Test("Six processes creating the same new database, then four writing to it at once: every command succeeds")
    func concurrency() throws {
        let db = tempDB("race")
        let creators = try (0..<6).map { i in
            try startAgenda(["event", "add", "--title", "First \(i)", "--start", "2023-04-0\(i + 1) 10:00", "--db", db])
        }
        for p in creators { p.waitUntilExit() }
        #expect(creators.allSatisfy { $0.terminationStatus == 0 }, "\(creators.map(\.terminationStatus))")
        let writers = try (0..<4).map { i in
            try startAgenda(["generate", "--events", "2000", "--committee", "W\(i)", "--db", db])
        }
        let adders = try (0..<6).map { i in
            try startAgenda(["event", "add", "--title", "Second \(i)", "--start", "2023-05-0\(i + 1)", "--db", db])
        }
        for p in writers + adders { p.waitUntilExit() }
        #expect((writers + adders).allSatisfy { $0.terminationStatus == 0 })
        let count = try sqlite(db, "SELECT count(*) FROM event")
        #expect(count == "\(6 + 4 * 2000 + 6)", "\(count)")
        #expect(try sqlite(db, "PRAGMA integrity_check") == "ok")
    }

    @Test("Nothing public shows a private or confidential event: feeds, index, listings, search, JSON")
    func confidentiality() throws {
        let db = try demoDB()
        let secrets = ["Zephyr strategy talk", "Villa Quiricone", "walk-in only, bring the Zephyr file",
                       "Mistral dinner", "Palazzo Nascosto", "seating plan Mistral"]
        let a = try agenda(["event", "add", "--title", secrets[0], "--location", secrets[1], "--note", secrets[2],
                            "--class", "confidential", "--committee", "ACR", "--start", "2023-03-10 10:00", "--db", db])
        let b = try agenda(["event", "add", "--title", secrets[3], "--location", secrets[4], "--note", secrets[5],
                            "--class", "private", "--start", "2023-03-11", "--db", db])
        #expect(a.status == 0 && b.status == 0)
        let uids = [a.stdout, b.stdout].compactMap { $0.components(separatedBy: "uid ").last?.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(uids.count == 2)
        let site = scratchDirectory.appendingPathComponent("public-\(UUID().uuidString)").path
        let internalSite = scratchDirectory.appendingPathComponent("internal-\(UUID().uuidString)").path
        #expect(try agenda(["publish", site, "--internal-dir", internalSite, "--base-url", "https://example.org/a", "--db", db]).status == 0)
        var artefacts: [String: String] = [:]
        for f in (FileManager.default.enumerator(atPath: site)?.allObjects as? [String]) ?? [] {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: site + "/" + f, isDirectory: &isDir), !isDir.boolValue {
                artefacts["publish/" + f] = try String(contentsOfFile: site + "/" + f, encoding: .utf8)
            }
        }
        #expect(artefacts.count >= 5)
        let commands: [[String]] = [
            ["export"], ["export", "--audience", "public"], ["export", "--committee", "ACR", "--include-terms"],
            ["upcoming", "--from", "2023-03-01", "--days", "30"], ["upcoming", "--from", "2023-03-01", "--days", "30", "--audience", "public"],
            ["upcoming", "--from", "2023-03-01", "--days", "30", "--json"], ["event", "list"], ["event", "list", "--json"],
            ["search", "zephyr"], ["search", "mistral", "--json"], ["search", "villa"], ["search", "palazzo"],
        ]
        for c in commands { artefacts[c.joined(separator: " ")] = try agenda(c + ["--db", db]).stdout }
        for (name, text) in artefacts {
            for s in secrets + uids { #expect(!text.contains(s), "\(name) shows '\(s)'") }
        }
        // Asked for one by id, the public audience refuses; internal shows it, marked.
        let one = try agenda(["export", "--event", "6", "--db", db])
        #expect(one.status == 64 && one.stdout.isEmpty)
        #expect(try agenda(["event", "show", "6", "--db", db]).status == 64)
        let listed = try agenda(["upcoming", "--from", "2023-03-01", "--days", "30", "--audience", "internal", "--db", db]).stdout
        #expect(listed.contains(secrets[0]) && listed.contains("CONFIDENTIAL") && listed.contains("private"))
        // The internal folder is the owner's only, and nothing public links it.
        var st = stat()
        #expect(stat(internalSite, &st) == 0 && st.st_mode & 0o077 == 0)
        #expect(stat(internalSite + "/all.ics", &st) == 0 && st.st_mode & 0o077 == 0)
        #expect(try String(contentsOfFile: internalSite + "/all.ics", encoding: .utf8).contains(secrets[0]))
        #expect(!(artefacts["publish/index.html"] ?? "").contains("internal"))
    }

    @Test("An export never replaces a database: its own, its side files, another application's")
    func exportOverDatabase() throws {
        let db = try demoDB()
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        // It used to write the feed over the database ("Wrote 7 events to agenda.sqlite").
        let own = try agenda(["export", "--db", db, "-o", db])
        #expect(own.status == 64)
        #expect(own.stderr == "agenda: invalid output '\(db)': expected a file that is not a database ('\(db)' is an SQLite database, which an export never replaces)\n", "\(own.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        #expect(try sqlite(db, "PRAGMA integrity_check") == "ok")
        // A link to it is followed to it; its WAL is refused by name, whether or not it exists now.
        let link = db + ".link.ics"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: db)
        #expect(try agenda(["export", "--db", db, "-o", link]).status == 64)
        let wal = try agenda(["export", "--db", db, "-o", db + "-wal"])
        #expect(wal.stderr == "agenda: invalid output '\(db)-wal': expected a file that is not part of a database ('\(db)' is an SQLite database, and this is its -wal file)\n", "\(wal.stderr)")
        // Another application's database is not replaced either.
        let other = db + ".other.sqlite"
        _ = try sqlite(other, "CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        #expect(try agenda(["export", "--db", db, "-o", other]).status == 64)
        #expect(try sqlite(other, "SELECT x FROM t") == "1")
        // A feed beside it is written.
        #expect(try agenda(["export", "--db", db, "-o", db + ".ics"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    }

    @Test("Feed file names never collide, whatever the committee codes")
    func feedNames() throws {
        let db = try demoDB()
        for code in ["ALL", "TERMS", "X-terms", "X", "index"] {
            #expect(try agenda(["committee", "add", code, "--name", "Committee \(code)", "--tz", "Europe/Rome", "--db", db]).status == 0)
            #expect(try agenda(["event", "add", "--title", "Meeting of \(code)", "--committee", code, "--start", "2023-04-01", "--db", db]).status == 0)
        }
        let site = scratchDirectory.appendingPathComponent("names-\(UUID().uuidString)").path
        let r = try agenda(["publish", site, "--db", db])
        #expect(r.stdout.contains("Published 14 public feeds"), "\(r.stdout)")
        let all = try String(contentsOfFile: site + "/all.ics", encoding: .utf8)
        #expect(all.components(separatedBy: "BEGIN:VEVENT").count - 1 == 5 + 5, "all.ics holds every public event")
        #expect(try String(contentsOfFile: site + "/terms.ics", encoding: .utf8).contains("X-WR-CALNAME:Agenda: chair terms"))
        #expect(try String(contentsOfFile: site + "/committees/x.terms.ics", encoding: .utf8).contains("X chair terms"))
        #expect(try String(contentsOfFile: site + "/committees/x-terms.ics", encoding: .utf8).contains("Meeting of X-terms"))
        #expect(try String(contentsOfFile: site + "/committees/all.ics", encoding: .utf8).contains("Meeting of ALL"))
        #expect(try String(contentsOfFile: site + "/index.html", encoding: .utf8).hasPrefix("<!doctype html>"))
    }
}
