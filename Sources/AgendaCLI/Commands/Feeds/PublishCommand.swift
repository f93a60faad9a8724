import AgendaCore
import AgendaKit
import AgendaStore
import ArgumentParser
import Foundation

extension Agenda {
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Write the public feeds as static files a plain web server can host, with an index.html to subscribe.",
            discussion: """
                Writes the public feeds (no private or confidential event) to DIR: all.ics, terms.ics, and per \
                committee committees/CODE.ics and committees/CODE.terms.ics, with index.html. Internal feeds \
                (everything) are written only with --internal-dir, to that separate folder (owner-only access, \
                never linked from index.html, and never inside DIR). Files whose bytes did not change are left \
                alone; changed ones are replaced atomically.

                Example:
                  agenda publish site --base-url https://calendar.example.org/agenda
                  python3 -m http.server -d site 8000
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Output folder for the public feeds.") var directory: String
        @Option(help: "Public address of the folder, http or https, for absolute subscribe links (e.g. https://example.org/agenda).")
        var baseURL: String?
        @Option(help: ArgumentHelp("Also write the internal feeds to this separate, private folder.", valueName: "dir"))
        var internalDir: String?
        @Option(parsing: .unconditional, help: "Keep cancelled events in feeds this many days after cancelling.") var keepCancelledDays = 90

        func validate() throws {
            if directory.isEmpty { throw ValidationError("the output folder needs a path") }
            if let i = internalDir, i.isEmpty { throw ValidationError("--internal-dir needs a path") }
            guard (0...1_000_000).contains(keepCancelledDays) else {
                throw ValidationError("--keep-cancelled-days must be 0 to 1000000, not \(keepCancelledDays)")
            }
        }

        func run() async throws {
            if let baseURL { _ = try Publisher.checkBaseURL(baseURL) }
            if let internalDir, Publisher.isInside(internalDir, directory) || Publisher.isInside(directory, internalDir) {
                throw AgendaError.invalid(field: "--internal-dir", value: internalDir,
                                          expected: "a folder outside the public folder \(directory) (it would be served)")
            }
            // The store names its folders; the command line's are DIR and --internal-dir.
            func flags<T>(_ body: () throws -> T) throws -> T {
                do { return try body() } catch let AgendaError.invalid(field, value, expected) {
                    throw AgendaError.invalid(field: field == "internal folder" ? "--internal-dir" : field, value: value, expected: expected)
                }
            }
            try flags {
                try Publisher.checkFolder(directory, field: "folder")
                if let internalDir { try Publisher.checkFolder(internalDir, field: "internal folder") }
            }
            let db = try database.open(.read)
            let publisher = Publisher(db: db, now: Clock.now(), keepCancelledDays: keepCancelledDays)
            let report = try flags { try publisher.publish(.public, to: directory, baseURL: baseURL) }
            say("Published \(report.feeds.count) public feeds and index.html to \(directory): \(report.written) files written, \(report.unchanged) unchanged.")
            if let internalDir {
                let r = try flags { try publisher.publish(.internal, to: internalDir) }
                say("Published \(r.feeds.count) internal feeds to \(internalDir) (private folder): \(r.written) files written, \(r.unchanged) unchanged.")
            }
        }
    }
}
