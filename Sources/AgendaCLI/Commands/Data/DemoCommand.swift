import AgendaCore
import AgendaKit
import AgendaStore
import ArgumentParser
import Foundation

extension Agenda {
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Build the ACR 2023 agenda from the embedded scenario and show what it answers.",
            discussion: "Example: agenda demo   (a temporary database; --db PATH keeps it)")

        @Option(help: ArgumentHelp("Keep the demo database here (default: a temporary file).", valueName: "path"))
        var db: String?
        @Option(help: ArgumentHelp("Write the ACR feed here (default: acr.ics beside the database).", valueName: "file"))
        var feed: String?

        func run() async throws {
            let path = db ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("agenda-demo-\(ProcessInfo.processInfo.processIdentifier).sqlite").path
            if db == nil { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            let database = try AgendaDatabase.open(path: path, access: .write, configuration: try Environment.storeConfiguration(), clock: Clock.now)
            let report = try database.load(AgendaDatabase.embeddedScenario())
            say("Loaded the ACR 2023 scenario into \(path): \(loadedCounts(report)).")
            say()
            let day = LocalDate(year: 2023, month: 2, day: 20)!
            if let t = try database.chair("ACR", on: day) {
                say(Style.bold("Who chaired the ACR on \(day)?"))
                say("  \(t.member)" + (t.embassy.map { " (\($0))" } ?? "") + ", term \(t.start) – \(t.end)")
                if let s = t.source { say("  source: \(s)") }
            }
            let engine = try database.rotationEngine("ACR")
            let projected = engine.project(from: LocalDate(year: 2023, month: 7, day: 1)!, until: LocalDate(year: 2024, month: 12, day: 31)!)
            if !projected.isEmpty {
                say()
                say(Style.bold("Who is projected to chair next (six-month terms, alphabetical order assumed)?"))
                for t in projected { say("  \(t.start) – \(t.end)  \(t.member) (\(t.kind.rawValue))") }
            }
            say()
            let zone = TimeZone(identifier: "Europe/Rome")!
            let from = LocalDate(year: 2023, month: 3, day: 1)!.startInstant(in: zone)
            let to = LocalDate(year: 2024, month: 1, day: 1)!.startInstant(in: zone)
            say(Style.bold("Upcoming as of 2023-03-01 (to the end of 2023):"))
            say(EventTable.render(try database.upcoming(from: from, until: to), from: from, viewer: zone))
            say()
            let feedPath = feed ?? URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("acr.ics").path
            let exporter = FeedExporter(db: database, now: Clock.now(), keepCancelledDays: 36600)
            let acr = try database.committee("ACR")
            let (n, _) = try exporter.exportFile(feedPath, FeedSpec(
                feed: Feed(name: "\(acr.name) (ACR)", description: "Meetings and planned events of the \(acr.name)"),
                filter: FeedExporter.filter(committees: ["ACR"], window: nil, audience: .public), terms: try database.chairTerms("ACR")))
            say("Wrote the ACR feed (\(n) events and chair terms) to \(feedPath)")
            say("Subscribe to it in any calendar client, or export your own: agenda export --committee ACR --db \(path)")
        }
    }
}
