import AgendaCore
import AgendaKit
import ArgumentParser
import Foundation

extension Agenda {
    /// Tries a recurrence rule without storing anything: the rule in words and its first occurrences.
    struct RuleCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rule",
            abstract: "Try a recurrence rule: it in words, and its first occurrences (nothing is stored).",
            discussion: """
                The rule is an RFC 5545 RRULE or the plain words of `event add --repeat`.

                Examples:
                  agenda rule "monthly on the 3rd thursday" --start "2026-01-15 10:00" --tz Europe/Rome
                  agenda rule "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO" --start 2026-05-11T09:00 --count 5 --json

                With --batch, reads lines ZONE<TAB>START<TAB>RULE<TAB>COUNT from standard input (ZONE `floating` \
                for wall times without a zone, START as YYYYMMDDTHHMMSS) and writes, per line, the occurrences' \
                wall times separated by spaces, or `ERROR: message`: for comparing engines.
                """)

        @Argument(help: "The rule (omit with --batch).") var rule: String?
        @Option(parsing: .unconditional, help: ArgumentHelp("DTSTART, a date and time. Example: --start \"2026-01-15 10:00\"", valueName: "when"))
        var start: String?
        @Option(help: "IANA zone of the start (default: yours).") var tz: String?
        @Option(parsing: .unconditional, help: "How many occurrences to show (default 10, at most 100000).") var count: Int = 10
        @Flag(help: "Read many rules from standard input (see above).") var batch = false
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if !(1...100_000).contains(count) { throw ValidationError("--count must be between 1 and 100000, not \(count)") }
            if batch { return }
            if rule == nil { throw ValidationError("Missing expected argument '<rule>'") }
            if start == nil { throw ValidationError("Missing expected argument '--start <when>'") }
        }

        func run() throws {
            if batch { return runBatch() }
            let zoneID = tz ?? Clock.viewerZone.identifier
            guard let zone = TimeZone(identifier: zoneID) else {
                throw AgendaError.unknownZone(field: "--tz", value: zoneID)
            }
            let when = try DateInput.parse(start!, field: "--start", now: Clock.now(), zone: zone)
            let (r, items) = try RulePreview.occurrences(rule: rule!, start: when.wallTime(in: zone), zone: zone,
                                                         count: count, field: "rule")
            if output.json {
                let list: [JSONValue] = items.map { i in
                    .object([("start", .string(i.wall.description)),
                             ("startUTC", .string(JSONValue.isoUTC(Int(i.instant!.timeIntervalSince1970))))])
                }
                say(JSONValue.object([("occurrences", .array(list)), ("rrule", .string(r.text)),
                                      ("text", .string(RepeatWords.describe(r, zone: zone))), ("timeZone", .string(zoneID))]))
                return
            }
            say("RRULE:\(r.text)")
            say("Repeats \(RepeatWords.describe(r, zone: zone)) (\(zoneID))")
            for i in items { say("  \(i.wall)  \(JSONValue.isoUTC(Int(i.instant!.timeIntervalSince1970)))") }
        }

        func runBatch() {
            while let line = readLine(strippingNewline: true) {
                let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                guard f.count == 4, let n = Int(f[3]), (1...100_000).contains(n) else { print("ERROR: not ZONE<TAB>START<TAB>RULE<TAB>COUNT"); continue }
                let zone = f[0] == "floating" ? nil : TimeZone(identifier: f[0])
                guard f[0] == "floating" || zone != nil, f[1].count == 15,
                      let start = LocalDateTime(iso: "\(f[1].prefix(4))-\(f[1].dropFirst(4).prefix(2))-\(f[1].dropFirst(6).prefix(2))T\(f[1].dropFirst(9).prefix(2)):\(f[1].dropFirst(11).prefix(2)):\(f[1].dropFirst(13).prefix(2))") else {
                    print("ERROR: bad zone or start"); continue
                }
                do {
                    let items = try RulePreview.occurrences(rule: f[2], start: start, zone: zone, count: n).items
                    print(items.map { w in
                        let t = w.wall
                        return String(format: "%04d%02d%02dT%02d%02d%02d", t.date.year, t.date.month, t.date.day, t.hour, t.minute, t.second)
                    }.joined(separator: " "))
                } catch {
                    print("ERROR: \(error)")
                }
            }
        }
    }
}
