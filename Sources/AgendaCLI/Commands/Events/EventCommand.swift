import AgendaCore
import AgendaKit
import AgendaStore
import ArgumentParser
import Foundation

extension Agenda {
    struct EventCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "event",
            abstract: "Add, list, show, edit, cancel, postpone or delete events.",
            subcommands: [Add.self, List.self, Show.self, Occurrences.self, Edit.self, Cancel.self, Postpone.self, Delete.self])
    }
}

/// The options that describe an event, shared by `event add` and `event edit`.
struct EventFields: ParsableArguments {
    @Option(help: "Title. Example: --title \"ACR meeting with the Italy-ASEAN Association\"")
    var title: String?
    @Option(help: "Title in the source's language. Example: --alt-title \"Đối thoại cấp cao Italy-ASEAN\"")
    var altTitle: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Start: \(DateInput.accepted). A month, quarter or year stays imprecise.",
                               valueName: "when"))
    var start: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("End: a time or last day in the same forms, or a duration such as +90m, +2h, +3d. Default: one hour after a time, the same day after a date.",
                               valueName: "when"))
    var end: String?
    @Option(help: "IANA time zone of the venue. Default: the committee's, else yours. Example: --tz Asia/Bangkok")
    var tz: String?
    @Flag(help: "Whole days: the start (and end) are dates even when a time is typed.")
    var allDay = false
    @Option(help: "Committee code. Example: --committee ACR")
    var committee: String?
    @Option(help: "Location. Example: --location \"Bangkok, Thailand\"")
    var location: String?
    @Option(help: ArgumentHelp("Kind.", valueName: "kind"))
    var kind: EventKind?
    @Option(help: ArgumentHelp("Status.", valueName: "status"))
    var status: EventStatus?
    @Option(name: .customLong("class"), help: ArgumentHelp("Audience: public, private or confidential.", valueName: "class"))
    var classification: Classification?
    @Option(help: "The chairing person (a recorded person's name). Example: --chair \"Dương Hải Hưng\"")
    var chair: String?
    @Option(help: ArgumentHelp("A participant: a recorded person or organisation, with an optional role and title as NAME[:ROLE[:TITLE]] (repeatable). Example: --participant \"Romano Prodi:guest:President, Italy-ASEAN Association\"",
                               valueName: "name[:role[:title]]"))
    var participant: [String] = []
    @Option(help: "A topic (repeatable).")
    var topic: [String] = []
    @Option(help: "Notes.")
    var note: String?
    @Option(help: "Where the information comes from. Example: --source \"TTXVN, 20 Feb 2023\"")
    var source: String?
    @Option(name: .customLong("repeat"), help: ArgumentHelp("How the event repeats, in words: \(RepeatWords.accepted).", valueName: "rule"))
    var repeatWords: String?
    @Option(help: ArgumentHelp("How the event repeats, as an RFC 5545 rule. Example: --rrule \"FREQ=MONTHLY;BYDAY=TU;BYSETPOS=-1\"", valueName: "rule"))
    var rrule: String?
    @Option(name: .customLong("until"), parsing: .unconditional, help: ArgumentHelp("Last day (or time) of the series, in any accepted date form.", valueName: "when"))
    var repeatUntil: String?
    @Option(name: .customLong("count"), parsing: .unconditional, help: ArgumentHelp("Number of occurrences of the series.", valueName: "n"))
    var repeatCount: Int?
    @Flag(help: "Stop repeating: the series becomes its first occurrence alone (edit).")
    var noRepeat = false

    /// The flag a refused series is said under ("repeat" in the store): the one of the series' flags given.
    var repeatFlags: [String: String] {
        let flag = rrule != nil ? "--rrule" : repeatWords != nil ? "--repeat" : repeatUntil != nil ? "--until"
            : repeatCount != nil ? "--count" : nil
        return flag.map { ["repeat": $0] } ?? [:]
    }

    var repetition: RepeatInput? {
        let r = RepeatInput(plain: repeatWords, rrule: rrule, until: repeatUntil, count: repeatCount,
                            fieldNames: .init(plain: "--repeat", rrule: "--rrule", until: "--until", count: "--count"))
        return r.isEmpty ? nil : r
    }

    var participants: [Participant] {
        participant.map { text in
            let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            return Participant(.person(parts[0]), role: parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil,
                               title: parts.count > 2 && !parts[2].isEmpty ? parts[2] : nil)
        }
    }

    /// The schedule options as one input value (read by `ScheduleInput`'s rules), naming the CLI's flags in errors.
    var scheduleInput: ScheduleInput {
        ScheduleInput(start: start, end: end, timeZone: tz, allDay: allDay, fieldNames: .cli)
    }

    /// The change these options ask for, for `event edit`.
    var change: EventChange {
        get throws {
            EventChange(
                title: title, altTitle: altTitle, schedule: scheduleInput.isEmpty ? nil : scheduleInput,
                committee: committee, location: location,
                kind: kind, status: status, classification: classification,
                chair: chair, participants: participant.isEmpty ? nil : participants,
                topics: topic.isEmpty ? nil : topic, notes: note, source: source, repetition: repetition,
                stopRepeating: noRepeat)
        }
    }
}

extension ScheduleInput.FieldNames {
    /// The CLI's flags.
    static let cli = ScheduleInput.FieldNames(start: "--start", end: "--end", timeZone: "--tz")
}

/// Prints how an ambiguous input was read, on stderr (stdout stays the result).
func tell(_ notes: [String]) {
    for n in notes { sayError("note: \(n)") }
}

extension Agenda.EventCommand {
    struct Add: AsyncParsableCommand, NamesStoreFields {
        static let storeFields = eventTextFlags
        var fieldFlags: [String: String] { Self.storeFields.merging(fields.repeatFlags) { a, _ in a } }
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add an event; prints its id and UID.",
            discussion: """
                Examples:
                  agenda event add --committee ACR --title "ACR meeting" --start "2023-02-20 10:30" --end +90m
                  agenda event add --title "Italy-ASEAN High-Level Dialogue" --start 2023-10 --tz Asia/Bangkok --status tentative --kind dialogue
                  agenda event add --committee ACR --title "ACR monthly meeting" --start "2026-01-15 10:00" --end +2h --repeat "monthly on the 3rd thursday" --until 2026-12-31
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var fields: EventFields

        func validate() throws {
            if fields.title == nil { throw ValidationError("Missing expected argument '--title <title>'") }
            if fields.start == nil { throw ValidationError("Missing expected argument '--start <when>'") }
            if fields.noRepeat { throw ValidationError("--no-repeat is for event edit") }
        }

        func run() async throws {
            let db = try database.open(.write)
            let committee = try fields.committee.map { try db.committee($0) }
            let resolved = try fields.scheduleInput.resolve(now: Clock.now(),
                                                            defaultZone: committee?.timeZone ?? Clock.viewerZone.identifier)
            let series = try fields.repetition.map {
                Series(rule: try $0.rule(for: resolved.schedule, now: Clock.now()))
            }
            let event = Event(
                uid: "", kind: fields.kind ?? .meeting,
                title: fields.title!, altTitle: fields.altTitle, schedule: resolved.schedule,
                status: fields.status ?? .confirmed, classification: fields.classification ?? .public,
                committee: committee?.code, chair: fields.chair, location: fields.location,
                participants: fields.participants, topics: fields.topic, notes: fields.note, source: fields.source,
                series: series)
            let stored = try await db.addEvent(event)
            tell(resolved.notes)
            say("Added event #\(stored.id!) \"\(stored.title)\" \(stored.schedule.label) (\(stored.status.rawValue)) uid \(stored.uid)")
            if stored.series != nil { try sayRepetition(stored) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List events over any window.",
            discussion: "Examples:\n  agenda event list --from 2023-01 --until 2023-12 --committee ACR\n  agenda event list --json")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var window: WindowOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let db = try database.open(.read)
            try printEvents(try window.events(db, defaultFrom: nil, withDetails: output.json).events, from: nil, json: output.json)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show one event by id or UID.",
                                                        discussion: "Example: agenda event show 3")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Event id or UID.") var event: String
        @Option(help: "public (the default: refuses a private or confidential event) or internal.")
        var audience: Audience = .public
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let e = try await database.open(.read).event(event)
            try audience.check(e)
            if output.json { say(EventJSON.value(e)) } else { say(try EventTable.detail(e, now: Clock.now())) }
        }
    }

    struct Occurrences: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "occurrences",
            abstract: "List the occurrences of a recurring event (all of them, or a window).",
            discussion: "Examples:\n  agenda event occurrences 7\n  agenda event occurrences 7 --from 2026-03 --until 2026-06 --json")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Event id or UID.") var event: String
        @Option(parsing: .unconditional, help: ArgumentHelp("From (any accepted date form). Default: the first occurrence.", valueName: "when"))
        var from: String?
        @Option(parsing: .unconditional, help: ArgumentHelp("Until, inclusive of that day or period. Default: the last occurrence; a year after --from (or the first) for a series that never ends.", valueName: "when"))
        var until: String?
        @Option(help: "public (the default: refuses a private or confidential event) or internal.")
        var audience: Audience = .public
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let db = try database.open(.read)
            let series = try await db.event(event)
            try audience.check(series)
            guard series.series != nil else {
                throw AgendaError.invalid(field: "event", value: event, expected: "a recurring event (event #\(series.id!) does not repeat)")
            }
            let (lo, hi) = try WindowRequest(from: from, until: until, days: nil, fromField: "--from", untilField: "--until")
                .bounds(now: Clock.now(), viewer: Clock.viewerZone, defaultFrom: nil, defaultDays: nil)
            let extent = try series.seriesExtent()
            let start = lo.map { Int($0.timeIntervalSince1970) } ?? extent.start
            let end = hi.map { Int($0.timeIntervalSince1970.rounded(.up)) } ?? extent.end ?? (start + 366 * 86400)
            if hi == nil && extent.end == nil && !output.json {
                sayError("note: the series never ends; showing a year from \(lo == nil ? "its first occurrence" : "--from") (give --until for more)")
            }
            let list = try db.occurrences(of: event, window: start..<max(start, end)).occurrences
            try printEvents(list, from: nil, json: output.json)
        }
    }

    struct Edit: AsyncParsableCommand, NamesStoreFields {
        static let storeFields = eventTextFlags
        var fieldFlags: [String: String] {
            Self.storeFields.merging(["occurrence": fromOccurrence != nil ? "--from-occurrence" : "--occurrence"]) { a, _ in a }
                .merging(fields.repeatFlags) { a, _ in a }
        }
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change an event's fields; SEQUENCE rises when time, place, title or status change.",
            discussion: "Example: agenda event edit 3 --location \"Bangkok, Thailand\" --status confirmed")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Event id or UID.") var event: String
        @OptionGroup var fields: EventFields
        @Option(parsing: .unconditional, help: ArgumentHelp("Change only this occurrence of a series (its date, or date and time).", valueName: "when"))
        var occurrence: String?
        @Option(parsing: .unconditional, help: ArgumentHelp("Change this occurrence and all that follow: the series is split there; earlier ones stay as they are.", valueName: "when"))
        var fromOccurrence: String?

        func validate() throws {
            if occurrence != nil && fromOccurrence != nil { throw ValidationError("give --occurrence or --from-occurrence, not both") }
            // An edit that names no field would report an update and change nothing (or, from an occurrence, split
            // a series into two alike under a new UID).
            if try fields.change.isEmpty {
                throw ValidationError("give at least one field to change, such as --title, --start, --location or --status")
            }
        }

        func run() async throws {
            let db = try database.open(.write)
            if let occurrence {
                let (o, notes) = try db.editOccurrence(event, occurrence: occurrence, try fields.change)
                tell(notes)
                say("Updated occurrence \(o.occurrence!.recurrenceID) of event #\(o.id!) \"\(o.title)\" \(o.schedule.label) (\(o.status.rawValue)) sequence \(o.sequence)")
                return
            }
            if let fromOccurrence {
                let (earlier, later, notes) = try db.splitSeries(event, from: fromOccurrence, try fields.change)
                tell(notes)
                if earlier.id == later.id {
                    say("Updated event #\(later.id!) \"\(later.title)\" \(later.schedule.label) (\(later.status.rawValue)) sequence \(later.sequence)")
                } else {
                    say("Event #\(earlier.id!) now ends before \(fromOccurrence): \(earlier.series.flatMap { $0.rule.map { RepeatWords.describe($0, zone: earlier.schedule.zone) } } ?? "extra dates only")")
                    say("Added event #\(later.id!) \"\(later.title)\" \(later.schedule.label) (\(later.status.rawValue)) uid \(later.uid)")
                }
                if later.series != nil { try sayRepetition(later) }
                return
            }
            let (stored, notes) = try await db.updateEvent(event, try fields.change)
            tell(notes)
            say("Updated event #\(stored.id!) \"\(stored.title)\" \(stored.schedule.label) (\(stored.status.rawValue)) sequence \(stored.sequence)")
            if stored.series != nil, fields.repetition != nil || !fields.scheduleInput.isEmpty { try sayRepetition(stored) }
        }
    }

    struct Cancel: AsyncParsableCommand, NamesStoreFields {
        static let storeFields = ["reason": "--reason", "occurrence": "--occurrence"]
        static let configuration = CommandConfiguration(
            commandName: "cancel",
            abstract: "Mark an event cancelled (it stays, so feeds tell subscribers).",
            discussion: "Example: agenda event cancel 3 --reason \"venue unavailable\"")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Event id or UID.") var event: String
        @Option(help: "Why (added to the notes).") var reason: String?
        @Option(parsing: .unconditional, help: ArgumentHelp("Cancel only this occurrence of a series (its date, or date and time).", valueName: "when"))
        var occurrence: String?

        func run() async throws {
            let db = try database.open(.write)
            if let occurrence {
                let o = try db.cancelOccurrence(event, occurrence: occurrence, reason: reason)
                say("Cancelled occurrence \(o.occurrence!.recurrenceID) of event #\(o.id!) \"\(o.title)\" \(o.schedule.label) sequence \(o.sequence)")
                return
            }
            let e = try db.cancelEvent(event, reason: reason)
            say("Cancelled event #\(e.id!) \"\(e.title)\" \(e.schedule.label) sequence \(e.sequence)")
        }
    }

    struct Postpone: AsyncParsableCommand, NamesStoreFields {
        static let storeFields = ["reason": "--reason"]
        static let configuration = CommandConfiguration(
            commandName: "postpone",
            abstract: "Move an event later, to a new date or a new precision (\"moved to 2024-Q1\").",
            discussion: "Examples:\n  agenda event postpone 3 --start 2024-Q1\n  agenda event postpone 3 --start \"2023-11-14 09:00\" --end +8h")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Event id or UID.") var event: String
        @Option(parsing: .unconditional, help: ArgumentHelp("New start, in any accepted form.", valueName: "when")) var start: String
        @Option(parsing: .unconditional, help: ArgumentHelp("New end or duration.", valueName: "when")) var end: String?
        @Option(help: "IANA zone (default: the event's).") var tz: String?
        @Flag(help: "Whole days.") var allDay = false
        @Option(help: "Why (added to the notes).") var reason: String?

        func run() async throws {
            let input = ScheduleInput(start: start, end: end, timeZone: tz, allDay: allDay, fieldNames: .cli)
            let (e, notes) = try database.open(.write).postponeEvent(event, to: input, reason: reason)
            tell(notes)
            say("Postponed event #\(e.id!) \"\(e.title)\" to \(e.schedule.label) sequence \(e.sequence)")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Remove an event for good (prefer cancel for events already published).",
            discussion: "Example: agenda event delete 3 --yes")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Event id or UID.") var event: String
        @Flag(help: "Do not ask for confirmation.") var yes = false

        func run() async throws {
            let db = try database.open(.write)
            let e = try await db.event(event)
            if !yes {
                guard isatty(STDIN_FILENO) == 1 else {
                    throw AgendaError.invalid(field: "--yes", value: "missing",
                                              expected: "--yes to delete without a terminal to confirm on")
                }
                FileHandle.standardError.write(Data("Delete event #\(e.id!) \"\(e.title)\"? [y/N] ".utf8))
                guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                    say("Nothing deleted.")
                    return
                }
            }
            _ = try db.deleteEvent(event)
            say("Deleted event #\(e.id!) \"\(e.title)\" uid \(e.uid)")
        }
    }
}

/// Says a stored series' rule in words and its next three occurrences, and notes on stderr a start its rule does
/// not give (`Event.startOffRuleNote`).
func sayRepetition(_ e: Event) throws {
    say(try e.seriesSummary(now: Clock.now()))
    if let note = e.startOffRuleNote() { sayError("note: \(note)") }
}

/// A window and filters, shared by `upcoming` and `event list`.
struct WindowOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("Window start (any accepted date form). Default: now for upcoming, no limit for list.", valueName: "when"))
    var from: String?
    @Option(name: [.customLong("until"), .customLong("to")], parsing: .unconditional,
            help: ArgumentHelp("Window end, inclusive of that day or period (--to is the same).", valueName: "when"))
    var until: String?
    @Option(parsing: .unconditional, help: "Window length in days from --from (upcoming default: 30).")
    var days: Int?
    @Option(help: "Only this committee (repeatable).")
    var committee: [String] = []
    @Option(help: ArgumentHelp("Only these statuses (repeatable).", valueName: "status"))
    var status: [EventStatus] = []
    @Flag(help: "Include cancelled events.")
    var includeCancelled = false
    @Option(help: "public (the default: no private or confidential event) or internal (everything, marked).")
    var audience: Audience = .public

    func validate() throws {
        if let d = days, d < 1 || d > 36600 { throw ValidationError("--days must be between 1 and 36600, not \(d)") }
        if days != nil && until != nil { throw ValidationError("give --days or \(typedFlag("--until", "--to")), not both") }
    }

    /// The UTC window in force (nil bounds when open), read in the viewer's zone (`WindowRequest`'s rule).
    func bounds(defaultFrom: Date?, defaultDays: Int?) throws -> (from: Date?, to: Date?) {
        try WindowRequest(from: from, until: until, days: days, fromField: "--from", untilField: typedFlag("--until", "--to"))
            .bounds(now: Clock.now(), viewer: Clock.viewerZone, defaultFrom: defaultFrom, defaultDays: defaultDays)
    }

    /// The events in the window, and the window's start (for sorting events already under way).
    func events(_ db: AgendaDatabase, defaultFrom: Date?, defaultDays: Int? = nil,
                withDetails: Bool = true) throws -> (events: [Event], from: Date?) {
        let (from, to) = try bounds(defaultFrom: defaultFrom, defaultDays: defaultDays)
        var statuses = Set(status)
        if statuses.isEmpty && !includeCancelled { statuses = [.tentative, .confirmed, .postponed] }
        for c in committee { _ = try db.committee(c) }
        var filter = EventFilter(window: WindowRequest.filterWindow(from: from, to: to), committees: committee, statuses: statuses,
                                 classifications: audience.classifications)
        filter.withDetails = withDetails
        return (try db.events(filter), from)
    }
}

func printEvents(_ events: [Event], from: Date?, json: Bool) throws {
    if json {
        EventJSON.writeListing(AgendaListing(events, viewer: Clock.viewerZone, from: from), to: writeStandardOutput)
    } else {
        say(EventTable.render(events, from: from, viewer: Clock.viewerZone))
    }
}
