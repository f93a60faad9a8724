import AgendaCore
import AgendaStore
import ArgumentParser
import Foundation

/// The `agenda` command: keeps the calendar of diplomatic committees.
@main
struct Agenda: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda",
        abstract: "Keep the calendar of diplomatic committees: members, chairs, meetings and planned events.",
        discussion: """
            The database is --db PATH, else $AGENDA_DB, else $XDG_DATA_HOME/agenda/agenda.sqlite \
            (~/.local/share/agenda/agenda.sqlite). It is created on first use.

            Examples:
              agenda demo
              agenda event add ACR --title "ACR meeting" --start "2023-02-20 10:30" --end +90m
              agenda upcoming --days 60
              agenda search "doi thoai"
            """,
        version: "0.1.0",
        subcommands: [
            Init.self, Demo.self, CommitteeCommand.self, MemberCommand.self, OrgCommand.self, PersonCommand.self,
            EventCommand.self, Upcoming.self, Search.self, ChairCommand.self, Export.self, Publish.self, Generate.self, Load.self,
        ]
    )

    /// Runs the command; an `AgendaError` becomes one line on stderr and a non-zero exit (64 for bad input).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as AgendaError {
            FileHandle.standardError.write(Data("agenda: \(error.description)\n".utf8))
            let code: Int32
            switch error {
            case .invalid: code = 64
            case .notFound, .duplicate, .conflict: code = 65
            case .database: code = 74
            }
            exit(withError: ExitCode(code))
        } catch {
            exit(withError: error)
        }
    }
}
