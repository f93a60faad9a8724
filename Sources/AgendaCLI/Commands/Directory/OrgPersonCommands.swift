import AgendaCore
import AgendaStore
import ArgumentParser
import Foundation

extension Agenda {
    struct OrgCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "org", abstract: "Add, list or show organisations.", subcommands: [Add.self, List.self, Show.self])

        struct Add: AsyncParsableCommand, NamesStoreFields {
            static let storeFields = ["short name": "--short-name", "local name": "--local-name", "city": "--city",
                                      "founded": "--founded", "notes": "--note"]
            static let configuration = CommandConfiguration(
            commandName: "add",
                abstract: "Add an organisation.",
                discussion: "Example: agenda org add \"Italy-ASEAN Association\" --kind association --local-name \"Hiệp hội Italy-ASEAN\" --city Rome")
            @OptionGroup var database: DatabaseOptions
            @Argument(help: "Name.") var name: String
            @Option(help: ArgumentHelp("Kind.", valueName: "kind"))
            var kind: OrganisationKind = .other
            @Option(help: "Short name, e.g. ASEAN.") var shortName: String?
            @Option(help: "Name in the local language.") var localName: String?
            @Option(help: "State it belongs to (embassies, governments).") var state: String?
            @Option(help: "City.") var city: String?
            @Option(parsing: .unconditional, help: ArgumentHelp("Founded: YYYY, YYYY-MM or YYYY-MM-DD.", valueName: "date")) var founded: String?
            @Option(help: "Notes.") var note: String?

            func run() async throws {
                let k = kind
                let db = try database.open(.write)
                let alike = try db.organisationsNamedAlike(name)
                let id = try db.addOrganisation(Organisation(
                    name: name, shortName: shortName, localName: localName, kind: k, stateName: state, city: city,
                    founded: founded, notes: note))
                say("Added organisation #\(id) \"\(name)\" (\(k.rawValue))")
                noteNamedAlike(alike)
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List organisations.", discussion: "Example: agenda org list")
            @OptionGroup var database: DatabaseOptions
            @OptionGroup var output: OutputOptions
            func run() async throws {
                let list = try database.open(.read).organisations()
                if output.json { say(try jsonText(list)); return }
                if list.isEmpty { say("No organisations."); return }
                for o in list {
                    say("#\(o.id!)  \(o.name)" + (o.shortName.map { " (\($0))" } ?? "") + "  — \(o.kind.rawValue)")
                }
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show an organisation and its relations.",
                                                            discussion: "Example: agenda org show ASEAN")
            @OptionGroup var database: DatabaseOptions
            @Argument(help: "Name or short name.") var name: String
            @OptionGroup var output: OutputOptions
            func run() async throws {
                let db = try database.open(.read)
                let o = try db.organisation(name)
                let relations = try db.relations(of: o.name)
                if output.json {
                    struct Out: Codable { var organisation: Organisation; var relations: [OrganisationRelation] }
                    say(try jsonText(Out(organisation: o, relations: relations)))
                    return
                }
                say(Style.bold(o.name) + (o.shortName.map { " (\($0))" } ?? ""))
                if let l = o.localName { say("  \(l)") }
                say("Kind:     \(o.kind.rawValue)")
                if let s = o.stateName { say("State:    \(s)") }
                if let c = o.city { say("City:     \(c)") }
                if let f = o.founded { say("Founded:  \(f)") }
                if let n = o.notes { say("Notes:    \(n)") }
                for r in relations {
                    say("Relation: \(r.subject) is \(r.kind) of \(r.object)" + (r.since.map { " since \($0)" } ?? ""))
                }
            }
        }
    }

    struct PersonCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "person", abstract: "Add, list or show people and their positions.",
            subcommands: [Add.self, List.self, Show.self, PositionAdd.self])

        struct Add: AsyncParsableCommand, NamesStoreFields {
            static let storeFields = ["honorific": "--honorific", "position title": "--title", "position start": "--since",
                                      "since": "--since", "notes": "--note"]
            static let configuration = CommandConfiguration(
            commandName: "add",
                abstract: "Add a person, optionally with a current position.",
                discussion: "Example: agenda person add \"Romano Prodi\" --title President --org \"Italy-ASEAN Association\"")
            @OptionGroup var database: DatabaseOptions
            @Argument(help: "Full name.") var name: String
            @Option(help: "Honorific, e.g. Ambassador.") var honorific: String?
            @Option(help: "Title of a position held.") var title: String?
            @Option(help: "Organisation of that position.") var org: String?
            @Option(parsing: .unconditional, help: ArgumentHelp("Position held since (YYYY, YYYY-MM or YYYY-MM-DD).", valueName: "date")) var since: String?
            @Option(help: "Notes.") var note: String?

            func validate() throws {
                if title == nil && (org != nil || since != nil) { throw ValidationError("--org and --since need --title") }
            }

            func run() async throws {
                let positions = title.map { [Position(title: $0, organisation: org, start: since)] } ?? []
                let db = try database.open(.write)
                let alike = try db.peopleNamedAlike(name)
                let id = try db.addPerson(Person(name: name, honorific: honorific, notes: note, positions: positions))
                say("Added person #\(id) \(name)" + (positions.first.map { ", \($0.label)" } ?? ""))
                noteNamedAlike(alike)
            }
        }

        struct PositionAdd: AsyncParsableCommand, NamesStoreFields {
            static let storeFields = ["position title": "--title", "position start": "--from", "position end": "--to"]
            static let configuration = CommandConfiguration(
                commandName: "position", abstract: "Record a position a person holds or held.",
                discussion: "Example: agenda person position \"Romano Prodi\" --title \"Prime Minister of Italy\" --former")
            @OptionGroup var database: DatabaseOptions
            @Argument(help: "Person's name or id.") var person: String
            @Option(help: "Title.") var title: String
            @Option(help: "Organisation.") var org: String?
            @Option(parsing: .unconditional, help: ArgumentHelp("From (YYYY, YYYY-MM or YYYY-MM-DD).", valueName: "date")) var from: String?
            @Option(parsing: .unconditional, help: ArgumentHelp("To (YYYY, YYYY-MM or YYYY-MM-DD).", valueName: "date")) var to: String?
            @Flag(help: "Held in the past, dates unknown.") var former = false

            func run() async throws {
                let p = Position(title: title, organisation: org, start: from, end: to, former: former)
                try database.open(.write).addPosition(person: person, p)
                say("Recorded position of \(person): \(p.label)")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List people.", discussion: "Example: agenda person list")
            @OptionGroup var database: DatabaseOptions
            @OptionGroup var output: OutputOptions
            func run() async throws {
                let list = try database.open(.read).people()
                if output.json { say(try jsonText(list)); return }
                if list.isEmpty { say("No people."); return }
                for p in list {
                    say("#\(p.id!)  \(p.name)" + (p.positions.first.map { " — \($0.label)" } ?? ""))
                }
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a person and their positions over time.",
                                                            discussion: "Example: agenda person show \"Romano Prodi\"")
            @OptionGroup var database: DatabaseOptions
            @Argument(help: "Name or id.") var name: String
            @OptionGroup var output: OutputOptions
            func run() async throws {
                let p = try database.open(.read).person(name)
                if output.json { say(try jsonText(p)); return }
                say(Style.bold((p.honorific.map { "\($0) " } ?? "") + p.name))
                for pos in p.positions {
                    let span = pos.start == nil && pos.end == nil ? "" : "  (\(pos.start ?? "?") – \(pos.end ?? ""))"
                    say("  - \(pos.label)\(span)")
                }
                if let n = p.notes { say("Notes: \(n)") }
            }
        }
    }
}


/// Says on stderr that names differing only in accents or case were already recorded (the same one twice is easy
/// to type; an accent-free name then needs the exact spelling).
func noteNamedAlike(_ names: [String]) {
    guard !names.isEmpty else { return }
    sayError("note: already recorded with a name that differs only in accents or case: "
             + names.map { "'\($0)'" }.joined(separator: ", ") + "; if it is the same, use that name")
}
