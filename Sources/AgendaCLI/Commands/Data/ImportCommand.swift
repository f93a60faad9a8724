import AgendaCore
import AgendaKit
import AgendaStore
import ArgumentParser
import Foundation

extension Agenda {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import .ics files (Outlook, Google, Apple, Thunderbird, our own feeds): one transaction per file, by UID.",
            discussion: """
                A newer revision of an event (SEQUENCE, then LAST-MODIFIED) replaces the stored one; an older or equal \
                one is left and counted; the same one changes nothing. Lenient by default: what real producers write is \
                read and each deviation reported once with its line; --strict refuses a file at its first deviation \
                (nothing written). Recurring events arrive as series: RRULE, RDATE and EXDATE, and each changed \
                occurrence (RECURRENCE-ID) as an override of its series.

                Exit 0 when everything was imported, 65 when some events or files were refused, 64 when a file \
                cannot be read as iCalendar.

                Examples:
                  agenda import partner.ics
                  agenda import --committee ACR --dry-run outlook-export.ics
                  curl -s https://example.org/agenda.ics | agenda import - --source https://example.org/agenda.ics
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The .ics files (- for standard input).") var files: [String]
        @Option(help: "Put every event in this committee (its zone then places floating times).") var committee: String?
        @Option(help: "public (events keep their CLASS; none means public) or internal (events without CLASS are private).")
        var audience: Audience = .public
        @Flag(help: "Report what would change; write nothing.") var dryRun = false
        @Flag(help: "Refuse a file at its first deviation from RFC 5545, or any refused event (nothing written for it).")
        var strict = false
        @Option(help: "Record this as every imported event's source (default: the event's URL, if any).") var source: String?
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one .ics file (or - for standard input)") }
            if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read once") }
        }

        func run() async throws {
            func importFiles(into db: AgendaDatabase) throws -> [ImportReport] {
                let importer = Importer(database: db, committee: committee, privateByDefault: audience == .internal,
                                        strict: strict, dryRun: dryRun, source: source, now: Clock.now())
                return try files.map { file in
                    if file != "-" {
                        var isDirectory: ObjCBool = false
                        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
                            throw AgendaError.invalid(field: "file", value: file, expected: "a readable .ics file")
                        }
                    }
                    return try importer.importFile(file)
                }
            }
            // The reports are said, and the exit code set, while the database is being written: a new file into
            // which nothing was imported (every event refused, a file unreadable) is then not left behind.
            func report(_ db: AgendaDatabase) throws {
                let reports = try importFiles(into: db)
                if output.json {
                    say(JSONValue.array(reports.map(Self.json)))
                } else {
                    for r in reports { Self.print(r, dryRun: dryRun, strict: strict) }
                }
                if reports.contains(where: { $0.unreadable != nil }) { throw ExitCode(64) }
                if reports.contains(where: { !$0.refused.isEmpty }) { throw ExitCode(65) }
            }
            if dryRun { try report(database.openForDryRun()) } else { try database.building(report) }
        }

        static func print(_ r: ImportReport, dryRun: Bool, strict: Bool) {
            let name = r.file == "-" ? "standard input" : r.file
            if let e = r.unreadable {
                sayError("\(name): not imported: \(e)")
                return
            }
            let verb = dryRun ? "dry run, nothing written" : strict && !r.refused.isEmpty ? "not imported (--strict)" : "imported"
            say("\(name): \(verb): \(r.count(.added)) added, \(r.count(.updated)) updated, \(r.count(.unchanged)) unchanged, "
                + "\(r.count(.olderSkipped)) older skipped, \(r.refused.count) refused"
                + (r.joinedOccurrences > 0 ? "; \(r.joinedOccurrences) changed occurrences joined to their series" : "")
                + (r.chairTerms > 0 ? "; \(r.chairTerms) of them chair terms" : "")
                + (r.projectedTermsSkipped > 0 ? "; \(r.projectedTermsSkipped) projected chair terms left out (this agenda projects its own)" : "")
                + (r.answersLeftOut > 0 ? "; \(counted(r.answersLeftOut, "answer")) to invitations left out (an attendee's reply or counter-proposal changes no event)" : ""))
            for x in r.refused { say("  refused: line \(x.line)\(x.uid.map { ", UID \($0)" } ?? ""): \(x.reason)") }
            for n in r.notes {
                let lines = n.lines.map(String.init).joined(separator: ", ") + (n.count > n.lines.count ? ", …" : "")
                say("  note: line\(n.count > 1 ? "s" : "") \(lines): \(n.text)" + (n.count > 1 ? " (\(n.count) events)" : ""))
            }
            for d in r.deviations {
                say("  accepted: line \(d.line): \(d.message)" + (d.count > 1 ? " (\(d.count) times)" : ""))
            }
        }

        static func json(_ r: ImportReport) -> JSONValue {
            .object([
                ("file", .string(r.file)), ("written", .bool(r.written)),
                ("added", .int(r.count(.added))), ("updated", .int(r.count(.updated))),
                ("unchanged", .int(r.count(.unchanged))), ("olderSkipped", .int(r.count(.olderSkipped))),
                ("occurrences", .int(r.joinedOccurrences)), ("chairTerms", .int(r.chairTerms)),
                ("projectedTermsSkipped", .int(r.projectedTermsSkipped)), ("answersLeftOut", .int(r.answersLeftOut)),
                ("refused", .array(r.refused.map { x in
                    .object([("line", .int(x.line)), ("uid", JSONValue.optional(x.uid)), ("reason", .string(x.reason))])
                })),
                ("notes", .array(r.notes.map {
                    .object([("text", .string($0.text)), ("events", .int($0.count)), ("lines", .array($0.lines.map { .int($0) }))])
                })),
                ("deviations", .array(r.deviations.map { d in
                    .object([("line", .int(d.line)), ("message", .string(d.message)), ("count", .int(d.count))])
                })),
                ("error", r.unreadable.map { .string($0.description) }),
            ])
        }
    }
}
