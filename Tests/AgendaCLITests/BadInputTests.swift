import Foundation
import Testing
import TestScratch

/// One bad command: what is typed, the exit code the README promises, and a word the one-line message must hold.
struct BadInput: CustomTestStringConvertible, Sendable {
    var arguments: [String]
    var status: Int32
    var mentions: String
    var env: [String: String] = [:]
    /// Appends `--db DEMO` unless the case names its own database.
    var usesDemo = true
    var testDescription: String { arguments.joined(separator: " ") + (env.isEmpty ? "" : " \(env)") }
}

/// A placeholder for a path that does not exist before the command and must not exist after it.
let newPath = "@NEW@"

let badInputs: [BadInput] = [
    // Usage, parsed by swift-argument-parser: one line, exit 64.
    BadInput(arguments: ["upcoming", "--days", "-1"], status: 64, mentions: "--days"),
    BadInput(arguments: ["upcoming", "--days", "0"], status: 64, mentions: "--days"),
    BadInput(arguments: ["upcoming", "--days", "abc"], status: 64, mentions: "abc"),
    BadInput(arguments: ["upcoming", "--days", "99999999999999999999"], status: 64, mentions: "99999999999999999999"),
    BadInput(arguments: ["upcoming", "--days", "3", "--until", "2023-12"], status: 64, mentions: "--until"),
    BadInput(arguments: ["upcoming", "--bogus"], status: 64, mentions: "--bogus"),
    BadInput(arguments: ["nonsense"], status: 64, mentions: "nonsense", usesDemo: false),
    BadInput(arguments: ["event", "list", "--audience", "everyone"], status: 64, mentions: "everyone"),
    BadInput(arguments: ["event", "add", "--title", "x"], status: 64, mentions: "--start"),
    BadInput(arguments: ["event", "add", "--start", "2023-03-01"], status: 64, mentions: "--title"),
    BadInput(arguments: ["export", "--audience", "everyone"], status: 64, mentions: "everyone"),
    BadInput(arguments: ["export", "--event", "1", "--committee", "ACR"], status: 64, mentions: "--event"),
    BadInput(arguments: ["export", "--keep-cancelled-days", "-5"], status: 64, mentions: "--keep-cancelled-days"),
    BadInput(arguments: ["export", "--include-projected"], status: 64, mentions: "--include-terms"),
    BadInput(arguments: ["search", "x", "--limit", "0"], status: 64, mentions: "--limit"),
    BadInput(arguments: ["load"], status: 64, mentions: "FILE"),
    BadInput(arguments: ["generate", "--events", "0"], status: 64, mentions: "--events"),
    BadInput(arguments: ["upcoming", "--db", ""], status: 64, mentions: "--db", usesDemo: false),
    // Dates and windows.
    BadInput(arguments: ["upcoming", "--from", "2023-02-30"], status: 64, mentions: "February 2023 has 28 days"),
    BadInput(arguments: ["upcoming", "--from", "2023-13"], status: 64, mentions: "month 13"),
    BadInput(arguments: ["upcoming", "--from", "tomorrowish"], status: 64, mentions: "tomorrowish"),
    BadInput(arguments: ["upcoming", "--from", "2023-03-10", "--until", "2023-03-01"], status: 64, mentions: "--until"),
    BadInput(arguments: ["upcoming", "--status", "maybe"], status: 64, mentions: "maybe"),
    BadInput(arguments: ["upcoming", "--from", "2300-01-01"], status: 64, mentions: "2199"),
    BadInput(arguments: ["export", "--from", "2023-12-01", "--to", "2023-01-01"], status: 64, mentions: "--to"),
    BadInput(arguments: ["chair", "who", "ACR", "--on", "9999-12-31"], status: 64, mentions: "2199"),
    BadInput(arguments: ["chair", "project", "ACR", "--from", "2023-01-01", "--until", "2300-01-01"], status: 64, mentions: "2199"),
    // Schedules.
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-02-30"], status: 64, mentions: "--start"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-26 02:30"], status: 64, mentions: "clocks skip 02:30"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-12 02:30", "--tz", "America/New_York"], status: 64, mentions: "clocks skip"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-10-01 02:15", "--tz", "Australia/Lord_Howe"], status: 64, mentions: "clocks skip"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2011-12-30", "--tz", "Pacific/Apia"], status: 64, mentions: "skipped 2011-12-30"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "9999-12-31"], status: 64, mentions: "2199"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "1899-12-31"], status: 64, mentions: "1900"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "+100000d"], status: 64, mentions: "--start"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01 10:00", "--end", "2023-03-01 09:00"], status: 64, mentions: "--end"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01 10:00", "--end", "+0m"], status: 64, mentions: "--end"),
    BadInput(arguments: ["serve", "--zone", "Rome", "--port", "0"], status: 64,
             mentions: "invalid --zone 'Rome': expected an IANA zone such as Europe/Rome, Asia/Bangkok or UTC; did you mean 'Europe/Rome'?"),
    // A number too long for any part is said to be that, not "not a number".
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01", "--rrule", "FREQ=DAILY;INTERVAL=2147483648"], status: 64,
             mentions: "expected an RFC 5545 rule: RRULE INTERVAL value '2147483648' is too large (at most 9 digits)"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01", "--rrule", "FREQ=DAILY;COUNT=1e3"], status: 64,
             mentions: "RRULE COUNT value '1e3' is not a number"),
    // The value as typed, with the date it comes to (it named only '3939-09-05', which nobody typed).
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01", "--end", "+99999w"], status: 64,
             mentions: "invalid --end '+99999w': expected a date in the years 1900 to 2199 (it comes to 3939-09-05)"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2199-12-31 23:00", "--end", "+5h"], status: 64,
             mentions: "invalid --end '+5h': expected a date in the years 1900 to 2199 (it comes to 2200-01-01T04:00)"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01", "--end", "+2h"], status: 64, mentions: "--end"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-10", "--end", "2023-11"], status: 64, mentions: "--end"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-10", "--all-day"], status: 64, mentions: "--start"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01", "--end", "2024-06-01"], status: 64, mentions: "400 days"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01T10:00+25:00"], status: 64, mentions: "offset"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01T24:00"], status: 64, mentions: "--start"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-Q5"], status: 64, mentions: "quarter"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01", "--tz", "Mars/Olympus"], status: 64, mentions: "--tz"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01", "--tz", ""], status: 64, mentions: "--tz"),
    // Closed sets and text.
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01", "--kind", "party"], status: 64, mentions: "party"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01", "--status", "maybe"], status: 64, mentions: "maybe"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01", "--class", "secret"], status: 64, mentions: "secret"),
    BadInput(arguments: ["event", "add", "--title", "   ", "--start", "2023-03-01"], status: 64, mentions: "invalid --title '   '"),
    BadInput(arguments: ["event", "add", "--title", "a\u{1B}[2Jb", "--start", "2023-03-01"], status: 64, mentions: "U+001B"),
    BadInput(arguments: ["event", "add", "--title", "x\u{7}", "--start", "2023-03-01"], status: 64, mentions: "U+0007"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01", "--location", "a\u{9B}31m"], status: 64, mentions: "invalid --location"),
    // References.
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01", "--committee", "NOPE"], status: 65, mentions: "NOPE"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01", "--chair", "Nobody Atall"], status: 65, mentions: "Nobody Atall"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01", "--participant", "Nobody Atall"], status: 65, mentions: "Nobody Atall"),
    BadInput(arguments: ["event", "show", "999"], status: 65, mentions: "999"),
    BadInput(arguments: ["event", "edit", "999", "--title", "x"], status: 65, mentions: "999"),
    BadInput(arguments: ["event", "edit", "3", "--committee", "NOPE"], status: 65, mentions: "NOPE"),
    BadInput(arguments: ["event", "edit", "3", "--start", "2023-02-30"], status: 64, mentions: "--start"),
    BadInput(arguments: ["event", "edit", "1", "--start", "2023-03-26 02:30"], status: 64, mentions: "clocks skip"),
    BadInput(arguments: ["event", "edit", "3", "--start", "2023-10", "--end", "+2h"], status: 64, mentions: "--end"),
    BadInput(arguments: ["event", "cancel", "999"], status: 65, mentions: "999"),
    BadInput(arguments: ["event", "postpone", "3", "--start", "2023-02-30"], status: 64, mentions: "--start"),
    BadInput(arguments: ["event", "delete", "3"], status: 64, mentions: "--yes"),
    BadInput(arguments: ["committee", "add", "ACR", "--name", "x", "--tz", "Europe/Rome"], status: 65, mentions: "ACR"),
    BadInput(arguments: ["committee", "add", "A C R", "--name", "x", "--tz", "Europe/Rome"], status: 64, mentions: "committee code"),
    BadInput(arguments: ["committee", "add", "NEW", "--name", "x", "--tz", "Europe/Roma"], status: 64, mentions: "Europe/Roma"),
    BadInput(arguments: ["committee", "add", "NEW", "--name", "", "--tz", "Europe/Rome"], status: 64, mentions: "invalid --name ''"),
    // The store's checks say the flag typed, not the domain field ("term end", "label").
    BadInput(arguments: ["committee", "edit", "ACR", "--city", "Ro\u{7}ma"], status: 64, mentions: "invalid --city 'Ro\\u{7}ma'"),
    BadInput(arguments: ["event", "edit", "1", "--note", "\u{1b}[2J"], status: 64, mentions: "invalid --note"),
    BadInput(arguments: ["token", "add", "--label", " "], status: 64, mentions: "invalid --label"),
    BadInput(arguments: ["org", "add", "Nowhere Institute", "--city", "a\u{7}"], status: 64, mentions: "invalid --city"),
    // Text that reached the store unchecked: a chair term's source, a membership's recorded name; a reason was
    // checked only inside the whole notes, and the message quoted them all.
    BadInput(arguments: ["chair", "handover", "ACR", "--to", "Indonesia", "--on", "2023-07-01", "--source", "x\u{7}"],
             status: 64, mentions: "invalid --source 'x\\u{7}'"),
    BadInput(arguments: ["chair", "record", "ACR", "Thailand", "--from", "2030-01-01", "--to", "2030-06-30", "--source", "\u{1b}[2J"],
             status: 64, mentions: "invalid --source"),
    BadInput(arguments: ["member", "add", "ACR", "Laos", "--recorded-name", "\u{1b}]0;x\u{7}"], status: 64, mentions: "invalid --recorded-name"),
    BadInput(arguments: ["chair", "skip", "ACR", "Thailand", "--on", "2024-01-01", "--source", "x\u{7}"], status: 64, mentions: "invalid --source"),
    BadInput(arguments: ["chair", "swap", "ACR", "Thailand", "--with", "Indonesia", "--on", "2024-01-01", "--source", "x\u{7}"],
             status: 64, mentions: "invalid --source"),
    BadInput(arguments: ["chair", "policy", "ACR", "--term", "6m", "--order", "alphabetical", "--anchor", "Viet Nam", "--from", "2017-01-01",
                         "--source", "x\u{7}"], status: 64, mentions: "invalid --source"),
    BadInput(arguments: ["event", "cancel", "1", "--reason", "x\u{7}"], status: 64, mentions: "invalid --reason 'x\\u{7}'"),
    // An occurrence of an event that does not repeat: named by the flag it was given with.
    BadInput(arguments: ["event", "cancel", "1", "--occurrence", "2023-02-20"], status: 64, mentions: "invalid --occurrence '2023-02-20'"),
    BadInput(arguments: ["event", "edit", "1", "--occurrence", "2023-02-20", "--title", "x"], status: 64, mentions: "invalid --occurrence"),
    BadInput(arguments: ["event", "edit", "1", "--from-occurrence", "2023-02-20", "--title", "x"], status: 64, mentions: "invalid --from-occurrence"),
    BadInput(arguments: ["event", "postpone", "3", "--start", "2023-12", "--reason", "x\u{7}"], status: 64, mentions: "invalid --reason 'x\\u{7}'"),
    BadInput(arguments: ["person", "position", "Romano Prodi", "--title", "Senator", "--from", "2020", "--to", "2019"], status: 64, mentions: "invalid --to '2019'"),
    BadInput(arguments: ["chair", "record", "ACR", "Viet Nam", "--from", "2030-01-01", "--to", "2030-06-30", "--handover", "2031-01-01"],
             status: 64, mentions: "invalid --handover '2031-01-01'"),
    BadInput(arguments: ["committee", "show", "NOPE"], status: 65, mentions: "NOPE"),
    BadInput(arguments: ["committee", "edit", "ACR", "--tz", "Nowhere/Land"], status: 64, mentions: "Nowhere/Land"),
    BadInput(arguments: ["member", "add", "NOPE", "Viet Nam"], status: 65, mentions: "NOPE"),
    BadInput(arguments: ["member", "add", "ACR", "Viet Nam"], status: 65, mentions: "Viet Nam"),
    BadInput(arguments: ["member", "end", "ACR", "Viet Nam", "--on", "2023-03-01"], status: 65, mentions: "recorded term"),
    BadInput(arguments: ["member", "end", "ACR", "Atlantis", "--on", "2023-03-01"], status: 65, mentions: "Atlantis"),
    BadInput(arguments: ["member", "list", "NOPE"], status: 65, mentions: "NOPE"),
    BadInput(arguments: ["chair", "who", "NOPE"], status: 65, mentions: "NOPE"),
    BadInput(arguments: ["chair", "history", "NOPE"], status: 65, mentions: "NOPE"),
    BadInput(arguments: ["chair", "record", "ACR", "Viet Nam", "--from", "2023-03-01", "--to", "2023-04-30"], status: 65, mentions: "overlaps"),
    BadInput(arguments: ["chair", "record", "ACR", "Atlantis", "--from", "2030-01-01", "--to", "2030-06-30"], status: 65, mentions: "Atlantis"),
    BadInput(arguments: ["chair", "record", "ACR", "Viet Nam", "--from", "2030-06-30", "--to", "2030-01-01"], status: 64, mentions: "invalid --to '2030-01-01'"),
    BadInput(arguments: ["chair", "handover", "ACR", "--to", "Atlantis", "--on", "2023-07-01"], status: 65, mentions: "Atlantis"),
    BadInput(arguments: ["chair", "policy", "ACR", "--term", "0m", "--order", "alphabetical", "--anchor", "Viet Nam", "--from", "2017-01-01"], status: 64, mentions: "0m"),
    BadInput(arguments: ["export", "--event", "999"], status: 65, mentions: "999"),
    BadInput(arguments: ["export", "--committee", "NOPE"], status: 65, mentions: "NOPE"),
    // Import.
    BadInput(arguments: ["import"], status: 64, mentions: "<files>"),
    BadInput(arguments: ["import", "/nonexistent/feed.ics"], status: 64, mentions: "/nonexistent/feed.ics"),
    BadInput(arguments: ["import", "-", "-"], status: 64, mentions: "standard input"),
    BadInput(arguments: ["import", "/etc/passwd"], status: 64, mentions: "not an iCalendar file"),
    BadInput(arguments: ["import", "-", "--committee", "NOPE"], status: 65, mentions: "NOPE"),
    BadInput(arguments: ["import", "-", "--audience", "everyone"], status: 64, mentions: "everyone"),
    // Output and publishing.
    BadInput(arguments: ["publish", newPath, "--base-url", "javascript:alert(1)"], status: 64, mentions: "--base-url"),
    BadInput(arguments: ["publish", newPath, "--base-url", "ftp://example.org/x"], status: 64, mentions: "--base-url"),
    BadInput(arguments: ["publish", newPath, "--base-url", "https://example.org/\"><script>"], status: 64, mentions: "--base-url"),
    BadInput(arguments: ["load", "/nonexistent/scenario.json"], status: 64, mentions: "/nonexistent/scenario.json"),
    BadInput(arguments: ["load", "/nonexistent/other.json"], status: 64, mentions: "cannot open: No such file or directory"),
    // A pipe or a device cannot be mapped: the line says so, rather than "readable".
    BadInput(arguments: ["load", "/dev/zero"], status: 64, mentions: "not a regular file (a pipe or a device): save the scenario to a file first"),
    BadInput(arguments: ["load", "/tmp"], status: 64, mentions: "a directory"),
    // The environment.
    BadInput(arguments: ["upcoming"], status: 64, mentions: "AGENDA_BUSY_TIMEOUT", env: ["AGENDA_BUSY_TIMEOUT": "inf"]),
    BadInput(arguments: ["upcoming"], status: 64, mentions: "AGENDA_BUSY_TIMEOUT", env: ["AGENDA_BUSY_TIMEOUT": "-1"]),
    BadInput(arguments: ["upcoming"], status: 64, mentions: "AGENDA_BUSY_TIMEOUT", env: ["AGENDA_BUSY_TIMEOUT": "nan"]),
    BadInput(arguments: ["upcoming"], status: 64, mentions: "AGENDA_NOW", env: ["AGENDA_NOW": "yesterday"]),
    // A POSIX rule that no zone follows (UTC-3 with Europe's summer dates).
    BadInput(arguments: ["upcoming"], status: 64, mentions: "invalid TZ 'XYZ3ABC,M3.5.0,M10.5.0'", env: ["TZ": "XYZ3ABC,M3.5.0,M10.5.0"]),
    BadInput(arguments: ["upcoming"], status: 64, mentions: "AGENDA_NOW", env: ["AGENDA_NOW": "9999-01-01T00:00:00Z"]),
    BadInput(arguments: ["upcoming"], status: 64, mentions: "TZ", env: ["TZ": "Mars/Base"]),
    // Database paths: reads never create, refused writes leave no file.
    BadInput(arguments: ["upcoming", "--db", newPath], status: 66, mentions: "agenda init", usesDemo: false),
    BadInput(arguments: ["export", "--db", newPath], status: 66, mentions: "agenda init", usesDemo: false),
    BadInput(arguments: ["chair", "who", "ACR", "--db", newPath], status: 66, mentions: "agenda init", usesDemo: false),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-02-30", "--db", newPath], status: 64, mentions: "--start", usesDemo: false),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01", "--committee", "ACR", "--db", newPath], status: 65, mentions: "ACR", usesDemo: false),
    BadInput(arguments: ["member", "add", "ACR", "Viet Nam", "--db", newPath], status: 65, mentions: "ACR", usesDemo: false),
    BadInput(arguments: ["upcoming", "--db", "/tmp"], status: 64, mentions: "folder", usesDemo: false),
    // A device is no database: SQLite said "disk I/O error" for a write, and a read offered 'agenda init --db /dev/null'.
    BadInput(arguments: ["upcoming", "--db", "/dev/null"], status: 64, mentions: "'/dev/null': expected a file, not a device or a pipe", usesDemo: false),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01", "--db", "/dev/zero"], status: 64, mentions: "not a device or a pipe", usesDemo: false),
    // Recurrence: rules, bounds, occurrences.
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01 10:00", "--repeat", "fortnightly"], status: 64, mentions: "--repeat"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01 10:00", "--rrule", "FREQ=WEEKLY;BYDAY=1MO"], status: 64, mentions: "1MO"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01 10:00", "--rrule", "FREQ=DAILY;INTERVAL=0"], status: 64, mentions: "INTERVAL"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01 10:00", "--repeat", "weekly", "--count", "0"], status: 64, mentions: "--count"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01 10:00", "--repeat", "weekly", "--count", "3", "--until", "2024-01-01"], status: 64, mentions: "--until"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01 10:00", "--repeat", "weekly", "--rrule", "FREQ=DAILY"], status: 64, mentions: "--rrule"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-10", "--repeat", "yearly"], status: 64, mentions: "cannot repeat"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01", "--all-day", "--rrule", "FREQ=HOURLY"], status: 64, mentions: "whole days"),
    BadInput(arguments: ["event", "add", "--title", "x", "--start", "2023-03-01 10:00", "--no-repeat"], status: 64, mentions: "--no-repeat"),
    BadInput(arguments: ["event", "edit", "3", "--occurrence", "2023-03-01", "--title", "x"], status: 64, mentions: "does not repeat"),
    BadInput(arguments: ["event", "edit", "3"], status: 64, mentions: "give at least one field to change"),
    // A value typed with a line break or a tab is still one line: shown as \u{a}, \u{9}.
    BadInput(arguments: ["event", "add", "--title", "a\nb", "--start", "2023-03-01"], status: 64, mentions: "invalid --title 'a\\u{a}b'"),
    BadInput(arguments: ["committee", "show", "A\tB"], status: 65, mentions: "no committee 'A\\u{9}B'"),
    BadInput(arguments: ["upcoming", "--from", "2023\r\n01"], status: 64, mentions: "invalid --from '2023\\u{d}\\u{a}01'"),
    // publish into a file or a device: one line (it was Foundation's whole NSError, exit 1), and a bad
    // --internal-dir is found before the public folder is written.
    BadInput(arguments: ["publish", "/dev/null"], status: 64, mentions: "invalid folder '/dev/null': expected a folder, not a file or a device"),
    BadInput(arguments: ["publish", newPath, "--internal-dir", "/dev/null"], status: 64, mentions: "invalid --internal-dir '/dev/null'"),
    BadInput(arguments: ["publish", "/dev/null/site"], status: 64, mentions: "expected a folder that can be made (Not a directory)"),
    BadInput(arguments: ["event", "show", "-1"], status: 64, mentions: "Missing expected argument '<event>': '-1' reads as an option"),
    // An option with two spellings is named as it was typed.
    BadInput(arguments: ["export", "--from", "2023-01-01", "--until", "2022-01-01"], status: 64,
             mentions: "invalid --until '2022-01-01': expected a date after --from 2023-01-01"),
    BadInput(arguments: ["export", "--from", "2023-01-01", "--to=2022-01-01"], status: 64, mentions: "invalid --to '2022-01-01'"),
    BadInput(arguments: ["event", "list", "--from", "2023-01-01", "--to", "2022-01-01"], status: 64, mentions: "invalid --to '2022-01-01'"),
    BadInput(arguments: ["upcoming", "--days", "3", "--to", "2024-01-01"], status: 64, mentions: "give --days or --to, not both"),
    BadInput(arguments: ["chair", "project", "ACR", "--from", "2023-06-01", "--to", "2023-01-01"], status: 64,
             mentions: "invalid --to '2023-01-01': expected a day on or after 2023-06-01"),
    BadInput(arguments: ["search", "-x"], status: 64,
             mentions: "Missing expected argument '<query>': '-x' reads as an option (put -- before a value that begins with '-')"),
    BadInput(arguments: ["search", "--json", "-doi"], status: 64, mentions: "'-doi' reads as an option"),
    BadInput(arguments: ["committee", "edit", "ACR"], status: 64, mentions: "give at least one field to change: --name"),
    BadInput(arguments: ["member", "add", "ACR", "Laos", "--from", "2024-01-01", "--to", "2023-01-01"], status: 64,
             mentions: "invalid --to '2023-01-01': expected a date on or after its start 2024-01-01"),
    BadInput(arguments: ["event", "postpone", "3", "--start", "2023-05"], status: 64, mentions: "no earlier than the event's current one (Oct 2023)"),
    BadInput(arguments: ["event", "edit", "3", "--from-occurrence", "2023-10-01"], status: 64, mentions: "give at least one field to change"),
    BadInput(arguments: ["event", "edit", "3", "--occurrence", "2023-03-01", "--from-occurrence", "2023-03-01"], status: 64, mentions: "--from-occurrence"),
    BadInput(arguments: ["event", "cancel", "3", "--occurrence", "2023-03-01"], status: 64, mentions: "does not repeat"),
    BadInput(arguments: ["event", "occurrences", "3"], status: 64, mentions: "does not repeat"),
    BadInput(arguments: ["rule", "FREQ=DAILY;COUNT=2;UNTIL=20230101", "--start", "2023-01-01 10:00"], status: 64, mentions: "UNTIL and COUNT", usesDemo: false),
    BadInput(arguments: ["rule", "weekly", "--start", "2023-01-01 10:00", "--count", "0"], status: 64, mentions: "--count", usesDemo: false),
]

@Suite("Bad input: one line, the README's exit code, nothing changed, no file created", .serialized)
struct BadInputTests {
    static let demo: String = { (try? demoDB()) ?? "" }()

    @Test("At least 80 cases, each a different command line")
    func enough() {
        #expect(badInputs.count >= 80)
        #expect(Set(badInputs.map(\.testDescription)).count == badInputs.count)
    }

    @Test("Refused", arguments: badInputs)
    func refused(_ c: BadInput) throws {
        let db = Self.demo
        let fresh = scratchDirectory.appendingPathComponent("new-\(UUID().uuidString)").path
        let args = c.arguments.map { $0 == newPath ? fresh : $0 } + (c.usesDemo ? ["--db", db] : [])
        let before = databaseBytes(db)
        let r = try agenda(args, env: c.env)
        #expect(r.status == c.status, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 1, "exactly one line on stderr: \(r.stderr.debugDescription)")
        #expect(r.stderr.hasPrefix("agenda: "))
        #expect(r.stderr.contains(c.mentions), "\(r.stderr)")
        #expect(!r.stderr.contains("SELECT") && !r.stderr.contains("CHECK constraint") && !r.stderr.contains("\u{1B}"))
        #expect(r.stdout.isEmpty, "\(r.stdout)")
        #expect(databaseBytes(db) == before, "the database is unchanged")
        #expect(!FileManager.default.fileExists(atPath: fresh), "no file created")
        #expect(!FileManager.default.fileExists(atPath: fresh + "-wal"))
    }

    @Test("A FIFO named as the database is refused at once (opening it waited for a writer forever)")
    func fifoDatabase() throws {
        let fifo = scratchDirectory.appendingPathComponent("fifo-\(UUID().uuidString)").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for args in [["upcoming"], ["init"], ["event", "add", "--title", "x", "--start", "2023-03-01"]] {
            let r = try agenda(args + ["--db", fifo])
            #expect(r.status == 64)
            #expect(r.stderr == "agenda: invalid database path '\(fifo)': expected a file, not a device or a pipe\n")
        }
    }

    @Test("Negative relative dates need no '=': --start -1d")
    func negativeValues() throws {
        let db = try demoDB()
        let r = try agenda(["event", "add", "--title", "Yesterday's call", "--start", "-1d", "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2023-02-28"))
        #expect(try agenda(["upcoming", "--from", "-2d", "--days", "3", "--db", db]).stdout.contains("Yesterday's call"))
    }

    @Test("Another application's SQLite file is refused and left untouched")
    func foreignFile() throws {
        let path = tempDB("foreign")
        let sql = Process()
        sql.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sql.arguments = [path, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes(body) VALUES ('x');"]
        try sql.run()
        sql.waitUntilExit()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for args in [["upcoming"], ["event", "add", "--title", "x", "--start", "2023-03-01"], ["init"]] {
            let r = try agenda(args + ["--db", path])
            #expect(r.status == 74)
            #expect(r.stderr.contains("another application"), "\(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("A name typed without its accents finds the one person or organisation it folds to; a miss suggests names holding the words typed; two that fold alike are refused by name")
    func namesWithoutAccents() throws {
        let db = try demoDB()
        let show = try agenda(["person", "show", "Duong Hai Hung", "--db", db])
        #expect(show.status == 0 && show.stdout.hasPrefix("Ambassador Dương Hải Hưng"), "\(show.stdout) \(show.stderr)")
        let add = try agenda(["event", "add", "--title", "Courtesy call", "--start", "2023-05-02", "--chair", "duong hai hung", "--db", db])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(try agenda(["event", "show", "6", "--db", db]).stdout.contains("Chair:     Dương Hải Hưng"))
        let guest = try agenda(["event", "add", "--title", "Visit", "--start", "2023-05-04", "--participant", "duong hai hung:host",
                                "--participant", "italy asean association:guest", "--db", db])
        #expect(guest.status == 0, "\(guest.stderr)")
        let visit = try agenda(["event", "show", "7", "--db", db]).stdout
        #expect(visit.contains("  - Dương Hải Hưng — host") && visit.contains("  - Italy-ASEAN Association — guest"), "\(visit)")
        let before = databaseBytes(db)
        for (args, line) in [
            (["person", "show", "Prodi"], "agenda: no person 'Prodi' in the agenda; did you mean 'Romano Prodi'?"),
            (["org", "show", "italy asean"], "agenda: no organisation 'italy asean' in the agenda; did you mean 'Italy-ASEAN Association'?"),
            (["event", "add", "--title", "x", "--start", "2023-05-03", "--chair", "Stefano"], "agenda: no person 'Stefano' in the agenda; did you mean 'Manlio Di Stefano'?"),
            (["person", "show", "Nobody Atall"], "agenda: no person 'Nobody Atall' in the agenda"),
            (["event", "add", "--title", "x", "--start", "2023-05-03", "--participant", "Prodi:guest"],
             "agenda: no person or organisation 'Prodi' in the agenda; did you mean 'Romano Prodi'?"),
        ] {
            let r = try agenda(args + ["--db", db])
            #expect(r.status == 65 && r.stderr == line + "\n", "\(args): \(r.stderr)")
        }
        #expect(databaseBytes(db) == before)
        // A second person whose name folds to the same words: the accent-free spelling now names two.
        let second = try agenda(["person", "add", "Dương Hai Hung", "--db", db])
        #expect(second.status == 0 && second.stdout.hasPrefix("Added person #7 Dương Hai Hung"))
        #expect(second.stderr == "agenda: note: already recorded with a name that differs only in accents or case: 'Dương Hải Hưng'; if it is the same, use that name\n", "\(second.stderr)")
        let org = try agenda(["org", "add", "Italy ASEAN association", "--kind", "association", "--db", db])
        #expect(org.status == 0 && org.stderr.contains("'Italy-ASEAN Association'"), "\(org.stderr)")
        #expect(try agenda(["person", "add", "Someone New", "--db", db]).stderr.isEmpty)
        let two = try agenda(["person", "show", "duong hai hung", "--db", db])
        #expect(two.status == 64 && two.stderr.contains("invalid person 'duong hai hung': expected one of 'Dương Hải Hưng', 'Dương Hai Hung'"), "\(two.stderr)")
        // An exact name still wins.
        #expect(try agenda(["person", "show", "Dương Hai Hung", "--db", db]).stdout.hasPrefix("Dương Hai Hung"))
    }

    @Test("A short file that is not SQLite (which SQLite would take for an empty database) is refused and left untouched; an empty file is 'no database yet'")
    func shortForeignFiles() throws {
        for content in ["x", "notes\n", String(repeating: "a", count: 99), "SQLite format 2\0"] {
            let path = tempDB("short")
            try Data(content.utf8).write(to: URL(fileURLWithPath: path))
            for args in [["upcoming"], ["event", "add", "--title", "x", "--start", "2023-03-01"], ["init"], ["import", "-"]] {
                let r = try agenda(args + ["--db", path], stdin: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
                #expect(r.status == 74 && r.stderr == "agenda: '\(path)' is not an agenda database (not SQLite, or corrupt); it was left untouched\n",
                        "\(content.prefix(8)) \(args): \(r.status) \(r.stderr)")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(content.utf8))
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        }
        let empty = tempDB("empty")
        FileManager.default.createFile(atPath: empty, contents: Data())
        let read = try agenda(["upcoming", "--db", empty])
        #expect(read.status == 66 && read.stderr.contains("no agenda database at '\(empty)'"), "\(read.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty)
        #expect(try agenda(["init", "--db", empty]).status == 0)
        #expect(try agenda(["upcoming", "--db", empty]).status == 0)
    }

    @Test("Writing -o to a device never replaces it; a full device is one line")
    func devices() throws {
        let db = try demoDB()
        let null = try agenda(["export", "-o", "/dev/null", "--db", db])
        #expect(null.status == 0)
        var st = stat()
        #expect(stat("/dev/null", &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR)
        if FileManager.default.fileExists(atPath: "/dev/full") {
            let full = try agenda(["export", "-o", "/dev/full", "--db", db])
            #expect(full.status == 64)
            #expect(full.stderr.contains("No space left"))
            #expect(stat("/dev/full", &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR, "still a device")
        }
    }

    @Test("Escape sequences stored before validation existed are shown, not replayed")
    func terminalSafety() throws {
        let db = try demoDB()
        let sql = Process()
        sql.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sql.arguments = [db, "UPDATE event SET title = 'Evil ' || char(27) || ']0;pwned' || char(7) || char(27) || '[2J' WHERE id = 3;"]
        try sql.run()
        sql.waitUntilExit()
        for args in [["upcoming", "--from", "2023-10-01", "--days", "30"], ["event", "list"], ["event", "show", "3"],
                     ["search", "bangkok"], ["event", "list", "--json"]] {
            let r = try agenda(args + ["--db", db])
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(r.stdout.contains("Evil"), "\(args)")
            #expect(!r.stdout.contains("\u{1B}") && !r.stdout.contains("\u{7}"), "\(args): \(r.stdout.debugDescription)")
        }
    }
}
