import AgendaCore
import AgendaKit
import AgendaStore
import ArgumentParser
import Foundation

extension Agenda {
    struct Upcoming: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "upcoming",
            abstract: "List what is coming (default: from now, 30 days; tentative shown and marked; cancelled hidden).",
            discussion: """
                Examples:
                  agenda upcoming
                  agenda upcoming --from 2023-03-01 --until 2023-12 --committee ACR
                  agenda upcoming --days 90 --json
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var window: WindowOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let db = try database.open(.read)
            let (events, from) = try window.events(db, defaultFrom: Clock.now(), defaultDays: 30, withDetails: output.json)
            try printEvents(events, from: from, json: output.json)
        }
    }

    struct Week: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "week",
            abstract: "Seven days at a glance, one line per event, in your zone (dated-TBC items at the end).",
            discussion: "Examples:\n  agenda week\n  agenda week --from 2023-02-20 --committee ACR\n  agenda week --json")

        @OptionGroup var database: DatabaseOptions
        @Option(parsing: .unconditional, help: ArgumentHelp("First day (default: today).", valueName: "when")) var from: String?
        @Option(help: "Only this committee (repeatable).") var committee: [String] = []
        @Option(help: "public (the default: no private or confidential event) or internal (everything, marked).")
        var audience: Audience = .public
        @OptionGroup var output: OutputOptions

        func run() async throws {
            var window = try WindowOptions.parse(from.map { ["--from", $0, "--days", "7"] } ?? ["--days", "7"])
            window.committee = committee
            window.audience = audience
            let db = try database.open(.read)
            let zone = Clock.viewerZone
            let start = try from.map { try parseWhen($0, option: "--from", zone: zone).startInstant(in: zone) }
                ?? Today.viewer(zone, now: Clock.now()).startInstant(in: zone)
            let (events, _) = try window.events(db, defaultFrom: start, defaultDays: 7, withDetails: output.json)
            // The JSON is upcoming's, for the same seven days: one interface, whichever view asked.
            if output.json { return try printEvents(events, from: start, json: true) }
            say(EventTable.week(events, from: start, viewer: zone))
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "search",
            abstract: "Search events, people and organisations, ignoring case and diacritics.",
            discussion: "Examples:\n  agenda search \"doi thoai\"\n  agenda search prodi --json")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Words to find (each matches as a prefix).") var query: String
        @Option(parsing: .unconditional, help: "At most this many hits.") var limit = 50
        @Option(help: "public (the default: no private or confidential event) or internal (everything, marked).")
        var audience: Audience = .public
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be 1 to 10000, not \(limit)") }
        }

        func run() async throws {
            let hits = try database.open(.read).search(query, limit: limit).filter { h in
                h.event.map { audience.allows($0.classification) } ?? true
            }
            if output.json {
                say(JSONValue.array(hits.map { h in
                    .object([("type", .string(h.kind.rawValue)), ("id", .int(Int(h.id))), ("label", .string(h.label)),
                             ("event", h.event.map { EventJSON.value($0) })])
                }))
                return
            }
            guard !hits.isEmpty else { say("Nothing found for \"\(Terminal.oneLine(query))\"."); return }
            for h in hits {
                switch h.kind {
                case .event:
                    let e = h.event!
                    var status = e.status == .confirmed ? "" : " · \(e.status.rawValue)"
                    if e.classification != .public { status += " · \(EventTable.classMark(e))" }
                    // The event's own clock, with its zone named when it is not the viewer's.
                    var when = e.schedule.label
                    if case .timed = e.schedule.form, e.schedule.timeZone != Clock.viewerZone.identifier { when += " " + e.schedule.timeZone }
                    say("event   #\(h.id)  \(when)\(status)  \(e.title)" + (e.altTitle.map { " (\($0))" } ?? ""))
                case .person: say("person  #\(h.id)  \(h.label)")
                case .organisation: say("org     #\(h.id)  \(h.label)")
                }
            }
        }
    }
}
