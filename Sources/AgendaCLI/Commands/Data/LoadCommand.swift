import AgendaCore
import AgendaStore
import ArgumentParser
import Foundation

extension Agenda {
    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "load",
            abstract: "Load a scenario file (the JSON of seeds/acr-2023.json) in one transaction; loading twice is loading once.",
            discussion: "Examples:\n  agenda load seeds/acr-2023.json\n  agenda load --embedded acr-2023.json")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The scenario file.") var file: String?
        @Option(help: "Load a scenario embedded in the binary instead (acr-2023.json).") var embedded: String?

        func validate() throws {
            if (file == nil) == (embedded == nil) { throw ValidationError("give a FILE or --embedded NAME") }
        }

        /// A decoding error in one line: where in the file, and what.
        static func explain(_ error: any Error) -> String {
            func path(_ c: DecodingError.Context) -> String {
                let p = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                return p.isEmpty ? "" : "at \(p): "
            }
            switch error as? DecodingError {
            case let .dataCorrupted(c)?: return path(c) + (c.codingPath.isEmpty ? "not valid JSON" : c.debugDescription)
            case let .keyNotFound(k, c)?: return path(c) + "missing \(k.stringValue)"
            case let .typeMismatch(_, c)?, let .valueNotFound(_, c)?: return path(c) + c.debugDescription
            default: return "not readable"
            }
        }

        func run() async throws {
            let r: AgendaDatabase.LoadReport
            if let embedded {
                r = try database.building { try $0.load(AgendaDatabase.embeddedScenario(embedded)) }
            } else {
                // The events are decoded one at a time while they are written: memory does not grow with them.
                func unreadable(_ error: any Error) -> AgendaError {
                    .invalid(field: "file", value: file!, expected: "scenario JSON in UTF-8 (\(Self.explain(error)))")
                }
                let scenario: ScenarioFile
                do { scenario = try ScenarioFile(path: file!) } catch let e as ScenarioFile.OpenError {
                    throw AgendaError.invalid(field: "file", value: file!, expected: "a readable scenario JSON file (\(e.reason))")
                } catch let e as AgendaError { throw e } catch { throw unreadable(error) }
                do { r = try database.building { try $0.load(scenario) } } catch let error as DecodingError { throw unreadable(error) }
            }
            say("Loaded \(counted(r.total, "new record")): \(loadedCounts(r)), \(counted(r.policies, "rotation rule"))")
        }
    }
}
