import AgendaCore
import AgendaKit
import AgendaStore
import ArgumentParser
import Foundation

extension Agenda {
    struct Upcoming: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
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
            let (events, from) = try window.events(db, defaultFrom: Clock.now(), defaultDays: 30)
            try printEvents(events, from: from, json: output.json)
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search events, people and organisations, ignoring case and diacritics.",
            discussion: "Examples:\n  agenda search \"doi thoai\"\n  agenda search prodi --json")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Words to find (each matches as a prefix).") var query: String
        @Option(help: "At most this many hits.") var limit = 50
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
                struct Hit: Codable { var type: String; var id: Int64; var label: String; var event: EventJSON? }
                say(try jsonText(hits.map { Hit(type: $0.kind.rawValue, id: $0.id, label: $0.label, event: $0.event.map(EventJSON.init)) }))
                return
            }
            guard !hits.isEmpty else { say("Nothing found for \"\(query)\"."); return }
            for h in hits {
                switch h.kind {
                case .event:
                    let e = h.event!
                    var status = e.status == .confirmed ? "" : " · \(e.status.rawValue)"
                    if e.classification != .public { status += " · \(EventTable.classMark(e))" }
                    say("event   #\(h.id)  \(e.schedule.label)\(status)  \(e.title)" + (e.altTitle.map { " (\($0))" } ?? ""))
                case .person: say("person  #\(h.id)  \(h.label)")
                case .organisation: say("org     #\(h.id)  \(h.label)")
                }
            }
        }
    }
}
