import ArgumentParser
import Testing
@testable import AgendaCLI

/// In-process checks of the command line (no process started): what parses, what `validate()` refuses, and the
/// one-line form of every parser error.
@Suite("The command line, parsed in process")
struct ParseTests {
    @Test("Typed options read the model's words, case-insensitively")
    func closedSets() throws {
        let add = try #require(try Agenda.parseAsRoot(["event", "add", "--title", "x", "--start", "2023-10", "--kind",
                                                         "Working_Session", "--status", "TENTATIVE", "--class", "private"])
            as? Agenda.EventCommand.Add)
        #expect(add.fields.kind == .workingSession)
        #expect(add.fields.status == .tentative)
        #expect(add.fields.classification == .private)
    }

    @Test("Negative relative dates are values, not options")
    func negativeValues() throws {
        let list = try #require(try Agenda.parseAsRoot(["event", "list", "--from", "-7d", "--days", "14"]) as? Agenda.EventCommand.List)
        #expect(list.window.from == "-7d")
        #expect(list.window.days == 14)
    }

    @Test("Cross-field checks live in validate() and read as one line", arguments: [
        (["upcoming", "--days", "3", "--until", "2023-12"], "give --days or --until, not both"),
        (["upcoming", "--days", "0"], "--days must be between 1 and 36600, not 0"),
        (["export", "--include-projected"], "--include-projected needs --include-terms"),
        (["export", "--event", "1", "--committee", "ACR"], "--event exports one event"),
        (["upcoming", "--db", ""], "--db needs a file path"),
        (["event", "add", "--title", "x", "--start", "2023-10", "--kind", "party"], "The value 'party' is invalid for '--kind <kind>'. Please provide one of"),
        (["upcoming", "--days", "abc"], "The value 'abc' is invalid for '--days <days>': expected a whole number (see 'agenda help')"),
        (["search", "x", "--limit", "1.5"], "The value '1.5' is invalid for '--limit <limit>': expected a whole number"),
        (["token", "revoke", "abc"], "The value 'abc' is invalid for '<id>': expected a whole number"),
        // A negative number is the option's value, refused by its range, not taken for an option.
        (["generate", "--events", "-5"], "--events must be 1 to 5000000, not -5"),
        (["search", "x", "--limit", "-1"], "--limit must be 1 to 10000, not -1"),
        (["export", "--keep-cancelled-days", "-1"], "--keep-cancelled-days must be 0 to 1000000, not -1"),
        (["rule", "weekly", "--start", "2023-01-01", "--count", "-2"], "--count must be between 1 and 100000, not -2"),
        (["serve", "--port", "-1"], "--port must be 0 to 65535, not -1"),
    ])
    func refused(arguments: [String], message: String) {
        do {
            _ = try Agenda.parseAsRoot(arguments)
            Issue.record("accepted \(arguments)")
        } catch {
            let line = Agenda.oneLine(Agenda.fullMessage(for: error))
            #expect(line.contains(message), "\(line)")
            #expect(!line.contains("\n"))
            #expect(Agenda.exitCode(for: error) == .validationFailure)
        }
    }
}

/// Every command's configuration, the root's first, with the words that call it.
private func allCommands(_ type: any ParsableCommand.Type = Agenda.self, path: [String] = []) -> [(path: [String], configuration: CommandConfiguration)] {
    let c = type.configuration
    return [(path, c)] + c.subcommands.flatMap { sub in
        allCommands(sub, path: path + [sub.configuration.commandName ?? ""])
    }
}

@Suite("The examples in --help parse")
struct HelpExampleTests {
    @Test("Each `agenda …` line of every command's help parses and passes validate() (each line as it is shown, once a wrapped line is joined)")
    func examplesParse() {
        var checked = 0
        for (path, c) in allCommands() {
            for line in (c.abstract + "\n" + c.discussion).split(separator: "\n") {
                var text = line.trimmingCharacters(in: .whitespaces)
                for prefix in ["Example: ", "Examples: ", "Examples:"] where text.hasPrefix(prefix) {
                    text = String(text.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
                }
                guard text.hasPrefix("agenda "), !text.contains("…") else { continue }
                // "Example: agenda x" and "agenda x   (a note)" forms: the command alone.
                let command = text.components(separatedBy: "   ")[0]
                let args = Array(shellWords(command).dropFirst())
                do {
                    _ = try Agenda.parseAsRoot(args)
                    checked += 1
                } catch {
                    Issue.record("\(path.joined(separator: " ")): '\(command)': \(Agenda.oneLine(Agenda.fullMessage(for: error)))")
                }
            }
        }
        #expect(checked >= 60, "\(checked) examples")
    }

    @Test("Prose in --help is one line per paragraph, so that it is wrapped evenly at the terminal's width (a paragraph broken by hand showed ragged lines of 20 characters)")
    func proseIsNotBrokenByHand() {
        var paragraphs = 0
        for (path, c) in allCommands() {
            let lines = c.discussion.split(separator: "\n", omittingEmptySubsequences: false)
            for (line, next) in zip(lines, lines.dropFirst()) where !line.isEmpty && !next.isEmpty {
                let prose = { (l: Substring) in !l.hasPrefix(" ") && !l.hasPrefix("Example") }
                if prose(line) && prose(next) {
                    Issue.record("\(path.joined(separator: " ")): a paragraph broken after '\(line.suffix(30))'")
                }
            }
            paragraphs += lines.filter { !$0.isEmpty && !$0.hasPrefix(" ") }.count
        }
        #expect(paragraphs >= 20, "\(paragraphs) lines of prose")
    }
}
