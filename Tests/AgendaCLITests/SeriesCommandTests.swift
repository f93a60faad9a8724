import Foundation
import Testing

/// Occurrences of a JSON listing: (title, start, status, occurrence).
private func listing(_ text: String) throws -> [(String, String, String, String?)] {
    let list = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    return list.map { ($0["title"] as! String, $0["start"] as! String, $0["status"] as! String, $0["occurrence"] as? String) }
}

@Suite("Recurring events from the command line", .serialized)
struct SeriesCommandTests {
    @Test("A monthly meeting is one command; one occurrence moved, one cancelled, the rest stay; the feed carries the series")
    func monthlyMeeting() throws {
        let db = try demoDB()
        let add = try agenda(["event", "add", "--db", db, "--committee", "ACR", "--title", "ACR monthly meeting",
                              "--start", "2023-03-16 10:00", "--end", "+2h", "--repeat", "monthly on the 3rd thursday",
                              "--until", "2023-12-31"])
        #expect(add.status == 0 && add.stderr.isEmpty, "\(add.stderr)")
        // The confirmation says the rule in words and the next three dates.
        #expect(add.stdout.contains("Repeats monthly on the 3rd Thursday until 2023-12-31; next: 2023-03-16 10:00–12:00; 2023-04-20 10:00–12:00; 2023-05-18 10:00–12:00"), "\(add.stdout)")
        let id = try #require(add.stdout.split(separator: "#").dropFirst().first?.split(separator: " ").first).description
        let all = try listing(try agenda(["event", "occurrences", id, "--db", db, "--json"]).stdout)
        #expect(all.map(\.1) == ["2023-03-16T10:00", "2023-04-20T10:00", "2023-05-18T10:00", "2023-06-15T10:00", "2023-07-20T10:00",
                                 "2023-08-17T10:00", "2023-09-21T10:00", "2023-10-19T10:00", "2023-11-16T10:00", "2023-12-21T10:00"])
        #expect(try agenda(["event", "edit", id, "--db", db, "--occurrence", "2023-04-20", "--start", "2023-04-21 15:00"]).status == 0)
        #expect(try agenda(["event", "cancel", id, "--db", db, "--occurrence", "2023-05-18", "--reason", "holiday"]).status == 0)
        let spring = try listing(try agenda(["event", "list", "--db", db, "--json", "--from", "2023-04-01", "--until", "2023-05-31",
                                             "--include-cancelled", "--committee", "ACR"]).stdout)
            .filter { $0.0 == "ACR monthly meeting" }
        #expect(spring.map(\.1) == ["2023-04-21T15:00", "2023-05-18T10:00"])
        #expect(spring.map(\.2) == ["confirmed", "cancelled"])
        #expect(spring.map(\.3) == ["2023-04-20T10:00", "2023-05-18T10:00"])
        // upcoming leaves the cancelled one out and marks the others as a series.
        let upcoming = try agenda(["upcoming", "--db", db, "--from", "2023-04-01", "--days", "60", "--committee", "ACR"])
        #expect(upcoming.stdout.contains("series, changed") && !upcoming.stdout.contains("2023-05-18"))
        // The feed: one VEVENT with the RRULE, one per override with RECURRENCE-ID in the series' zone.
        let feed = try agenda(["export", "--db", db, "--committee", "ACR", "--keep-cancelled-days", "100000"]).stdout
        #expect(feed.contains("RRULE:FREQ=MONTHLY;UNTIL=20231231T225959Z;BYDAY=3TH"))
        #expect(feed.contains("RECURRENCE-ID;TZID=Europe/Rome:20230420T100000"))
        #expect(feed.contains("RECURRENCE-ID;TZID=Europe/Rome:20230518T100000"))
        // `event show` says how it repeats, what comes next from now (as changed: April's moved, May's cancelled
        // one left out), and that two occurrences were changed; from June on, the next three are June's to August's.
        let show = try agenda(["event", "show", id, "--db", db], env: ["AGENDA_NOW": "2023-04-01T08:00:00Z"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("Repeats:   monthly on the 3rd Thursday until 2023-12-31  (RRULE:FREQ=MONTHLY;UNTIL=20231231T225959Z;BYDAY=3TH)"), "\(show.stdout)")
        #expect(show.stdout.contains("Next:      2023-04-21 15:00–17:00; 2023-06-15 10:00–12:00; 2023-07-20 10:00–12:00"), "\(show.stdout)")
        #expect(show.stdout.contains("Changed:   2 occurrences (agenda event occurrences \(id))"), "\(show.stdout)")
        // `event list` without a window lists the series once, marked as repeating; single events are not marked.
        let listed = try agenda(["event", "list", "--db", db, "--committee", "ACR"]).stdout.split(separator: "\n")
        #expect(listed.filter { $0.contains("ACR monthly meeting") }.map { $0.contains(" · repeats") } == [true], "\(listed)")
        #expect(listed.contains { $0.contains("ACR meeting with the leadership") && !$0.contains("repeats") }, "\(listed)")
        let june = try agenda(["event", "show", id, "--db", db], env: ["AGENDA_NOW": "2023-06-01T08:00:00Z"])
        #expect(june.stdout.contains("Next:      2023-06-15 10:00–12:00; 2023-07-20 10:00–12:00; 2023-08-17 10:00–12:00"), "\(june.stdout)")
    }

    @Test("A series whose start its rule does not give is added with a note naming the rule's first date; a start the rule gives, none")
    func startOffRule() throws {
        let db = try demoDB()
        let off = try agenda(["event", "add", "--db", db, "--title", "Third Thursdays", "--start", "2023-03-01 10:00", "--end", "+1h",
                              "--repeat", "monthly on the 3rd thursday", "--count", "3"])
        #expect(off.status == 0)
        #expect(off.stderr == "agenda: note: the first occurrence, 2023-03-01 10:00–11:00, is not one the rule gives (monthly on the 3rd Thursday, 3 times): iCalendar counts it all the same, but some calendar programs leave it out; to avoid that, start on 2023-03-16 10:00–11:00\n", "\(off.stderr)")
        let id = try #require(off.stdout.split(separator: "#").dropFirst().first?.split(separator: " ").first).description
        // Moving the start onto the rule's first date clears it.
        let moved = try agenda(["event", "edit", id, "--db", db, "--start", "2023-03-16 10:00"])
        #expect(moved.status == 0 && moved.stderr.isEmpty, "\(moved.stderr)")
        let weekly = try agenda(["event", "add", "--db", db, "--title", "Mondays and Wednesdays", "--start", "2023-03-01", "--repeat", "weekly on mon,wed", "--count", "3"])
        #expect(weekly.status == 0 && weekly.stderr.isEmpty, "\(weekly.stderr)")
    }

    @Test("A series that has ended says so, with its last occurrence (it used to give its first three as 'next'); a rule that gives no date is noted")
    func endedSeries() throws {
        let db = try demoDB()
        // The clock is 2023-03-01 08:00 UTC: the February Mondays are past.
        let ended = try agenda(["event", "add", "--db", db, "--title", "February Mondays", "--start", "2023-02-06 10:00",
                                "--end", "+1h", "--repeat", "weekly", "--until", "2023-02-27"])
        #expect(ended.status == 0 && ended.stderr.isEmpty, "\(ended.stderr)")
        #expect(ended.stdout.hasSuffix("Repeats weekly until 2023-02-27; next: none (the last was 2023-02-27 10:00–11:00)\n"), "\(ended.stdout)")
        let id = try #require(ended.stdout.split(separator: "#").dropFirst().first?.split(separator: " ").first).description
        // Its last occurrence cancelled: the one before it is the last.
        #expect(try agenda(["event", "cancel", id, "--db", db, "--occurrence", "2023-02-27"]).status == 0)
        #expect(try agenda(["event", "show", id, "--db", db]).stdout.contains("Next:      none (the last was 2023-02-20 10:00–11:00)\n"))
        // Seen from before it began, the same series lists its next three.
        let before = try agenda(["event", "show", id, "--db", db], env: ["AGENDA_NOW": "2023-02-01T00:00:00Z"])
        #expect(before.stdout.contains("Next:      2023-02-06 10:00–11:00; 2023-02-13 10:00–11:00; 2023-02-20 10:00–11:00\n"), "\(before.stdout)")
        // "Yearly on 30 February" gives no date: the event is its start alone, and the note says so.
        let never = try agenda(["event", "add", "--db", db, "--title", "Leap of faith", "--start", "2023-03-10 10:00",
                                "--rrule", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"])
        #expect(never.status == 0)
        #expect(never.stderr == "agenda: note: the rule (yearly in February on the 30th) gives no date: the event occurs on 2023-03-10 10:00–11:00 only\n", "\(never.stderr)")
        #expect(never.stdout.hasSuffix("next: 2023-03-10 10:00–11:00\n"), "\(never.stdout)")
    }

    @Test("Rules that repeat every second or minute: next and last are right, and a window with too many occurrences names the event at once")
    func subDailyRules() throws {
        let db = try demoDB()
        // The clock is 2023-03-01 08:00 UTC (09:00 in Rome).
        let secondly = try agenda(["event", "add", "--db", db, "--title", "Every second", "--start", "2023-02-01 10:00",
                                   "--end", "+1h", "--rrule", "FREQ=SECONDLY"])
        #expect(secondly.status == 0, "\(secondly.stderr)")
        // It used to say "none (the last was 2023-02-02 13:46–14:46)": the search for the next gave up after 1,000
        // instances of the two days before now, and the last was the 100,000th from the start.
        #expect(secondly.stdout.hasSuffix("next: 2023-03-01 09:00–10:00; 2023-03-01 09:00–10:00; 2023-03-01 09:00–10:00\n"), "\(secondly.stdout)")
        let id = try #require(secondly.stdout.split(separator: "#").dropFirst().first?.split(separator: " ").first).description
        // Thirty days of it are 2.6 million occurrences: refused at once (it took 10 s, and the refusal named no
        // event), naming the event and what to do.
        let month = try agenda(["upcoming", "--db", db, "--days", "30"])
        #expect(month.status == 65)
        #expect(month.stderr == "agenda: event #\(id) \"Every second\" repeats secondly (FREQ=SECONDLY): more than 100000 occurrences from 2023-03-01 to 2023-03-30, more than one listing shows; ask for a shorter window, or end the series ('agenda event edit \(id) --until WHEN')\n", "\(month.stderr)")
        let minute = try agenda(["upcoming", "--db", db, "--from", "2023-03-01T09:00:00Z", "--until", "2023-03-01T09:00:59Z"])
        #expect(minute.status == 0)
        // An hour long each: those that started in the hour before the window and are still on (08:00:01 to
        // 08:59:59), and those that start in it (09:00:00 to 09:00:58; the end of the window is not in it).
        #expect(minute.stdout.components(separatedBy: "Every second").count - 1 == 3599 + 59, "\(minute.stdout.prefix(400))")
        #expect(try agenda(["event", "delete", id, "--db", db, "--yes"]).status == 0)
        // Minutely for three months (132,000 occurrences): its last is found (it was the 100,000th).
        let minutely = try agenda(["event", "add", "--db", db, "--title", "Every minute", "--start", "2022-03-01 10:00",
                                   "--end", "+1h", "--rrule", "FREQ=MINUTELY;UNTIL=20220601T000000Z"])
        #expect(minutely.status == 0, "\(minutely.stderr)")
        #expect(minutely.stdout.hasSuffix("next: none (the last was 2022-06-01 02:00–03:00)\n"), "\(minutely.stdout)")
        // One that ended 24 years before now, seen from then: the search goes back as far as it must.
        let long = try agenda(["event", "add", "--db", db, "--title", "Long ago", "--start", "1999-03-01 10:00",
                               "--end", "+1h", "--repeat", "yearly", "--until", "2000-06-01"])
        #expect(long.stdout.hasSuffix("next: none (the last was 2000-03-01 10:00–11:00)\n"), "\(long.stdout)")
        // Too many in the whole series: refused at add, in words.
        let tooMany = try agenda(["event", "add", "--db", db, "--title", "Too many", "--start", "2023-03-01 10:00",
                                  "--rrule", "FREQ=SECONDLY;UNTIL=20240101T000000Z"])
        #expect(tooMany.status == 64)
        #expect(tooMany.stderr == "agenda: invalid --rrule 'FREQ=SECONDLY;UNTIL=20240101T000000Z': expected a series of at most 1000000 occurrences (an earlier UNTIL or a smaller COUNT)\n", "\(tooMany.stderr)")
        // Every other minute at minute 1 of the hour, from an even minute: never; refused in words too (it read
        // "expected RRULE … finds no instance …").
        let never = try agenda(["event", "add", "--db", db, "--title", "Never", "--start", "2023-03-01 10:00",
                                "--rrule", "FREQ=MINUTELY;INTERVAL=2;BYMINUTE=1"])
        #expect(never.status == 64)
        #expect(never.stderr == "agenda: invalid --rrule 'FREQ=MINUTELY;INTERVAL=2;BYMINUTE=1': expected a rule that gives an occurrence within 2000000 steps (this one gives none)\n", "\(never.stderr)")
    }

    @Test("This and following: earlier occurrences stay under the old UID, later ones move under a new one")
    func thisAndFollowing() throws {
        let db = try demoDB()
        let add = try agenda(["event", "add", "--db", db, "--title", "Heads of mission lunch", "--start", "2023-03-07 12:30",
                              "--end", "+90m", "--tz", "Europe/Rome", "--repeat", "every 2 weeks on tuesday", "--count", "6"])
        let id = try #require(add.stdout.split(separator: "#").dropFirst().first?.split(separator: " ").first).description
        let split = try agenda(["event", "edit", id, "--db", db, "--from-occurrence", "2023-04-18", "--start", "2023-04-18 13:00"])
        #expect(split.status == 0, "\(split.stderr)")
        let list = try listing(try agenda(["event", "list", "--db", db, "--json", "--from", "2023-03-01", "--until", "2023-06-30"]).stdout)
            .filter { $0.0 == "Heads of mission lunch" }
        #expect(list.map(\.1) == ["2023-03-07T12:30", "2023-03-21T12:30", "2023-04-04T12:30", "2023-04-18T13:00", "2023-05-02T13:00", "2023-05-16T13:00"])
    }

    @Test("agenda rule shows a rule in words and its occurrences without touching any file")
    func ruleCommand() throws {
        let r = try agenda(["rule", "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", "--start", "2026-05-11 09:00", "--tz", "Europe/Rome", "--count", "3", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let occ = try #require(json["occurrences"] as? [[String: String]])
        #expect(occ.map { $0["start"]! } == ["2026-05-11T09:00", "2027-05-17T09:00", "2028-05-15T09:00"])
        #expect(occ.map { $0["startUTC"]! } == ["2026-05-11T07:00:00Z", "2027-05-17T07:00:00Z", "2028-05-15T07:00:00Z"])
    }
}
