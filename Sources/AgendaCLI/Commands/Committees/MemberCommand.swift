import AgendaCore
import AgendaStore
import ArgumentParser
import Foundation

extension Agenda {
    struct MemberCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "member", abstract: "Add, list or end a committee's memberships.",
            subcommands: [Add.self, List.self, End.self])
    }
}

/// Which day of a month, quarter or year a date option takes: `first` for a start (`--from 2030-01`), `last` for an
/// end (`--to 2030-06`, the 30th); `exact` takes a day only (`--on`: a month holds several days).
enum DayOfPeriod { case exact, first, last }

/// `zone` reads the words relative to today (`today`, `friday`, `+3d`): yours by default, the committee's for its
/// questions (`chair who`, `chair project`).
func parseDay(_ text: String, option: String, period: DayOfPeriod = .exact, zone: TimeZone = Clock.viewerZone) throws -> LocalDate {
    let w = try parseWhen(text, option: option, zone: zone)
    switch (w, period) {
    case let (.day(d), _): return d
    case let (.period(p), .first): return p.firstDay
    case let (.period(p), .last): return p.lastDay
    default:
        throw AgendaError.invalid(field: option, value: text, expected: period == .exact
            ? "a day such as 2023-01-01"
            : "a day such as 2023-01-01, or a month, quarter or year (2023-01, 2023-Q1, 2023: its \(period == .first ? "first" : "last") day)")
    }
}

extension Agenda.MemberCommand {
    struct Add: AsyncParsableCommand, NamesStoreFields {
        static let storeFields = ["membership end": "--to", "recorded name": "--recorded-name"]
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a member state to a committee (the state is created if new).",
            discussion: "Example: agenda member add ACR \"Viet Nam\" --embassy \"Embassy of Viet Nam in Italy\" --from 2010-01-01")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Committee code.") var committee: String
        @Argument(help: "Member state.") var state: String
        @Option(help: "Representing embassy (an organisation; created if new).") var embassy: String?
        @Option(parsing: .unconditional, help: ArgumentHelp("Member from this day (a month, quarter or year: its first day).", valueName: "date")) var from: String?
        @Option(parsing: .unconditional, help: ArgumentHelp("Member until this day, inclusive (a month, quarter or year: its last day).", valueName: "date")) var to: String?
        @Option(help: "The name the committee records the member under, for alphabetical rotations (e.g. \"Republic of Korea\").")
        var recordedName: String?

        func run() async throws {
            let db = try database.open(.write)
            let start = try from.map { try parseDay($0, option: "--from", period: .first) }
            let end = try to.map { try parseDay($0, option: "--to", period: .last) }
            let id = try db.addMember(committee: committee, state: state, embassy: embassy, start: start, end: end,
                                      recordedName: recordedName)
            say("Added member #\(id) \(state) to \(committee.uppercased())" + (embassy.map { " represented by \($0)" } ?? ""))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List a committee's members.",
                                                        discussion: "Example: agenda member list ACR --on 2023-02-20")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Committee code.") var committee: String
        @Option(parsing: .unconditional, help: ArgumentHelp("Only members on this day.", valueName: "date")) var on: String?
        @OptionGroup var output: OutputOptions

        func run() async throws {
            var list = try database.open(.read).memberships(committee)
            if let on { let d = try parseDay(on, option: "--on"); list = list.filter { $0.isCurrent(on: d) } }
            if output.json { say(try jsonText(list)); return }
            if list.isEmpty { say("No members."); return }
            for m in list { say("#\(m.id!)  \(memberLine(m))") }
        }
    }

    struct End: AsyncParsableCommand, NamesStoreFields {
        static let storeFields = ["on": "--on"]
        static let configuration = CommandConfiguration(
            commandName: "end", abstract: "End a state's membership on a day (inclusive).",
                                                        discussion: "Example: agenda member end ACR Myanmar --on 2024-12-31")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Committee code.") var committee: String
        @Argument(help: "Member state.") var state: String
        @Option(parsing: .unconditional, help: ArgumentHelp("Last day of membership.", valueName: "date")) var on: String

        func run() async throws {
            let m = try database.open(.write).endMembership(committee: committee, state: state, on: parseDay(on, option: "--on"))
            say("Ended membership #\(m.id!) of \(m.state) in \(m.committee) on \(m.end!)")
        }
    }
}
