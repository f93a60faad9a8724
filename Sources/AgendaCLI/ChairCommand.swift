import AgendaCore
import AgendaStore
import ArgumentParser
import Foundation

extension Agenda {
    struct ChairCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "chair", abstract: "Record and ask about chairmanship terms.",
            subcommands: [Who.self, History.self, Record.self])
    }
}

/// "today" for a committee is today in the committee's zone.
func committeeToday(_ c: Committee) -> LocalDate {
    LocalDate(Clock.now(), in: TimeZone(identifier: c.timeZone) ?? .gmt)
}

extension Agenda.ChairCommand {
    struct Who: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Who chairs a committee on a day (default: today).",
                                                        discussion: "Example: agenda chair who ACR --on 2023-02-20")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Committee code.") var committee: String
        @Option(help: ArgumentHelp("The day.", valueName: "date")) var on: String?
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let db = try database.open()
            let c = try db.committee(committee)
            let day = try on.map { try parseDay($0, option: "--on") } ?? committeeToday(c)
            let term = try db.chair(c.code, on: day)
            if output.json {
                struct Out: Codable { var committee: String; var on: LocalDate; var term: ChairTerm?; var kind: String? }
                say(try jsonText(Out(committee: c.code, on: day, term: term, kind: term == nil ? nil : "recorded")))
                return
            }
            guard let t = term else { say("No chair of \(c.code) is recorded for \(day)."); return }
            say("\(c.code) chair on \(day): \(t.member)" + (t.embassy.map { " (\($0))" } ?? "")
                + ", term \(t.start) – \(t.end) (recorded" + (t.source.map { "; source: \($0)" } ?? "") + ")")
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recorded chair terms of a committee, with gaps flagged.",
                                                        discussion: "Example: agenda chair history ACR")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Committee code.") var committee: String
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let terms = try database.open().chairTerms(committee)
            if output.json { say(try jsonText(terms)); return }
            if terms.isEmpty { say("No chair terms recorded for \(committee)."); return }
            for (i, t) in terms.enumerated() {
                if i > 0, terms[i - 1].end.adding(days: 1) < t.start {
                    say(Style.yellow("  gap: \(terms[i - 1].end.adding(days: 1)) – \(t.start.adding(days: -1)) (no term recorded)"))
                }
                say("\(t.start) – \(t.end)  \(t.member)" + (t.handover.map { "  handover \($0)" } ?? "")
                    + (t.source.map { "  [\($0)]" } ?? ""))
            }
        }
    }

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a chair term (rejected if it overlaps another term of the committee).",
            discussion: "Example: agenda chair record ACR \"Viet Nam\" --from 2023-01-01 --to 2023-06-30 --source \"TTXVN\"")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Committee code.") var committee: String
        @Argument(help: "Member state.") var member: String
        @Option(help: ArgumentHelp("Nominal first day.", valueName: "date")) var from: String
        @Option(help: ArgumentHelp("Nominal last day (inclusive).", valueName: "date")) var to: String
        @Option(help: ArgumentHelp("The day the chair actually passed, if not the first day.", valueName: "date")) var handover: String?
        @Option(help: "Source of the record.") var source: String?

        func run() async throws {
            let t = try database.open().recordChairTerm(ChairTerm(
                committee: committee, member: member, start: parseDay(from, option: "--from"),
                end: parseDay(to, option: "--to"), handover: handover.map { try parseDay($0, option: "--handover") },
                source: source))
            say("Recorded chair term #\(t.id!): \(t.member) chairs \(t.committee) \(t.start) – \(t.end)")
        }
    }
}
