import AgendaCore
import AgendaStore
import ArgumentParser
import Foundation

extension Agenda {
    /// Fills a database with the synthetic agenda (for interop checks and benchmarks).
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Add a reproducible synthetic agenda of N events (interop checks, benchmarks).",
            discussion: "Example: agenda generate --events 10000 --db /tmp/big.sqlite")

        @OptionGroup var database: DatabaseOptions
        @Option(parsing: .unconditional, help: "Number of events.") var events: Int
        @Option(help: "Committee code to create and file them under.") var committee = "GEN"

        func validate() throws {
            guard (1...5_000_000).contains(events) else { throw ValidationError("--events must be 1 to 5000000, not \(events)") }
        }

        func run() async throws {
            let n = try database.building { db in
                // Generated events have fixed UIDs per committee: a second run under the same code adds nothing new.
                let first = SyntheticAgenda.event(0, committee: committee).uid
                if (try? db.event(first)) != nil {
                    throw AgendaError.conflict("\(database.resolvedPath) already holds the synthetic events of \(committee) ('\(first)' …): give another --committee or a new --db")
                }
                return try db.importEvents((0..<events).lazy.map { SyntheticAgenda.event($0, committee: committee) },
                                    creating: Committee(code: committee, name: "Synthetic committee", timeZone: "Europe/Rome"))
            }
            say("Generated \(counted(n, "event")) under \(committee) in \(database.resolvedPath)")
        }
    }
}
