import AgendaCore
import AgendaStore
import Foundation
import ICalendar

/// What `agenda import` did with one file: counts by outcome, each refusal with its line, UID and reason, how
/// zones and floating times were read, and the deviations from RFC 5545 that lenient reading accepted.
public struct ImportReport: Sendable {
    public struct Refusal: Sendable, Hashable {
        public var line: Int
        public var uid: String?
        public var reason: String
    }

    public var file: String
    public var counts: [UpsertOutcome: Int] = [:]
    public var refused: [Refusal] = []
    /// Notes on how events were read, each with how many events it concerns.
    /// Each note once, with how many events it concerns and the lines of the first of them (at most
    /// `ReadingState.linesKept`), in the order they were first made.
    public var notes: [(text: String, count: Int, lines: [Int])] = []
    public var deviations: [ICalendarReader.Deviation] = []
    /// Occurrences of series (VEVENTs with RECURRENCE-ID) joined to their series as overrides.
    public var joinedOccurrences = 0
    /// Recorded chair terms among the counts (from our own terms feeds).
    public var chairTerms = 0
    /// Projected chair terms left out: derived from a rotation policy, not data (this agenda projects its own).
    public var projectedTermsSkipped = 0
    /// Events of iTIP answers left out (METHOD:REPLY, COUNTER, DECLINECOUNTER, REFRESH): they answer an invitation
    /// rather than state the event (`ImportedEvents.answers`); a note says which.
    public var answersLeftOut = 0
    /// False when nothing was written (a dry run, or a strict import with refusals, or a file that could not
    /// be read).
    public var written = false
    /// Set when the file could not be read at all (not iCalendar, or a limit): nothing was imported.
    public var unreadable: ICalendarReader.ReadError?

    public func count(_ o: UpsertOutcome) -> Int { counts[o] ?? 0 }
}

/// Imports .ics files into the agenda: each file is one transaction (upsert by UID, see
/// `AgendaDatabase.upsertEvents`), read as a stream so memory does not grow with the file.
public struct Importer: Sendable {
    public var database: AgendaDatabase
    /// Every event goes to this committee (its zone is then the zone for floating times).
    public var committee: String?
    /// Events without CLASS become private (`--audience internal`).
    public var privateByDefault = false
    /// The first deviation, or any refusal, stops the file and writes nothing.
    public var strict = false
    public var dryRun = false
    public var source: String?
    public var now: Date

    public init(database: AgendaDatabase, committee: String? = nil, privateByDefault: Bool = false,
                strict: Bool = false, dryRun: Bool = false, source: String? = nil, now: Date) {
        self.database = database; self.committee = committee; self.privateByDefault = privateByDefault
        self.strict = strict; self.dryRun = dryRun; self.source = source; self.now = now
    }

    /// Imports one file ("-" for standard input).
    public func importFile(_ path: String) throws -> ImportReport {
        var report = ImportReport(file: path)
        let committees = try database.committees()
        let committeeInfo = try committee.map { try database.committee($0) }
        let components = try ICalendarReader.components(ofFile: path, mode: strict ? .strict : .lenient)
        // Time zone definitions come before the events that use them in every producer's files; an event whose
        // VTIMEZONE comes later still resolves IANA and Windows names.
        let state = ReadingState(now: now)
        // Series wait for the end of the file only when an occurrence (RECURRENCE-ID) may come after them; without
        // any, each is written where it stands (memory stays flat: the peers' 14,871 series held 30 MB).
        state.holdsSeries = PropertyScan.file(path, mayContain: "RECURRENCE-ID") ?? true
        var base = FeedReading.Context(committee: committeeInfo?.code,
                                       knownCommittees: committees.map { ($0.code, $0.timeZone) },
                                       privateByDefault: privateByDefault, source: source, now: now)
        base.strict = strict
        let events = ImportedEvents(components: components, base: base, state: state)
        // A file that stops being readable part way (not iCalendar, a limit, or a deviation in strict mode) is
        // refused whole: the transaction is abandoned.
        // A large file into a small agenda: the event indexes are built once at the end. (An event of a feed
        // takes 1.5 KB or more; standard input's size is unknown, so it is never bulk.)
        let size = path == "-" ? 0 : ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0)
        let estimate = size / 1500
        let bulk = try estimate >= AgendaDatabase.bulkThreshold && estimate >= database.eventCount()
        // Each outcome is counted as it comes (with the line and UID its item was read with), so memory does not
        // grow with the file.
        try database.upsert(tagged: events, allOrNothing: strict, dryRun: dryRun, bulk: bulk,
                            abandoned: { components.error != nil || (strict && !state.refused.isEmpty) },
                            repeated: { item in state.note(ReadingState.repeatedUID, line: item.line) }) { item, outcome in
            switch outcome {
            case let .success(o):
                report.counts[o, default: 0] += 1
                if item.isTerm { report.chairTerms += 1 }
            case let .failure(error):
                report.refused.append(.init(line: item.line, uid: item.uid, reason: error.description))
            }
        }
        report.unreadable = components.error
        report.refused += state.refused.map { .init(line: $0.line, uid: $0.uid, reason: $0.reason) }
        report.refused.sort { $0.line < $1.line }
        report.notes = state.noteOrder.map { ($0, state.noteCounts[$0]!, state.noteLines[$0]!) }
        report.deviations = components.deviations
        report.joinedOccurrences = state.joined
        report.projectedTermsSkipped = state.projectedTerms
        report.answersLeftOut = state.answersLeftOut
        report.written = !dryRun && report.unreadable == nil && !(strict && !report.refused.isEmpty)
            && report.count(.added) + report.count(.updated) > 0
        return report
    }
}

/// What reading a file collects besides the events (filled as the sequence is iterated inside the write).
final class ReadingState: @unchecked Sendable {
    var projectedTerms = 0
    var answersLeftOut = 0
    var refused: [FeedReading.Refusal] = []
    var noteCounts: [String: Int] = [:]
    var noteOrder: [String] = []
    var noteLines: [String: [Int]] = [:]
    var zones: ZoneNames
    var calendarZone: String?
    /// The one zone the VTIMEZONEs before the first event define ("" when none or several).
    var fileZone: String?
    /// Series held back until the file ends, so that their occurrences (RECURRENCE-ID), wherever they come, join
    /// them; in file order. Only when `holdsSeries`: the file may have occurrences.
    var heldSeries: [FeedReading.Reading] = []
    var holdsSeries = true
    var occurrences: [String: [FeedReading.Reading]] = [:]
    /// Occurrences of series the file does not hold, by UID, last line first (popped in file order).
    var orphans: [(uid: String, reading: FeedReading.Reading)] = []
    var flushed = false
    var joined = 0
    /// The rest of a series split where an occurrence changed it (RANGE=THISANDFUTURE), with the occurrence's line.
    var splitOff: [(event: Event, line: Int)] = []

    init(now: Date) { zones = ZoneNames(now: now) }

    /// The note for an event whose UID an earlier event of the file had (RFC 5545 §3.8.4.7: one event per UID).
    static let repeatedUID = "a UID that an earlier event of the file has (RFC 5545 wants one event per UID): taken as a revision of that event (a newer one replaces it; an older or equal one is skipped)"

    /// The lines kept for each note: enough to find the events, while memory does not grow with the file.
    static let linesKept = 3

    /// Counts a note of the event read at `line` (its BEGIN:VEVENT).
    func note(_ text: String, line: Int) {
        if noteCounts[text] == nil { noteOrder.append(text) }
        noteCounts[text, default: 0] += 1
        if noteLines[text, default: []].count < Self.linesKept { noteLines[text, default: []].append(line) }
    }
}

/// Where an imported item was read: its line, its UID, and whether it is a chair term (the report's terms).
struct ReadItem {
    var line: Int
    var uid: String
    var isTerm: Bool
}

/// The events (and our feeds' chair terms) of a file, mapped one component at a time, each with where it was read.
struct ImportedEvents: Sequence, IteratorProtocol {
    let components: FileComponents
    let base: FeedReading.Context
    let state: ReadingState

    /// The iTIP methods whose events answer an invitation (RFC 5546 §3.2), with what they are.
    static let answers: [String: String] = [
        "REPLY": "an attendee's answer to an invitation, RFC 5546 §3.2.3",
        "COUNTER": "an attendee's counter-proposal, RFC 5546 §3.2.7",
        "DECLINECOUNTER": "the organiser declining a counter-proposal, RFC 5546 §3.2.8",
        "REFRESH": "an attendee asking for the latest version, RFC 5546 §3.2.6",
    ]

    /// The reading context so far: the zones defined and the calendar's zone.
    var context: FeedReading.Context {
        var context = base
        context.zones = state.zones
        if let zone = state.calendarZone, !zone.isEmpty { context.calendarZone = zone }
        if let zone = state.fileZone, !zone.isEmpty { context.fileZone = zone }
        return context
    }

    mutating func next() -> (ImportItem, ReadItem)? {
        while let c = components.next() {
            switch c.name {
            case "VTIMEZONE":
                if let id = c.first("TZID")?.value { state.zones.definitions[id] = c }
                continue
            case "VEVENT":
                // iTIP messages that answer an invitation rather than state the event (RFC 5546 §1.4): an import
                // that took them as revisions would put an attendee's "Accepted: …" or counter-proposal in place
                // of the organiser's event.
                if let method = c.method, let what = Self.answers[method] {
                    state.note("METHOD:\(method) (\(what)): changes no event, left out", line: c.line)
                    state.answersLeftOut += 1
                    continue
                }
            default:
                // An event inside another component (a custom one, or a VTODO left open) is not one of the
                // calendar's: said, not dropped.
                for e in c.descendants(named: "VEVENT") {
                    state.refused.append(.init(line: e.line, uid: e.first("UID")?.text ?? "",
                                               reason: "a VEVENT inside \(c.name), not directly in the VCALENDAR"))
                }
                continue
            }
            if state.fileZone == nil {
                let zones = Set(state.zones.definitions.keys.compactMap { state.zones.resolve($0)?.zone })
                state.fileZone = zones.count == 1 ? zones.first! : ""
            }
            if state.calendarZone == nil {
                state.calendarZone = components.calendarLines.first { $0.name == "X-WR-TIMEZONE" }
                    .map { $0.text.trimmingCharacters(in: .whitespaces) }.flatMap { ZoneNames().resolve($0)?.zone } ?? ""
            }
            switch FeedReading.term(from: c) {
            case let .success(.recorded(term))?:
                return (.term(term), ReadItem(line: c.line, uid: term.uid ?? "", isTerm: true))
            case .success(.projected)?:
                state.projectedTerms += 1
                continue
            case let .failure(refusal)?:
                state.refused.append(refusal)
                continue
            case nil:
                break
            }
            let context = self.context
            switch FeedReading.cancellation(from: c, context: context) {
            case let .success(cancel)?:
                return (.cancellation(cancel), ReadItem(line: c.line, uid: cancel.uid, isTerm: false))
            case let .failure(refusal)?:
                state.refused.append(refusal)
                continue
            case nil:
                break
            }
            switch FeedReading.event(from: c, context: context) {
            case let .success(reading):
                for n in reading.notes { state.note(n, line: reading.line) }
                if reading.recurrenceID != nil {
                    state.occurrences[reading.event.uid, default: []].append(reading)
                    continue
                }
                if reading.event.series != nil && state.holdsSeries {
                    state.heldSeries.append(reading)
                    continue
                }
                return (.event(reading.event), ReadItem(line: reading.line, uid: reading.event.uid, isTerm: false))
            case let .failure(refusal):
                state.refused.append(refusal)
            }
        }
        // The file has ended: the series, each with its occurrences.
        if !state.flushed {
            state.flushed = true
            state.heldSeries.reverse()
            let held = Set(state.heldSeries.lazy.map(\.event.uid))
            // Occurrences of a series the file does not hold go to the agenda's series of that UID, after every
            // event of the file, each on its own (its line, its outcome).
            for (uid, list) in state.occurrences where !held.contains(uid) {
                state.orphans += list.map { (uid, $0) }
            }
            state.orphans.sort { $0.reading.line > $1.reading.line }
        }
        // The rest of a series split where an occurrence changed it (RANGE=THISANDFUTURE), after the series.
        if !state.splitOff.isEmpty {
            let (event, line) = state.splitOff.removeFirst()
            return (.event(event), ReadItem(line: line, uid: event.uid, isTerm: false))
        }
        guard var reading = state.heldSeries.popLast() else {
            guard let (uid, orphan) = state.orphans.popLast() else { return nil }
            // With the file's other occurrences of the UID: a series of their own when the agenda has none.
            let others = (state.occurrences[uid] ?? []).filter { $0.line != orphan.line }
            return (.occurrences(uid: uid, [orphan] + others, context), ReadItem(line: orphan.line, uid: uid, isTerm: false))
        }
        let own = state.occurrences[reading.event.uid] ?? []
        if own.contains(where: FeedReading.changesTheRest) {
            let (series, rest, refusals) = FeedReading.attachingRanges(own, to: reading.event, context: context)
            state.refused += refusals
            // Each series split off is an item of its own; the other occurrences joined.
            state.joined += own.count - refusals.count - rest.count
            state.splitOff = rest
            return (.event(series), ReadItem(line: reading.line, uid: series.uid, isTerm: false))
        }
        let refusals = FeedReading.attach(own, to: &reading.event, context: context)
        state.refused += refusals
        state.joined += own.count - refusals.count
        return (.event(reading.event), ReadItem(line: reading.line, uid: reading.event.uid, isTerm: false))
    }
}
