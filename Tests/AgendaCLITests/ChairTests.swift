import Foundation
import Testing

@Suite("Chairmanship rotations, end to end", .serialized)
struct ChairTests {
    @Test("The demo projects the ACR chairs for the second half of 2023 and 2024 from its policy")
    func demoProjection() throws {
        let r = try agenda(["demo"])
        #expect(r.stdout.contains("2023-07-01 – 2023-12-31  Indonesia (projected)"))
        #expect(r.stdout.contains("2024-07-01 – 2024-12-31  Myanmar (projected)"))
    }

    @Test("who: recorded or projected, on the first and last day of a term, in the committee's zone")
    func who() throws {
        let db = try demoDB()
        func who(_ on: String) throws -> String { try agenda(["chair", "who", "ACR", "--on", on, "--db", db]).stdout }
        #expect(try who("2023-01-01").contains("Viet Nam (Embassy of Viet Nam in Italy), term 2023-01-01 – 2023-06-30 (recorded; source: TTXVN"))
        #expect(try who("2023-06-30").contains(": Viet Nam"))
        #expect(try who("2023-07-01").contains(": Indonesia, term 2023-07-01 – 2023-12-31 (projected)"))
        #expect(try who("2017-05-15").contains(": Viet Nam"))
        // "today" is today in Rome: at 2023-06-30T22:30Z it is already 1 July in Rome.
        let late = try agenda(["chair", "who", "ACR", "--db", db], env: ["AGENDA_NOW": "2023-06-30T22:30:00Z", "TZ": "Pacific/Pago_Pago"])
        #expect(late.stdout.contains("chair on 2023-07-01: Indonesia"))
        let json = try agenda(["chair", "who", "ACR", "--on", "2024-03-01", "--json", "--db", db]).stdout
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let term = try #require(obj["term"] as? [String: Any])
        #expect(term["member"] as? String == "Malaysia" && term["kind"] as? String == "projected")
        #expect(term["start"] as? String == "2024-01-01" && term["end"] as? String == "2024-06-30")
    }

    @Test("handover: the chair passes at a meeting weeks after the nominal start; the outgoing chair holds until then")
    func handover() throws {
        let db = try demoDB()
        let r = try agenda(["chair", "handover", "ACR", "--to", "Indonesia", "--on", "2023-07-20", "--source", "ACR meeting", "--db", db])
        #expect(r.stdout.contains("Indonesia chairs ACR 2023-07-01 – 2023-12-31, handover 2023-07-20"), "\(r.stdout)\(r.stderr)")
        #expect(try agenda(["chair", "who", "ACR", "--on", "2023-07-19", "--db", db]).stdout.contains(": Viet Nam"))
        #expect(try agenda(["chair", "who", "ACR", "--on", "2023-07-20", "--db", db]).stdout.contains(": Indonesia"))
        let history = try agenda(["chair", "history", "ACR", "--db", db]).stdout
        #expect(history.contains("2023-07-01 – 2023-12-31  Indonesia  handover 2023-07-20"))
        // The gap once, where it falls (it was also repeated at the end as "! gap: …").
        #expect(history.components(separatedBy: "2017-07-01").count == 2, "\(history)")
        #expect(history.split(separator: "\n").map(String.init).filter { !$0.contains("TTXVN") } ==
                ["  gap: 2017-07-01 – 2022-12-31 (no term recorded)", "2023-07-01 – 2023-12-31  Indonesia  handover 2023-07-20  [ACR meeting]"], "\(history)")
    }

    @Test("An overlapping record is rejected and the database is unchanged")
    func overlap() throws {
        let db = try demoDB()
        let before = databaseBytes(db)
        let r = try agenda(["chair", "record", "ACR", "Thailand", "--from", "2023-04-01", "--to", "2023-09-30", "--db", db])
        #expect(r.status == 65)
        #expect(r.stderr.contains("overlaps the recorded term of Viet Nam 2023-01-01..2023-06-30"))
        #expect(databaseBytes(db) == before)
        let nonMember = try agenda(["chair", "record", "ACR", "Italy", "--from", "2024-01-01", "--to", "2024-06-30", "--db", db])
        #expect(nonMember.status == 65)
        #expect(nonMember.stderr.contains("Italy is not a member of ACR"))
        #expect(databaseBytes(db) == before)
    }

    @Test("policy, skip, swap and project (JSON) through the command line")
    func policyAndProject() throws {
        let db = tempDB()
        _ = try agenda(["committee", "add", "AC", "--name", "ASEAN Chairmanship", "--tz", "Asia/Jakarta", "--db", db])
        for m in ["Brunei Darussalam", "Cambodia", "Indonesia", "Lao PDR", "Malaysia", "Myanmar", "Philippines", "Singapore", "Thailand", "Viet Nam"] {
            #expect(try agenda(["member", "add", "AC", m, "--db", db]).status == 0)
        }
        #expect(try agenda(["member", "add", "AC", "Timor-Leste", "--from", "2025-10-26", "--db", db]).status == 0)
        let set = try agenda(["chair", "policy", "AC", "--term", "1y", "--order", "alphabetical", "--anchor", "Viet Nam", "--from", "2020-01-01", "--db", db])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(try agenda(["chair", "skip", "AC", "Myanmar", "--on", "2026-01-01", "--source", "ASEAN leaders, 2023", "--db", db]).status == 0)
        #expect(try agenda(["chair", "swap", "AC", "Thailand", "--with", "Singapore", "--on", "2027-01-01", "--db", db]).status == 0)
        let show = try agenda(["chair", "policy", "AC", "show", "--db", db]).stdout
        #expect(show.contains("12-month terms, order alphabetical, Viet Nam holds the term from 2020-01-01"))
        #expect(show.contains("skip Myanmar on or after 2026-01-01  [ASEAN leaders, 2023]"))
        let r = try agenda(["chair", "project", "AC", "--from", "2021-01-01", "--until", "2030-12-31", "--json", "--db", db])
        let terms = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(terms.map { $0["member"] as? String ?? "" } == ["Brunei Darussalam", "Cambodia", "Indonesia", "Lao PDR", "Malaysia",
                                                               "Philippines", "Thailand", "Singapore", "Timor-Leste", "Viet Nam"])
        #expect(terms[5]["note"] as? String == "skip of Myanmar")
        #expect(terms.allSatisfy { $0["kind"] as? String == "projected" })
        #expect(terms[0]["start"] as? String == "2021-01-01" && terms[0]["end"] as? String == "2021-12-31")
        let bad = try agenda(["chair", "policy", "AC", "--term", "7x", "--order", "alphabetical", "--anchor", "Viet Nam", "--from", "2020-01-01", "--db", db])
        #expect(bad.status == 64 && bad.stderr.contains("invalid --term '7x'"))
    }

    @Test("Projected terms appear in feeds, marked; check flags a meeting chaired by someone else's ambassador")
    func feedsAndCheck() throws {
        let db = try demoDB()
        let feed = try agenda(["export", "--committee", "ACR", "--include-terms", "--include-projected", "--from", "2023-01-01",
                               "--to", "2024-12-31", "--db", db]).stdout
        #expect(feed.contains("SUMMARY:Indonesia chairs the ACR (projected)"))
        #expect(feed.contains("X-AGENDA-TERM:projected"))
        #expect(feed.contains("UID:chair-term-acr-2023-07-01@agenda"))
        let gap = try agenda(["chair", "check", "ACR", "--db", db])
        #expect(gap.stdout.contains("gap: no term recorded 2017-07-01 – 2022-12-31"))
        // Something found: exit 1, for scripts; nothing found: exit 0.
        #expect(gap.status == 1 && gap.stderr.isEmpty, "\(gap.status) \(gap.stderr)")
        // The same for scripts, as JSON.
        let json = try agenda(["chair", "check", "ACR", "--json", "--db", db])
        #expect(json.status == 1)
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let first = try #require(issues.first)
        #expect(first["kind"] as? String == "gap" && first["from"] as? String == "2017-07-01" && first["to"] as? String == "2022-12-31")
        #expect(first["message"] as? String == "gap: no term recorded 2017-07-01 – 2022-12-31")
        #expect(issues.count == gap.stdout.split(separator: "\n").count)
        #expect(try agenda(["chair", "record", "ACR", "Viet Nam", "--from", "2017-07-01", "--to", "2022-12-31", "--db", db]).status == 0)
        let clean = try agenda(["chair", "check", "ACR", "--db", db])
        #expect(clean.status == 0 && clean.stdout == "ACR: no inconsistencies found.\n", "\(clean.status) \(clean.stdout)")
        let none = try agenda(["chair", "check", "ACR", "--json", "--db", db])
        #expect(none.status == 0 && none.stdout == "[]\n", "\(none.status) \(none.stdout)")
        _ = try agenda(["person", "add", "Ambassador of Thailand", "--title", "Ambassador", "--org", "Embassy of Thailand in Italy", "--db", db])
        _ = try agenda(["event", "add", "--committee", "ACR", "--title", "Odd meeting", "--start", "2023-03-15", "--chair", "Ambassador of Thailand", "--db", db])
        let check = try agenda(["chair", "check", "ACR", "--db", db]).stdout
        #expect(check.contains("\"Odd meeting\": chaired by Ambassador of Thailand, but Viet Nam chairs ACR then"))
        let odd = try JSONSerialization.jsonObject(with: Data(try agenda(["chair", "check", "ACR", "--json", "--db", db]).stdout.utf8)) as? [[String: Any]]
        #expect(odd?.count == 1 && odd?.first?["kind"] as? String == "chair-mismatch" && odd?.first?["member"] as? String == "Viet Nam")
        #expect(odd?.first?["event"] as? Int != nil && odd?.first?["from"] as? String == "2023-03-15")
        #expect(!check.contains("ACR meeting with the leadership"))
    }

    @Test("A committee's questions read 'today' in the committee's zone, typed or not: past midnight in Rome, before it in New York")
    func todayInTheCommitteesZone() throws {
        let db = try demoDB()
        // 23:30 UTC on 30 June: 19:30 in New York, 01:30 on 1 July in Rome, when Indonesia's projected term begins.
        let env = ["AGENDA_NOW": "2023-06-30T23:30:00Z", "TZ": "America/New_York"]
        for args in [["chair", "who", "ACR"], ["chair", "who", "ACR", "--on", "today"]] {
            let r = try agenda(args + ["--db", db], env: env)
            #expect(r.stdout.hasPrefix("ACR chair on 2023-07-01: Indonesia"), "\(args): \(r.stdout) \(r.stderr)")
        }
        let yesterday = try agenda(["chair", "who", "ACR", "--on", "yesterday", "--db", db], env: env)
        #expect(yesterday.stdout.hasPrefix("ACR chair on 2023-06-30: Viet Nam"), "\(yesterday.stdout)")
        let project = try agenda(["chair", "project", "ACR", "--from", "today", "--until", "2023-12-31", "--db", db], env: env)
        #expect(project.stdout.hasPrefix("2023-07-01 – 2023-12-31  Indonesia"), "\(project.stdout)")
    }

    @Test("A start may be a month, quarter or year (its first day), an end too (its last day); a day asked for with --on must be a day")
    func periodsAsDays() throws {
        let db = try demoDB()
        let record = try agenda(["chair", "record", "ACR", "Thailand", "--from", "2030-01", "--to", "2030-Q2", "--db", db])
        #expect(record.stdout.contains("Thailand chairs ACR 2030-01-01 – 2030-06-30"), "\(record.stdout) \(record.stderr)")
        let member = try agenda(["member", "add", "ACR", "Laos", "--embassy", "Embassy of Laos in Italy", "--from", "2031", "--to", "2031-03", "--db", db])
        #expect(member.status == 0, "\(member.stderr)")
        #expect(try agenda(["member", "list", "ACR", "--db", db]).stdout.contains("Laos (Embassy of Laos in Italy)  2031-01-01 – 2031-03-31"))
        let project = try agenda(["chair", "project", "ACR", "--from", "2030-Q1", "--until", "2030-06", "--db", db]).stdout
        #expect(project.hasPrefix("2030-01-01 – 2030-06-30  Thailand              recorded"), "\(project)")
        let before = try agenda(["chair", "history", "ACR", "--json", "--db", db]).stdout
        for (args, message) in [(["chair", "who", "ACR", "--on", "2023-10"], "invalid --on '2023-10': expected a day such as 2023-01-01"),
                                (["chair", "record", "ACR", "Malaysia", "--from", "2032-01-01", "--to", "2032-06-01T10:00"],
                                 "invalid --to '2032-06-01T10:00': expected a day such as 2023-01-01, or a month, quarter or year (2023-01, 2023-Q1, 2023: its last day)")] {
            let r = try agenda(args + ["--db", db])
            #expect(r.status == 64 && r.stderr == "agenda: \(message)\n", "\(r.stderr)")
        }
        #expect(try agenda(["chair", "history", "ACR", "--json", "--db", db]).stdout == before)
    }
}
