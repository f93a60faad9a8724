import AgendaCore
import AgendaStore
import ArgumentParser
import Foundation

extension Agenda {
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every feed as static files a plain web server can host, with an index.html to subscribe.",
            discussion: """
                Writes, for the public audience at the top of DIR and for the internal one under DIR/internal/:
                all.ics (every event), CODE.ics per committee, terms.ics and CODE-terms.ics (chair terms).
                Files whose bytes did not change are left alone; changed ones are replaced atomically.

                Example:
                  agenda publish site --base-url https://calendar.example.org/agenda
                  python3 -m http.server -d site 8000
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Output folder.") var directory: String
        @Option(help: "Public address of the folder, for absolute subscribe links (e.g. https://example.org/agenda).")
        var baseURL: String?
        @Option(help: "Keep cancelled events in feeds this many days after cancelling.") var keepCancelledDays = 90

        func run() async throws {
            let db = try database.open(.read)
            let exporter = FeedExporter(db: db, keepCancelledDays: keepCancelledDays)
            let committees = try db.committees()
            let allTerms = try db.allChairTerms()
            var written = 0, unchanged = 0
            var rows: [(audience: Audience, file: String, title: String, count: Int)] = []
            for audience in Audience.allCases {
                let folder = audience == .public ? directory : directory + "/internal"
                let suffix = audience == .internal ? " (internal)" : ""
                var feeds: [(String, Feed, EventFilter, [ChairTerm], Bool)] = [
                    ("all.ics", Feed(name: "Agenda: all events" + suffix), exporter.filter(committees: [], window: nil, audience: audience), [], true),
                    ("terms.ics", Feed(name: "Agenda: chair terms" + suffix), EventFilter(), allTerms, false),
                ]
                for c in committees {
                    let code = c.code.lowercased()
                    feeds.append(("\(code).ics", Feed(name: "\(c.name) (\(c.code))" + suffix, description: "Meetings and planned events of the \(c.name)"),
                                  exporter.filter(committees: [c.code], window: nil, audience: audience), [], true))
                    let today = committeeToday(c)
                    let projected = try projectedTerms(db, committee: c.code, from: today, until: today.adding(months: 24))
                    feeds.append(("\(code)-terms.ics", Feed(name: "\(c.code) chair terms" + suffix,
                                                            description: "Recorded terms, and projected ones for two years (marked)"),
                                  EventFilter(), allTerms.filter { $0.committee == c.code } + projected, false))
                }
                for (file, feed, filter, terms, events) in feeds {
                    let (n, changed) = try exporter.exportFile(folder + "/" + file, feed: feed, filter: filter, terms: terms,
                                                              eventsIncluded: events)
                    if changed { written += 1 } else { unchanged += 1 }
                    rows.append((audience, audience == .public ? file : "internal/" + file, feed.name ?? file, n))
                }
            }
            let html = indexHTML(rows.map { ($0.audience.rawValue, $0.file, $0.title, $0.count) })
            if try writeIfChanged(Data(html.utf8), to: directory + "/index.html") { written += 1 } else { unchanged += 1 }
            say("Published \(rows.count) feeds and index.html to \(directory): \(written) files written, \(unchanged) unchanged.")
        }

        func indexHTML(_ rows: [(String, String, String, Int)]) -> String {
            func esc(_ s: String) -> String {
                s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                    .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            }
            let base = baseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            var items = ""
            for (audience, file, title, count) in rows {
                let https = base.map { "\($0)/\(file)" } ?? file
                var links = "<a href=\"\(esc(https))\">download</a>"
                if let base {
                    let webcal = "webcal://" + (base.split(separator: "://", maxSplits: 1).last.map(String.init) ?? base) + "/\(file)"
                    links += " · <a href=\"\(esc(webcal))\">subscribe (webcal)</a> · <code>\(esc(https))</code>"
                } else {
                    links += " · <a href=\"\(esc(file))\" onclick=\"this.href='webcal://'+location.host+location.pathname.replace(/[^/]*$/,'')+'\(esc(file))'\">subscribe (webcal)</a>"
                }
                items += "<tr><td>\(esc(audience))</td><td>\(esc(title))</td><td>\(count)</td><td>\(links)</td></tr>\n"
            }
            return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Agenda feeds</title>
                <style>body{font-family:sans-serif;margin:2em}td,th{padding:.3em .8em;text-align:left}</style></head>
                <body><h1>Agenda feeds</h1>
                <p>Subscribe in Outlook, Google Calendar, Apple Calendar or Thunderbird with the webcal link, or paste the https address into "add calendar from URL". Internal feeds include private and confidential events: do not publish them openly.</p>
                <table><tr><th>Audience</th><th>Feed</th><th>Events</th><th>Links</th></tr>
                \(items)</table></body></html>

                """
        }
    }
}
