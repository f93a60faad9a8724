import AgendaCore
import AgendaKit
import AgendaServer
import AgendaStore
import ArgumentParser
import Foundation

extension Agenda {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve live feeds (public ones, internal ones behind secret links) and the web agenda.",
            discussion: """
                Reads the database while other agenda commands write to it: a change is served on the next request. \
                Public feeds are at /feeds/all.ics, /feeds/terms.ics, /feeds/committees/CODE.ics and \
                /feeds/committees/CODE.terms.ics; secret links (agenda token add) at /s/SECRET/…. Stops on Ctrl-C or \
                SIGTERM after finishing the requests in flight.

                Examples:
                  agenda serve
                  agenda serve --host 0.0.0.0 --port 8080 --base-url https://calendar.example.org
                """)

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The address to listen on.") var host = "127.0.0.1"
        @Option(parsing: .unconditional, help: "The port (0: any free port, printed at start).") var port = 8080
        @Option(help: "The site's public address, for subscribe links (default: the request's host).") var baseURL: String?
        @Option(help: "The zone pages show times in (default: $TZ; a visitor can add ?tz=Area/City).") var zone: String?

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535, not \(port)") }
        }

        func run() async throws {
            let base = try baseURL.map(Publisher.checkBaseURL)
            let viewer: TimeZone
            if let zone {
                viewer = try parseZone(zone, option: "--zone")
            } else {
                viewer = Clock.viewerZone
            }
            let path = database.resolvedPath
            let db = try AgendaDatabase.openShared(path: path, configuration: try Environment.storeConfiguration(),
                                                   clock: Clock.now)
            let options = ServeOptions(host: host, port: port, baseURL: base, zone: viewer, now: Clock.now,
                                       lastWrite: AgendaServer.lastWrite(of: path))
            let host = self.host
            try await AgendaServer.run(db: db, options: options) { port in
                say("Serving \(Terminal.safe(path)) at http://\(host):\(port)/ (Ctrl-C stops)")
                fflush(nil)
            }
        }
    }

    struct TokenCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: "Secret links to feeds for `agenda serve`: add, list, revoke.",
            subcommands: [Add.self, List.self, Revoke.self])

        struct Add: AsyncParsableCommand, NamesStoreFields {
            static let storeFields = ["label": "--label"]
            static let configuration = CommandConfiguration(
                commandName: "add",
                abstract: "Create a secret link; its address is printed once and cannot be shown again.",
                discussion: """
                    Examples:
                      agenda token add --audience internal --label "Outlook, Rome office"
                      agenda token add --audience internal --committee ACR --label "ACR secretariat" --base-url https://calendar.example.org
                    """)
            @OptionGroup var database: DatabaseOptions
            @Option(help: "What the link shows: public or internal (private and confidential events too).")
            var audience: Audience = .internal
            @Option(help: "Only this committee's feeds.") var committee: String?
            @Option(help: "Who holds the link, for `token list`.") var label: String
            @Option(help: "The server's public address, to print the whole link.") var baseURL: String?
            @OptionGroup var output: OutputOptions

            func run() async throws {
                let base = try baseURL.map(Publisher.checkBaseURL) ?? "http://127.0.0.1:8080"
                let issued = try FeedTokens(db: try database.open(.write)).add(label: label, audience: audience, committee: committee)
                let link = "\(base)/s/\(issued.secret)/\(issued.feedPath)"
                if output.json {
                    say(JSONValue.object([("id", .int(Int(issued.id))), ("link", .string(link)), ("secret", .string(issued.secret))]).text)
                    return
                }
                say("Token \(issued.id) (\(audience.rawValue)\(committee.map { ", committee \($0.uppercased())" } ?? "")): \(link)")
                sayError("The link is shown only now; keep it like a password. Revoke with: agenda token revoke \(issued.id)")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List secret links (never their secrets).")
            @OptionGroup var database: DatabaseOptions
            @OptionGroup var output: OutputOptions

            func run() async throws {
                let list = try FeedTokens(db: try database.open(.read)).list()
                if output.json {
                    say(JSONValue.array(list.map { t in
                        .object([("id", .int(Int(t.id))), ("label", .string(t.label)), ("audience", .string(t.audience.rawValue)),
                                 ("committee", t.committee.map { .string($0) }),
                                 ("created", .string(t.created.formatted(.iso8601))),
                                 ("revoked", t.revoked.map { .string($0.formatted(.iso8601)) })])
                    }).text)
                    return
                }
                guard !list.isEmpty else { say("No tokens."); return }
                for t in list {
                    let state = t.revoked.map { "revoked \($0.formatted(.iso8601))" } ?? "active"
                    say("#\(t.id)  \(t.audience.rawValue)\(t.committee.map { " · \($0)" } ?? "")  \(Terminal.safe(t.label))  created \(t.created.formatted(.iso8601))  \(state)")
                }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "revoke", abstract: "Revoke a secret link: it answers 404 from the next request on.")
            @OptionGroup var database: DatabaseOptions
            @Argument(help: "The token's number (from token list).") var id: Int64

            func run() async throws {
                try FeedTokens(db: try database.open(.write)).revoke(id: id)
                say("Token \(id) revoked.")
            }
        }
    }
}
