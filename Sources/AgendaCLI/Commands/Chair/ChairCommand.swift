import AgendaCore
import AgendaKit
import AgendaStore
import ArgumentParser
import Foundation

extension Agenda {
    struct ChairCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "chair", abstract: "Record, hand over, ask about and project chairmanship terms.",
            subcommands: [Who.self, History.self, Record.self, Handover.self, PolicyCommand.self, Skip.self, Shift.self,
                          Swap.self, Designate.self, Project.self, Check.self])
    }
}

/// "today" for a committee's questions (see `Today`).
func committeeToday(_ c: Committee) -> LocalDate { Today.of(c, now: Clock.now()) }

/// JSON shape of a term in `who` and `project`.
struct TermJSON: Codable {
    var member: String
    var start: LocalDate
    var end: LocalDate
    var kind: String
    var note: String?
    init(_ t: ProjectedTerm) { member = t.member; start = t.start; end = t.end; kind = t.kind.rawValue; note = t.note }
}

extension Agenda.ChairCommand {
    struct Who: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "who",
            abstract: "Who chairs a committee on a day (default: today in the committee's zone), recorded or projected.",
            discussion: "Example: agenda chair who ACR --on 2023-02-20")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Committee code.") var committee: String
        @Option(parsing: .unconditional, help: ArgumentHelp("The day.", valueName: "date")) var on: String?
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let db = try database.open(.read)
            let c = try db.committee(committee)
            let day = try on.map { try parseDay($0, option: "--on", zone: Today.zone(of: c)) } ?? committeeToday(c)
            let term = try db.rotationEngine(c.code).holder(on: day)
            let recorded = try db.chair(c.code, on: day)
            if output.json {
                struct Out: Codable { var committee: String; var on: LocalDate; var term: TermJSON?; var source: String? }
                say(try jsonText(Out(committee: c.code, on: day, term: term.map(TermJSON.init), source: recorded?.source)))
                return
            }
            guard let t = term else { say("No chair of \(c.code) is recorded or projected for \(day)."); return }
            let embassy = recorded?.embassy.map { " (\($0))" } ?? ""
            var line = "\(c.code) chair on \(day): \(t.member)\(embassy), term \(t.start) – \(t.end) (\(t.kind.rawValue)"
            if let s = recorded?.source, t.kind == .recorded { line += "; source: \(s)" }
            if let n = t.note { line += "; \(n)" }
            say(line + ")")
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history", abstract: "Recorded chair terms of a committee, with gaps and inconsistencies flagged.",
                                                        discussion: "Example: agenda chair history ACR --json")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Committee code.") var committee: String
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let db = try database.open(.read)
            let terms = try db.chairTerms(committee)
            if output.json { say(try jsonText(terms)); return }
            if terms.isEmpty { say("No chair terms recorded for \(committee)."); return }
            // The check finds the gaps (one rule, in ChairCheck): each is shown where it falls, before the term
            // after it, and the other issues at the end (a gap used to be shown both ways).
            let issues = try ChairCheck.issues(db, committee: committee)
            let gapsEndingBefore = Dictionary(issues.filter { $0.kind == .gap }.compactMap { g in g.to.map { ($0, g) } },
                                              uniquingKeysWith: { a, _ in a })
            for t in terms {
                if let gap = gapsEndingBefore[t.start.adding(days: -1).description] {
                    say(Style.yellow("  gap: \(gap.from) – \(gap.to ?? gap.from) (no term recorded)"))
                }
                say("\(t.start) – \(t.end)  \(t.member)" + (t.handover.map { "  handover \($0)" } ?? "")
                    + (t.source.map { "  [\($0)]" } ?? ""))
            }
            for issue in issues where issue.kind != .gap { say(Style.yellow("  ! " + issue.message)) }
        }
    }

    struct Record: AsyncParsableCommand, NamesStoreFields {
        static let storeFields = ["term end": "--to", "handover": "--handover", "source": "--source"]
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Record a chair term (rejected if it overlaps another term of the committee).",
            discussion: "Example: agenda chair record ACR \"Viet Nam\" --from 2023-01-01 --to 2023-06-30 --handover 2023-01-20 --source \"TTXVN\"")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Committee code.") var committee: String
        @Argument(help: "Member state.") var member: String
        @Option(parsing: .unconditional, help: ArgumentHelp("Nominal first day (a month, quarter or year: its first day).", valueName: "date")) var from: String
        @Option(parsing: .unconditional, help: ArgumentHelp("Nominal last day, inclusive (a month, quarter or year: its last day).", valueName: "date")) var to: String
        @Option(parsing: .unconditional, help: ArgumentHelp("The day the chair actually passed, if not the first day.", valueName: "date")) var handover: String?
        @Option(help: "Source of the record.") var source: String?

        func run() async throws {
            let t = try database.open(.write).recordChairTerm(ChairTerm(
                committee: committee, member: member, start: parseDay(from, option: "--from", period: .first),
                end: parseDay(to, option: "--to", period: .last), handover: handover.map { try parseDay($0, option: "--handover") },
                source: source))
            say("Recorded chair term #\(t.id!): \(t.member) chairs \(t.committee) \(t.start) – \(t.end)"
                + (t.handover.map { ", handover \($0)" } ?? ""))
        }
    }

    struct Handover: AsyncParsableCommand, NamesStoreFields {
        static let storeFields = ["source": "--source"]
        static let configuration = CommandConfiguration(
            commandName: "handover",
            abstract: "Close the current term and open the next: the chair passes to MEMBER on a day.",
            discussion: "Example: agenda chair handover ACR --to Indonesia --on 2023-07-20 --source \"ACR meeting\"")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Committee code.") var committee: String
        @Option(help: "The member taking the chair.") var to: String
        @Option(parsing: .unconditional, help: ArgumentHelp("The day of the handover.", valueName: "date")) var on: String
        @Option(help: "Source of the record.") var source: String?

        func run() async throws {
            let t = try database.open(.write).handover(committee: committee, to: to, on: parseDay(on, option: "--on"), source: source)
            say("Recorded chair term #\(t.id!): \(t.member) chairs \(t.committee) \(t.start) – \(t.end)"
                + (t.handover.map { ", handover \($0)" } ?? ""))
        }
    }

    struct PolicyCommand: AsyncParsableCommand, NamesStoreFields {
        static let storeFields = ["source": "--source"]
        static let configuration = CommandConfiguration(
            commandName: "policy", abstract: "Set a committee's rotation policy from a date, or show it.",
            discussion: """
                Examples:
                  agenda chair policy ACR --term 6m --order alphabetical --anchor "Viet Nam" --from 2023-01-01
                  agenda chair policy EU --term 6m --order Netherlands,Slovakia,Malta --anchor Netherlands --from 2016-01-01
                  agenda chair policy ACR show
                """)
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Committee code.") var committee: String
        @Argument(help: "show, to print the policies instead of setting one.") var action: String?
        @Option(help: "Term length: 1m, 6m, 1y or Nm.") var term: String?
        @Option(help: "alphabetical, or MEMBER,MEMBER,... in order.") var order: String?
        @Option(help: "The member holding the term that starts on --from (or --anchor-date).") var anchor: String?
        @Option(parsing: .unconditional, help: ArgumentHelp("The policy applies from this day (a month, quarter or year: its first day).", valueName: "date")) var from: String?
        @Option(parsing: .unconditional, help: ArgumentHelp("The day the anchor's term starts (default: --from).", valueName: "date")) var anchorDate: String?
        @Option(help: "Source of the policy.") var source: String?
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let isShow = action == "show" || (action == nil && term == nil)
            let db = try database.open(isShow ? .read : .write)
            if isShow {
                let list = try db.policies(committee)
                if output.json { say(try jsonText(list)); return }
                if list.isEmpty { say("No rotation policy for \(committee)."); return }
                for p in list {
                    let order: String
                    switch p.order {
                    case .alphabetical: order = "alphabetical"
                    case let .explicit(l): order = l.joined(separator: ", ")
                    }
                    say("from \(p.effectiveFrom): \(p.termMonths)-month terms, order \(order), \(p.anchorMember) holds the term from \(p.anchorDate)")
                }
                for e in try db.exceptions(committee) {
                    say("  \(e.kind.rawValue) \(e.member)" + (e.other.map { " with \($0)" } ?? "") + " on or after \(e.date)"
                        + (e.source.map { "  [\($0)]" } ?? ""))
                }
                return
            }
            if let action, action != "show" {
                throw AgendaError.invalid(field: "action", value: action, expected: "show, or options --term --order --anchor --from")
            }
            guard let term, let order, let anchor, let from else {
                throw AgendaError.invalid(field: "policy", value: "incomplete", expected: "--term, --order, --anchor and --from together")
            }
            let months = try parseTerm(term)
            let start = try parseDay(from, option: "--from", period: .first)
            let policy = RotationPolicy(
                committee: committee, effectiveFrom: start, termMonths: months,
                order: order.lowercased() == "alphabetical" ? .alphabetical
                    : .explicit(order.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }),
                anchorMember: anchor, anchorDate: try anchorDate.map { try parseDay($0, option: "--anchor-date") } ?? start,
                source: source)
            try db.setPolicy(policy)
            say("Set the \(committee.uppercased()) rotation from \(start): \(months)-month terms, \(order), \(anchor) from \(policy.anchorDate)")
        }

        func parseTerm(_ s: String) throws -> Int {
            let t = s.lowercased()
            if t.hasSuffix("y"), let n = Int(t.dropLast()), n > 0, n <= 10 { return n * 12 }
            if t.hasSuffix("m"), let n = Int(t.dropLast()), n > 0, n <= 120 { return n }
            throw AgendaError.invalid(field: "--term", value: s, expected: "1m, 6m, 1y or Nm (1 to 120 months)")
        }
    }

    /// The options every exception command shares.
    struct ExceptionOptions: ParsableArguments {
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Committee code.") var committee: String
        @Argument(help: "Member state.") var member: String
        @Option(parsing: .unconditional, help: ArgumentHelp("Applies to the member's next turn on or after this day.", valueName: "date")) var on: String
        @Option(help: "Source of the record.") var source: String?

        func record(_ kind: RotationException.Kind, other: String? = nil) throws {
            let e = RotationException(kind: kind, committee: committee, member: member, other: other,
                                      date: try parseDay(on, option: "--on"), source: source)
            try database.open(.write).addException(e)
            say("Recorded \(kind.rawValue) of \(member)" + (other.map { " with \($0)" } ?? "") + " in \(committee.uppercased()) on or after \(e.date)")
        }
    }

    struct Skip: AsyncParsableCommand, NamesStoreFields {
        static let storeFields = ["source": "--source"]
        static let configuration = CommandConfiguration(
            commandName: "skip", abstract: "A member skips its next turn; the next member takes it.",
                                                        discussion: "Example: agenda chair skip ASEAN Myanmar --on 2026-01-01 --source \"ASEAN 2023\"")
        @OptionGroup var options: ExceptionOptions
        func run() async throws { try options.record(.skip) }
    }

    struct Shift: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "shift", abstract: "A member's term is withdrawn; everyone after moves up.",
                                                        discussion: "Example: agenda chair shift EU \"United Kingdom\" --on 2017-07-01")
        @OptionGroup var options: ExceptionOptions
        func run() async throws { try options.record(.shift) }
    }

    struct Swap: AsyncParsableCommand, NamesStoreFields {
        static let storeFields = ["source": "--source"]
        static let configuration = CommandConfiguration(
            commandName: "swap", abstract: "Two members exchange their next turns.",
                                                        discussion: "Example: agenda chair swap ASEAN Indonesia --with \"Brunei Darussalam\" --on 2011-01-01")
        @OptionGroup var options: ExceptionOptions
        @Option(help: "The other member.") var with: String
        func run() async throws { try options.record(.swap, other: with) }
    }

    struct Designate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "designate", abstract: "A member holds the term starting on a day, whatever the rule.",
                                                        discussion: "Example: agenda chair designate ACR Thailand --on 2024-01-01")
        @OptionGroup var options: ExceptionOptions
        func run() async throws { try options.record(.designate) }
    }

    struct Project: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "project",
            abstract: "The sequence of terms, each recorded or projected (and what shaped it).",
            discussion: "Example: agenda chair project ACR --from 2023-01-01 --until 2025-12-31 --json")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Committee code.") var committee: String
        @Option(parsing: .unconditional, help: ArgumentHelp("From this day (a month, quarter or year: its first day; default: today).", valueName: "date")) var from: String?
        @Option(name: [.customLong("until"), .customLong("to")], parsing: .unconditional,
                help: ArgumentHelp("Until this day (--to is the same).", valueName: "date")) var until: String
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let db = try database.open(.read)
            let c = try db.committee(committee)
            let start = try from.map { try parseDay($0, option: "--from", period: .first, zone: Today.zone(of: c)) } ?? committeeToday(c)
            let flag = typedFlag("--until", "--to")
            let end = try parseWhen(until, option: flag, zone: Clock.viewerZone)
            let last = LocalDate(end.endInstant(in: .gmt).addingTimeInterval(-1), in: .gmt)
            guard last >= start else { throw AgendaError.invalid(field: flag, value: until, expected: "a day on or after \(start)") }
            let terms = try db.rotationEngine(c.code).project(from: start, until: last)
            if output.json { say(try jsonText(terms.map(TermJSON.init))); return }
            if terms.isEmpty { say("No terms: record one, or set a policy (agenda chair policy \(c.code) --help)."); return }
            for t in terms {
                say("\(t.start) – \(t.end)  \(pad(t.member, 20))  \(t.kind.rawValue)" + (t.note.map { "  (\($0))" } ?? ""))
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Consistency checks: gaps and overlaps between terms, terms held by non-members, meetings whose chair is not the committee's.",
            discussion: "Exits 0 when nothing is found, 1 when something is (for scripts); --json gives [{kind, from, to, member, event, message}].\nExamples: agenda chair check ACR\n  agenda chair check ACR --json")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Committee code.") var committee: String

        func run() async throws {
            let issues = try ChairCheck.issues(try database.open(.read), committee: committee)
            if output.json {
                say(try jsonText(issues))
            } else {
                if issues.isEmpty { say("\(committee.uppercased()): no inconsistencies found.") }
                for i in issues { say(i.message) }
            }
            if !issues.isEmpty { throw ExitCode(1) }
        }
    }
}

