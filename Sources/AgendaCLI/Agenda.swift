import AgendaCore
import AgendaServer
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
              agenda event add --committee ACR --title "ACR meeting" --start "2023-02-20 10:30" --end +90m
              agenda upcoming --days 60
              agenda search "doi thoai"
            """,
        version: "0.1.0",
        subcommands: [
            Init.self, Demo.self, CommitteeCommand.self, MemberCommand.self, OrgCommand.self, PersonCommand.self,
            EventCommand.self, Upcoming.self, Week.self, Search.self, ChairCommand.self, Export.self, Publish.self, Generate.self, Load.self,
            Import.self, RuleCommand.self, Serve.self, TokenCommand.self,
        ]
    )

    /// Runs the command. Every failure is one line on stderr and an exit code from the README: 64 bad input or
    /// usage (argument-parser errors included), 65 an unknown or conflicting thing, 66 no database at the path,
    /// 74 the database cannot be used. A database file this command created is removed again when it fails.
    static func main() async {
        // The command runs on a worker thread, whose own malloc arena would grow a page at a time (one mprotect
        // call per page: 9,000 calls and 100 ms for a week of a million-event agenda); the main arena grows in large
        // steps, so a command that runs on one thread is held to it. The commands that prepare on one thread while
        // they write on another (`Pipeline`) get a second arena: on one, each thread's malloc and free waited for
        // the other's (22,159 futex calls loading 20,000 events, 1,033 with two; `load` of the peers' 100,000
        // events 1.26× faster, interleaved medians of 5).
        let subcommand = CommandLine.arguments.dropFirst().first ?? ""
        _ = glibcMallopt(-8, twoThreadCommands.contains(subcommand) ? 2 : 1)  // M_ARENA_MAX
        _ = glibcMallopt(-2, 16 << 20)  // M_TOP_PAD: grow the heap 16 MiB at a time
        if subcommand == "serve" { AgendaServer.runConcurrencyOnEventLoops() }
        var parsed: (any ParsableCommand)?
        do {
            var command = try parseAsRoot()
            parsed = command
            try Environment.check()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            // A command that has already said what went wrong (an import report) and only sets the code.
            Foundation.exit(exit.rawValue)
        } catch var error as AgendaError {
            if case .database = error {} else { CreatedDatabase.removeAfterFailure() }
            if let command = parsed as? any NamesStoreFields { error = error.namingFields(command.fieldFlags) }
            fail(error.description, code: code(for: error))
        } catch {
            CreatedDatabase.removeAfterFailure()
            let exit = exitCode(for: error)
            if exit == .success {
                // --help and --version: print as argument-parser does.
                Self.exit(withError: error)
            }
            fail(oneLine(fullMessage(for: error)), code: exit == ExitCode.validationFailure ? 64 : exit.rawValue)
        }
    }

    /// The subcommands whose work runs on two threads that both allocate all along (`Pipeline`: events decoded and
    /// checked on one while the other writes them).
    static let twoThreadCommands: Set<String> = ["load", "import"]

    static func code(for error: AgendaError) -> Int32 {
        switch error {
        case .invalid: 64
        case .notFound, .duplicate, .conflict: 65
        case .missing: 66
        case .database: 74
        case let .at(_, inner): code(for: inner)
        }
    }

    /// The first line of argument-parser's message, without its "Error: " prefix, with a pointer to --help.
    static func oneLine(_ message: String, arguments: [String] = CommandLine.arguments) -> String {
        var parts: [String] = []
        for line in message.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("Usage:") || line.hasPrefix("See '") || line.hasPrefix("Help:") { break }
            if line.isEmpty { continue }
            var text = line.hasPrefix("Error: ") ? String(line.dropFirst(7)) : line
            if text.hasPrefix("- ") { text = String(text.dropFirst(2)) + "," }
            parts.append(text)
        }
        var text = parts.joined(separator: " ")
        if text.hasSuffix(",") { text.removeLast() }
        // `event show -1`, `search -x`: argument-parser takes a value that begins with "-" for an option and
        // reports the argument missing, without naming what was typed (`dashedValue`).
        if text.hasPrefix("Missing expected argument '<"), let dashed = dashedValue(arguments) {
            let ids = dashed.dropFirst().allSatisfy(\.isNumber) ? "ids are whole numbers from 1; " : ""
            text += ": '\(dashed)' reads as an option (\(ids)put -- before a value that begins with '-')"
        }
        // argument-parser says a value did not read without saying what would when the option takes a number (its
        // message for a closed set lists the set): every other option it converts is a whole number.
        if text.hasPrefix("The value '"), text.contains("' is invalid for '"), !text.contains("Please provide") {
            text += ": expected a whole number"
        }
        return (text.isEmpty ? "invalid command line" : text) + " (see 'agenda help')"
    }

    /// The argument that begins with "-" and was meant as a value: the first that, moved to the end after a `--`,
    /// makes the command line parse (`agenda search -x --json` parses as `agenda search --json -- -x`). Nil when
    /// there is none, or when the line already has a `--`.
    static func dashedValue(_ arguments: [String]) -> String? {
        let given = Array(arguments.dropFirst())
        guard !given.contains("--") else { return nil }
        for (i, argument) in given.enumerated() where argument.count > 1 && argument.hasPrefix("-") {
            var retried = given
            retried.remove(at: i)
            retried += ["--", argument]
            if (try? parseAsRoot(retried)) != nil { return argument }
        }
        return nil
    }

    static func fail(_ message: String, code: Int32) -> Never {
        sayError(message)
        Foundation.exit(code)
    }
}

/// glibc's `mallopt` (malloc.h is not part of Swift's Glibc module).
@_silgen_name("mallopt")
func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
