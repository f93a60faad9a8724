import AgendaCore
import AgendaKit
import AgendaStore
import ArgumentParser
import Foundation

extension Audience: ExpressibleByArgument {}

extension Agenda {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Export an iCalendar (.ics) feed, or one event for \"add to my calendar\".",
            discussion: """
                Examples:
                  agenda export --committee ACR -o acr.ics
                  agenda export --from 2023 --to 2023 --include-terms --audience internal
                  agenda export --event 3 -o dialogue.ics
                """)

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only this committee (repeatable).") var committee: [String] = []
        @Option(parsing: .unconditional, help: ArgumentHelp("Events overlapping from this date or time.", valueName: "when")) var from: String?
        @Option(name: [.customLong("to"), .customLong("until")], parsing: .unconditional,
                help: ArgumentHelp("Events overlapping up to the end of this date or period (--until is the same).", valueName: "when")) var to: String?
        @Flag(help: "Add the committees' recorded chair terms as all-day transparent events.") var includeTerms = false
        @Flag(help: "With --include-terms, add projected terms too (marked), from --from (default today) to --to (default two years on).")
        var includeProjected = false
        @Option(help: "public (leaves out private and confidential events; the default) or internal (everything).")
        var audience: Audience = .public
        @Option(help: "Export this one event (id or UID).") var event: String?
        @Option(help: "Feed name (default: the committee's name, or \"Agenda\").") var name: String?
        @Option(parsing: .unconditional, help: "Keep cancelled events in the feed this many days after cancelling.") var keepCancelledDays = 90
        @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Output file, or - for stdout (default).", valueName: "file"))
        var output: String = "-"

        func validate() throws {
            guard (0...1_000_000).contains(keepCancelledDays) else {
                throw ValidationError("--keep-cancelled-days must be 0 to 1000000, not \(keepCancelledDays)")
            }
            if output.isEmpty { throw ValidationError("--output needs a file path, or - for stdout") }
            if event != nil && (!committee.isEmpty || from != nil || to != nil || includeTerms) {
                throw ValidationError("--event exports one event: leave out --committee, --from, --to and --include-terms")
            }
            if includeProjected && !includeTerms { throw ValidationError("--include-projected needs --include-terms") }
        }

        func run() async throws {
            let db = try database.open(.read)
            let now = Clock.now()
            let exporter = FeedExporter(db: db, now: now, keepCancelledDays: keepCancelledDays)
            let spec: FeedSpec
            if let event {
                spec = try FeedCatalogue.eventSpec(try await db.event(event), audience: audience)
            } else {
                let zone = Clock.viewerZone
                let (lo, hi) = try WindowRequest(from: from, until: to, fromField: "--from", untilField: typedFlag("--to", "--until"))
                    .bounds(now: now, viewer: zone)
                let window = WindowRequest.filterWindow(from: lo, to: hi)
                let committees = try committee.map { try db.committee($0) }
                var terms: [ChairTerm] = []
                if includeTerms {
                    let all = committees.isEmpty ? try db.allChairTerms() : try committees.flatMap { try db.chairTerms($0.code) }
                    terms = all.filter { t in
                        guard let w = window else { return true }
                        let s = t.utcSpan
                        return s.lowerBound < w.upperBound && s.upperBound > w.lowerBound
                    }
                }
                if includeTerms && includeProjected {
                    for c in committees.isEmpty ? try await db.committees() : committees {
                        let today = Today.of(c, now: now)
                        let first = lo.map { LocalDate($0, in: zone) } ?? today
                        let last = hi.map { LocalDate($0.addingTimeInterval(-1), in: zone) } ?? today.adding(months: 24)
                        terms += try db.projectedTerms(c.code, from: first, until: last)
                    }
                }
                let title = name ?? (committees.count == 1 ? "\(committees[0].name) (\(committees[0].code))" : "Agenda")
                spec = FeedSpec(feed: Feed(name: title, description: "Meetings and planned events" + (audience == .internal ? " (internal)" : "")),
                                filter: FeedExporter.filter(committees: committees.map(\.code), window: window, audience: audience),
                                terms: terms)
            }
            if output == "-" {
                let out = FileHandle.standardOutput
                try exporter.export(spec) { try out.write(contentsOf: Data($0)) }
            } else {
                let (n, changed) = try exporter.exportFile(output, spec)
                FileHandle.standardError.write(Data("Wrote \(counted(n, "event")) to \(Terminal.safe(output))\(changed ? "" : " (unchanged)")\n".utf8))
            }
        }
    }
}

