import AgendaCore
import AgendaStore
import ArgumentParser
import Foundation

extension Agenda {
    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a scenario file (the JSON of seeds/acr-2023.json) in one transaction; loading twice is loading once.",
            discussion: "Examples:\n  agenda load seeds/acr-2023.json\n  agenda load --embedded acr-2023.json")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The scenario file.") var file: String?
        @Option(help: "Load a scenario embedded in the binary instead (acr-2023.json).") var embedded: String?

        func validate() throws {
            if (file == nil) == (embedded == nil) { throw ValidationError("give a FILE or --embedded NAME") }
        }

        func run() async throws {
            let scenario: Scenario
            if let embedded {
                scenario = try AgendaDatabase.embeddedScenario(embedded)
            } else {
                guard let data = FileManager.default.contents(atPath: file!) else {
                    throw AgendaError.invalid(field: "file", value: file!, expected: "a readable scenario JSON file")
                }
                do { scenario = try Scenario.decode(data) } catch let e as AgendaError { throw e } catch {
                    throw AgendaError.invalid(field: "file", value: file!, expected: "scenario JSON (\(error))")
                }
            }
            let r = try database.open(.write).load(scenario)
            say("Loaded \(r.total) new records: \(r.committees) committees, \(r.memberships) members, \(r.people) people, \(r.organisations) organisations, \(r.chairTerms) chair terms, \(r.events) events, \(r.policies) rotation rules")
        }
    }
}
