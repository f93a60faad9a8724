import AgendaCore
import AgendaStore
import ArgumentParser
import Foundation
import ICalendar

/// Who a feed is for: `public` leaves out private and confidential events (CLASS is only advisory in clients).
enum Audience: String, ExpressibleByArgument, CaseIterable {
    case `public`, `internal`

    var classifications: Set<Classification> { self == .public ? [.public] : [] }
}

/// Builds feeds from the database: shared by `export`, `publish` and `demo`.
struct FeedExporter {
    var db: AgendaDatabase
    /// Cancelled events stay in feeds this many days after they were cancelled.
    var keepCancelledDays: Int = 90

    func filter(committees: [String], window: Range<Int>?, audience: Audience) -> EventFilter {
        EventFilter(window: window, committees: committees, classifications: audience.classifications)
    }

    /// Writes one calendar to `sink`; returns the number of events written.
    @discardableResult
    func export(feed: Feed, filter: EventFilter, terms: [ChairTerm], eventsIncluded: Bool = true,
                sink: @escaping ([UInt8]) throws -> Void) throws -> Int {
        let zones = eventsIncluded ? try db.timeZoneSpans(filter) : [:]
        let cutoff = Clock.now().addingTimeInterval(-Double(keepCancelledDays) * 86400)
        var count = 0
        var w = ICalendarWriter(sink: sink)
        try feed.write(zones: zones, to: &w) { w in
            if eventsIncluded {
                try db.streamEventBatches(filter) { batch in
                    for e in batch where !(e.status == .cancelled && e.modified < cutoff) {
                        try Feed.write(e, to: &w)
                        count += 1
                    }
                }
            }
            for t in terms {
                try w.write(Feed.component(for: t))
                count += 1
            }
        }
        return count
    }

    /// Exports to a file: streams into a temporary file beside it, then renames it over the old one only when the
    /// bytes differ (so feed ETags and file times stay put). Memory stays flat. Returns (events, changed).
    func exportFile(_ path: String, feed: Feed, filter: EventFilter, terms: [ChairTerm], eventsIncluded: Bool = true) throws -> (Int, Bool) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        guard FileManager.default.createFile(atPath: temp.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: temp) else {
            throw AgendaError.invalid(field: "output", value: path, expected: "a file in a writable folder")
        }
        defer { try? FileManager.default.removeItem(at: temp) }
        let n: Int
        do {
            n = try export(feed: feed, filter: filter, terms: terms, eventsIncluded: eventsIncluded) { try handle.write(contentsOf: $0) }
            try handle.close()
        } catch {
            try? handle.close()
            throw error
        }
        if FileManager.default.contentsEqual(atPath: temp.path, andPath: path) { return (n, false) }
        guard rename(temp.path, path) == 0 else {
            throw AgendaError.invalid(field: "output", value: path, expected: "a writable file (\(String(cString: strerror(errno))))")
        }
        return (n, true)
    }
}

/// Writes `data` to `path` by atomic rename, unless the file already holds exactly these bytes.
func writeIfChanged(_ data: Data, to path: String) throws -> Bool {
    if let old = FileManager.default.contents(atPath: path), old == data { return false }
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    do {
        try data.write(to: url, options: .atomic)
    } catch {
        throw AgendaError.invalid(field: "output", value: path, expected: "a writable file (\(error.localizedDescription))")
    }
    return true
}

extension Agenda {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export an iCalendar (.ics) feed, or one event for \"add to my calendar\".",
            discussion: """
                Examples:
                  agenda export --committee ACR -o acr.ics
                  agenda export --from 2023 --to 2023 --include-terms --audience internal
                  agenda export --event 3 -o dialogue.ics
                """)

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only this committee (repeatable).") var committee: [String] = []
        @Option(parsing: .unconditional, help: ArgumentHelp("Events overlapping from this date or time.", valueName: "when")) var from: String?
        @Option(parsing: .unconditional, help: ArgumentHelp("Events overlapping up to the end of this date or period.", valueName: "when")) var to: String?
        @Flag(help: "Add the committees' recorded chair terms as all-day transparent events.") var includeTerms = false
        @Flag(help: "With --include-terms, add projected terms too (marked), from --from (default today) to --to (default two years on).")
        var includeProjected = false
        @Option(help: "public (leaves out private and confidential events) or internal (everything).") var audience: Audience = .public
        @Option(help: "Export this one event (id or UID).") var event: String?
        @Option(help: "Feed name (default: the committee's name, or \"Agenda\").") var name: String?
        @Option(help: "Keep cancelled events in the feed this many days after cancelling.") var keepCancelledDays = 90
        @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Output file, or - for stdout (default).", valueName: "file"))
        var output: String = "-"

        func run() async throws {
            let db = try database.open(.read)
            let exporter = FeedExporter(db: db, keepCancelledDays: keepCancelledDays)
            let feed: Feed
            var filter: EventFilter
            var terms: [ChairTerm] = []
            if let event {
                let e = try db.event(event)
                feed = Feed(name: nil)
                filter = EventFilter.byIDs([e.id!])
            } else {
                let zone = Clock.viewerZone
                let lo = try from.map { try parseWhen($0, option: "--from", zone: zone).startInstant(in: zone) }
                let hi = try to.map { try parseWhen($0, option: "--to", zone: zone).endInstant(in: zone) }
                if let lo, let hi, hi <= lo {
                    throw AgendaError.invalid(field: "--to", value: to!, expected: "a date on or after --from \(from!)")
                }
                var window: Range<Int>?
                if lo != nil || hi != nil {
                    window = EventFilter.window(from: lo ?? Date(timeIntervalSince1970: -62_135_596_800),
                                                to: hi ?? Date(timeIntervalSince1970: 253_402_300_800))
                }
                filter = exporter.filter(committees: committee, window: window, audience: audience)
                let committees = try committee.map { try db.committee($0) }
                if includeTerms {
                    let all = committees.isEmpty ? try db.allChairTerms() : try committees.flatMap { try db.chairTerms($0.code) }
                    terms = all.filter { t in
                        guard let w = window else { return true }
                        let s = Schedule.termSpan(t)
                        return s.lowerBound < w.upperBound && s.upperBound > w.lowerBound
                    }
                }
                if includeTerms && includeProjected {
                    let today = LocalDate(Clock.now(), in: zone)
                    let first = lo.map { LocalDate($0, in: zone) } ?? today
                    let last = hi.map { LocalDate($0.addingTimeInterval(-1), in: zone) } ?? today.adding(months: 24)
                    let codes = committees.isEmpty ? try db.committees().map(\.code) : committees.map(\.code)
                    terms += try codes.flatMap { try projectedTerms(db, committee: $0, from: first, until: last) }
                }
                let title = name ?? (committees.count == 1 ? "\(committees[0].name) (\(committees[0].code))" : "Agenda")
                feed = Feed(name: title, description: "Meetings and planned events" + (audience == .internal ? " (internal)" : ""))
            }
            if output == "-" {
                let out = FileHandle.standardOutput
                try exporter.export(feed: feed, filter: filter, terms: terms) { out.write(Data($0)) }
            } else {
                let (n, changed) = try exporter.exportFile(output, feed: feed, filter: filter, terms: terms)
                FileHandle.standardError.write(Data("Wrote \(n) events to \(output)\(changed ? "" : " (unchanged)")\n".utf8))
            }
        }
    }
}

/// Projected (not recorded) terms of a committee as chair-term values for feeds; their UIDs are derived from the
/// committee and the term's start, so a projection that does not change keeps its UIDs.
func projectedTerms(_ db: AgendaDatabase, committee: String, from: LocalDate, until: LocalDate) throws -> [ChairTerm] {
    let memberships = try db.memberships(committee)
    return try db.rotationEngine(committee).project(from: from, until: until).filter { $0.kind == .projected }.map { t in
        ChairTerm(committee: committee, member: t.member,
                  embassy: memberships.first { $0.state == t.member }?.embassy, start: t.start, end: t.end,
                  source: t.note.map { "Projection shaped by: \($0)" }, uid: "projected-\(committee.lowercased())-\(t.start)")
    }
}

extension Schedule {
    /// The UTC span of a term's days (taken in UTC: terms are calendar dates).
    static func termSpan(_ t: ChairTerm) -> Range<Int> {
        (t.start.dayNumber * 86400)..<((t.end.dayNumber + 1) * 86400)
    }
}
