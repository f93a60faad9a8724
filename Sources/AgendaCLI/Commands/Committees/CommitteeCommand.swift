import AgendaCore
import AgendaStore
import ArgumentParser
import Foundation

extension Agenda {
    struct CommitteeCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "committee", abstract: "Add, list, show or edit committees.",
            subcommands: [Add.self, List.self, Show.self, Edit.self])
    }
}

extension Agenda.CommitteeCommand {
    struct Add: AsyncParsableCommand, NamesStoreFields {
        static let storeFields = committeeTextFlags
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a committee.",
            discussion: "Example: agenda committee add ACR --name \"ASEAN Committee in Rome\" --parent ASEAN --city Rome --tz Europe/Rome")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Code, e.g. ACR.") var code: String
        @Option(help: "Full name.") var name: String
        @Option(help: "Parent organisation (name or short name).") var parent: String?
        @Option(help: "Seat city.") var city: String?
        @Option(help: "IANA time zone of the seat.") var tz: String
        @Option(help: "Notes.") var note: String?

        func run() async throws {
            _ = try parseZone(tz)
            let db = try database.open(.write)
            let id = try db.addCommittee(Committee(code: code, name: name, parent: parent, seatCity: city,
                                                   timeZone: tz, notes: note))
            // As stored: a bare offset is kept under its tz database name.
            let stored = try db.committee(code)
            say("Added committee #\(id) \(stored.code) \"\(stored.name)\" (\(stored.timeZone))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List committees.", discussion: "Example: agenda committee list --json")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let list = try await database.open(.read).committees()
            if output.json { say(try jsonText(list)); return }
            if list.isEmpty { say("No committees."); return }
            let w = list.map(\.code.count).max()!
            for c in list {
                say(pad(c.code, w) + "  \(c.name)" + (c.seatCity.map { " — \($0)" } ?? "") + " (\(c.timeZone))")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a committee with its members and chair terms.",
                                                        discussion: "Example: agenda committee show ACR")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Committee code.") var code: String
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let db = try database.open(.read)
            let c = try db.committee(code)
            let members = try db.memberships(c.code)
            let terms = try db.chairTerms(c.code)
            if output.json {
                struct Out: Codable { var committee: Committee; var members: [Membership]; var chairTerms: [ChairTerm] }
                say(try jsonText(Out(committee: c, members: members, chairTerms: terms)))
                return
            }
            say("\(Style.bold(c.code)) — \(c.name)")
            if let p = c.parent { say("Parent:    \(p)") }
            say("Seat:      \(c.seatCity ?? "unknown") (\(c.timeZone))")
            if let n = c.notes { say("Notes:     \(n)") }
            say(members.isEmpty ? "Members:   none yet (agenda member add \(c.code) STATE)" : "Members:")
            for m in members { say("  - \(memberLine(m))") }
            if !terms.isEmpty {
                say("Chair terms:")
                for t in terms { say("  - \(t.start) – \(t.end)  \(t.member)" + (t.source.map { "  [\($0)]" } ?? "")) }
            }
        }
    }

    struct Edit: AsyncParsableCommand, NamesStoreFields {
        static let storeFields = committeeTextFlags
        static let configuration = CommandConfiguration(
            commandName: "edit", abstract: "Change a committee's name, parent, seat or zone.",
                                                        discussion: "Example: agenda committee edit ACR --city Roma")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Committee code.") var code: String
        @Option(help: "Full name.") var name: String?
        @Option(help: "Parent organisation.") var parent: String?
        @Option(help: "Seat city.") var city: String?
        @Option(help: "IANA time zone.") var tz: String?
        @Option(help: "Notes.") var note: String?

        var change: CommitteeChange { CommitteeChange(name: name, parent: parent, seatCity: city, timeZone: tz, notes: note) }

        func validate() throws {
            if change.isEmpty { throw ValidationError("give at least one field to change: --name, --parent, --city, --tz or --note") }
        }

        func run() async throws {
            if let tz { _ = try parseZone(tz) }
            let c = try database.open(.write).editCommittee(code: code, change)
            say("Updated committee \(c.code) \"\(c.name)\" (\(c.timeZone))")
        }
    }
}

func memberLine(_ m: Membership) -> String {
    let span = m.start == nil && m.end == nil ? "" : "  \(m.start?.description ?? "?") – \(m.end?.description ?? "")"
    return m.state + (m.embassy.map { " (\($0))" } ?? "") + span
}
