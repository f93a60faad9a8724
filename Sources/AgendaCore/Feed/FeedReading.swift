import Foundation
import ICalendar

/// The inverse of `Feed` for one VEVENT from any producer: the agenda's event, or the reason it cannot be one.
/// What our own feeds add comes back (date precision and period from `X-AGENDA-PRECISION`/`-PERIOD`/`-TZID`,
/// "postponed" from `X-AGENDA-STATUS`, the kind and committee from CATEGORIES, the title without the decorations
/// the feed gives it).
public enum FeedReading {
    /// What a whole file says about its events, and the choices the importer made.
    public struct Context: Sendable {
        public var zones: ZoneNames
        /// The calendar's X-WR-TIMEZONE (resolved), if it has one.
        public var calendarZone: String?
        /// The one zone the file's VTIMEZONEs define, when they define one (Outlook and Exchange write the
        /// organiser's zone, and no X-WR-TIMEZONE).
        public var fileZone: String?
        /// `--committee`: every event goes to this committee.
        public var committee: String?
        /// Committees a CATEGORIES value may name (any case), with their zones.
        public var knownCommittees: [(code: String, timeZone: String)]
        /// Events without a CLASS are private (the importer's `--audience internal`).
        public var privateByDefault: Bool
        /// `--source`.
        public var source: String?
        /// Stamps for events that carry none.
        public var now: Date
        /// `--strict`: what the lenient reading repairs of what RFC 5545 requires (a property given twice, an
        /// UNTIL or DTEND of another type than DTSTART, no UID) refuses the event (`deviation`).
        public var strict = false

        public init(zones: ZoneNames = ZoneNames(), calendarZone: String? = nil, committee: String? = nil,
                    knownCommittees: [(code: String, timeZone: String)] = [], privateByDefault: Bool = false,
                    source: String? = nil, now: Date) {
            self.zones = zones; self.calendarZone = calendarZone
            self.committee = committee; self.knownCommittees = knownCommittees
            self.privateByDefault = privateByDefault; self.source = source; self.now = now
        }
    }

    /// Why one VEVENT was not imported.
    public struct Refusal: Error, Hashable, Sendable {
        public var line: Int
        public var uid: String?
        public var reason: String
        public init(line: Int, uid: String?, reason: String) { self.line = line; self.uid = uid; self.reason = reason }
    }

    /// What RFC 5545 requires and an event does not do (`said`), under `--strict`: the event is refused with it.
    struct StrictRefusal: Error { var reason: String }

    /// The one rule for what the reading repairs of what RFC 5545 requires: read leniently, it is noted once as
    /// "said: repair"; under `--strict`, the event is refused with `said` (`StrictRefusal`).
    static func deviation(_ said: String, repair: String, context: Context, notes: inout [String]) throws(StrictRefusal) {
        if context.strict { throw StrictRefusal(reason: said) }
        note("\(said): \(repair)", in: &notes)
    }

    /// Adds a note on how an event was read, once (the report counts the events it concerns).
    static func note(_ text: String, in notes: inout [String]) {
        if !notes.contains(text) { notes.append(text) }
    }

    /// An event read from a file, with notes on how it was read (zones guessed, floating times placed).
    public struct Reading: Sendable {
        public var event: Event
        public var notes: [String]
        public var line: Int
        /// For one occurrence of a series (an override): its RECURRENCE-ID, to be matched with the series.
        public var recurrenceID: ICalendarReader.ContentLine?
    }

    /// What a chair term of one of our feeds (X-AGENDA-TERM) reads as.
    public enum TermReading: Sendable {
        /// A recorded term, to record again.
        case recorded(ChairTerm)
        /// A term projected from a rotation policy: derived, not data; the importing agenda projects its own.
        case projected
    }

    /// The chair term a VEVENT of our feeds carries, or nil for any other VEVENT. The committee, member, embassy,
    /// handover and source come from their X-AGENDA- properties; the days from DTSTART and the exclusive DTEND;
    /// the revision from SEQUENCE and LAST-MODIFIED (else DTSTAMP).
    public static func term(from c: ICalendarReader.RawComponent) -> Result<TermReading, Refusal>? {
        guard let kind = c.first("X-AGENDA-TERM")?.value.trimmedSpace.lowercased() else { return nil }
        let uid = c.first("UID")?.value.trimmedSpace
        func refuse(_ reason: String) -> Result<TermReading, Refusal> { .failure(Refusal(line: c.line, uid: uid, reason: reason)) }
        if kind == "projected" { return .success(.projected) }
        guard kind == "recorded" else { return refuse("invalid X-AGENDA-TERM '\(kind)': expected recorded or projected") }
        guard let committee = c.first("X-AGENDA-COMMITTEE")?.text.trimmedSpace, !committee.isEmpty,
              let member = c.first("X-AGENDA-MEMBER")?.text.trimmedSpace, !member.isEmpty else {
            return refuse("a chair term without X-AGENDA-COMMITTEE and X-AGENDA-MEMBER (written by an older agenda): record it with 'agenda chair record'")
        }
        guard let startLine = c.first("DTSTART"), let start = DateValue(icalendar: startLine.value.trimmedSpace) else {
            return refuse("invalid DTSTART '\(c.first("DTSTART")?.value ?? "(none)")': expected a DATE")
        }
        guard let endLine = c.first("DTEND"), let end = DateValue(icalendar: endLine.value.trimmedSpace),
              localDate(end) > localDate(start) else {
            return refuse("invalid DTEND '\(c.first("DTEND")?.value ?? "(none)")': expected a DATE after DTSTART")
        }
        var handover: LocalDate?
        if let h = c.first("X-AGENDA-HANDOVER")?.value.trimmedSpace {
            guard let d = LocalDate(iso: h) else { return refuse("invalid X-AGENDA-HANDOVER '\(h)': expected a date such as 2023-07-01") }
            handover = d
        }
        let stamp = c.first("DTSTAMP").flatMap { utcDate($0.value) }
        let modified = c.first("LAST-MODIFIED").flatMap { utcDate($0.value) } ?? stamp ?? Date(timeIntervalSince1970: 0)
        let term = ChairTerm(committee: committee, member: member, embassy: c.first("X-AGENDA-EMBASSY")?.text.trimmedSpace,
                             start: localDate(start), end: localDate(end).adding(days: -1), handover: handover,
                             source: c.first("X-AGENDA-SOURCE")?.text, uid: uid,
                             modified: modified, sequence: c.first("SEQUENCE").flatMap { Int($0.value.trimmedSpace) } ?? 0)
        return .success(.recorded(term))
    }

    /// A cancellation that names its event by UID alone (RFC 5546 §3.2.5: METHOD:CANCEL, no DTSTART), to apply to
    /// the agenda's event of that UID, or to one occurrence of its series (RECURRENCE-ID).
    public struct Cancellation: Sendable {
        public var uid: String
        /// The occurrence cancelled, read with `context` (the file's zones); nil for the whole event.
        public var recurrenceID: ICalendarReader.ContentLine?
        public var context: Context
        /// Its revision: SEQUENCE, and LAST-MODIFIED, else DTSTAMP.
        public var sequence: Int
        public var modified: Date
    }

    /// The cancellation a VEVENT is (`Cancellation`), a refusal when it names no event, or nil for any other
    /// VEVENT (read by `event(from:context:)`).
    public static func cancellation(from c: ICalendarReader.RawComponent, context: Context) -> Result<Cancellation, Refusal>? {
        guard c.method == "CANCEL", c.first("DTSTART") == nil, c.first("X-AGENDA-PRECISION") == nil else { return nil }
        guard let uid = c.first("UID")?.value.trimmedSpace, !uid.isEmpty else {
            return .failure(Refusal(line: c.line, uid: nil, reason: "a cancellation (METHOD:CANCEL) without UID or DTSTART: it names no event"))
        }
        let stamp = c.first("DTSTAMP").flatMap { utcDate($0.value) }
        return .success(Cancellation(uid: uid, recurrenceID: c.first("RECURRENCE-ID"), context: context,
                                     sequence: max(0, c.first("SEQUENCE").flatMap { Int($0.value.trimmedSpace) } ?? 0),
                                     modified: c.first("LAST-MODIFIED").flatMap { utcDate($0.value) } ?? stamp ?? Date(timeIntervalSince1970: 0)))
    }

    /// The occurrence of `series` that a RECURRENCE-ID names, as its key (the wall time or date of its original
    /// start, in the series' zone), or why it names none. (`attach` reads many at once the same way, `named`.)
    public static func occurrenceKey(_ line: ICalendarReader.ContentLine, of series: Event, context: Context) -> Result<String, AgendaError> {
        guard series.series != nil else { return .failure(.conflict(OccurrenceNaming.notRepeating)) }
        guard let set = try? series.recurrenceSet() else { return .failure(.conflict(OccurrenceNaming.unreadable)) }
        guard let (key, occurrence) = named(by: line, of: series, in: set, context: context) else {
            return .failure(.conflict(OccurrenceNaming.notATime(line.value)))
        }
        guard (try? set.contains(occurrence.instant)) == true else {
            return .failure(.conflict(OccurrenceNaming.notAnOccurrence(line.value)))
        }
        return .success(key)
    }

    /// The key a RECURRENCE-ID gives in `series` and the occurrence of its expansion `set` at that wall time (which
    /// the set may not hold: the callers check); nil when the value is not a date or time.
    static func named(by line: ICalendarReader.ContentLine, of series: Event, in set: RecurrenceSet,
                      context: Context) -> (key: String, occurrence: ICalendar.Occurrence)? {
        var notes: [String] = []
        let placement = Placement(zone: series.schedule.timeZone, source: "the series' zone")
        guard let value = line.dateOrDateTime,
              let key = try? key(value, of: series.schedule, context: context, placement: placement, notes: &notes),
              let wall = Event.wallSeconds(key: key) else { return nil }
        return (key, set.occurrence(wall: wall))
    }

    /// Each occurrence read with the occurrence of `series` its RECURRENCE-ID names (its date key and time);
    /// one that names no date or time is added to `refusals`.
    static func named(_ occurrences: [Reading], of series: Event, in set: RecurrenceSet, context: Context,
                      refusals: inout [Refusal]) -> [(reading: Reading, key: String, occurrence: ICalendar.Occurrence)] {
        var named: [(reading: Reading, key: String, occurrence: ICalendar.Occurrence)] = []
        for r in occurrences {
            guard let line = r.recurrenceID, let (key, occurrence) = Self.named(by: line, of: series, in: set, context: context) else {
                refusals.append(Refusal(line: r.line, uid: series.uid, reason: OccurrenceNaming.notATime(r.recurrenceID?.value ?? "")))
                continue
            }
            named.append((r, key, occurrence))
        }
        return named
    }

    /// Why a RECURRENCE-ID names no occurrence, in the words of every place that reads one.
    enum OccurrenceNaming {
        static let notRepeating = "an occurrence (RECURRENCE-ID) of an event that does not repeat"
        static let unreadable = "an occurrence (RECURRENCE-ID) of a series whose dates cannot be read"
        static func notATime(_ value: String) -> String { "RECURRENCE-ID \(value) is not a date or time" }
        static func notAnOccurrence(_ value: String) -> String {
            "RECURRENCE-ID \(value) is not an occurrence of the series (its rule, RDATEs and EXDATEs)"
        }
    }

    /// The properties an event may have once (RFC 5545 §3.6.1).
    static let onceInAnEvent: Set<String> = [
        "UID", "DTSTAMP", "DTSTART", "DTEND", "DURATION", "CLASS", "CREATED", "DESCRIPTION", "GEO", "LAST-MODIFIED",
        "LOCATION", "ORGANIZER", "PRIORITY", "SEQUENCE", "STATUS", "SUMMARY", "TRANSP", "URL", "RECURRENCE-ID",
    ]

    public static func event(from c: ICalendarReader.RawComponent, context: Context) -> Result<Reading, Refusal> {
        var notes: [String] = []
        var uid = c.first("UID")?.value.trimmedSpace ?? ""
        if uid.isEmpty {
            // Files of RFC 2445's time may have none: one made from the event's own lines is the same at every import.
            let basis = ["DTSTART", "DTEND", "DURATION", "SUMMARY", "LOCATION"].map { c.first($0)?.value ?? "" }.joined(separator: "\u{1F}")
            uid = "import-" + String(fnv1a(basis), radix: 16) + "@agenda"
            do {
                try deviation("no UID (RFC 5545 §3.6.1 requires one)", repair: "given one made from its time and title",
                              context: context, notes: &notes)
            } catch { return .failure(Refusal(line: c.line, uid: nil, reason: error.reason)) }
        }
        func refuse(_ reason: String) -> Result<Reading, Refusal> { .failure(Refusal(line: c.line, uid: uid, reason: reason)) }
        if let term = c.first("X-AGENDA-TERM") {
            return refuse("a chair term (X-AGENDA-TERM:\(term.value)) read as an event: read it with FeedReading.term")
        }
        let recurrenceID = c.first("RECURRENCE-ID")
        // RANGE widens a change beyond its one occurrence. THISANDFUTURE is read (`attachingRanges` splits the
        // series there); any other is refused, not read as a change of that occurrence alone: that would keep the
        // rest of the series as it was, unsaid. THISANDPRIOR is RFC 2445's (RFC 5545 dropped it), and still
        // written by some producers.
        if let r = recurrenceID, let range = r.parameter("RANGE") {
            switch range.uppercased() {
            case "THISANDFUTURE":
                break
            case "THISANDPRIOR":
                return refuse("an occurrence with RANGE=THISANDPRIOR (RFC 2445's, dropped by RFC 5545: changing the earlier occurrences of a series this way is not supported)")
            default:
                return refuse("an occurrence with RANGE=\(range) (RFC 5545 knows only THISANDFUTURE: the occurrences it changes are unknown)")
            }
        }
        if c.all("RRULE").count > 1 { return refuse("more than one RRULE (RFC 5545 advises one; the agenda keeps one)") }
        // A property RFC 5545 allows once given twice (two DTSTARTs, two SUMMARYs): the first is read, and that is
        // said, not passed over in silence; strict reading refuses the event.
        var seen: [String] = [], twice: [String] = []
        for line in c.lines where Self.onceInAnEvent.contains(line.name) {
            if !seen.contains(line.name) { seen.append(line.name) } else if !twice.contains(line.name) { twice.append(line.name) }
        }
        if !twice.isEmpty {
            do {
                try deviation("\(twice.joined(separator: ", ")) given more than once in an event (RFC 5545 §3.6.1 allows one)",
                              repair: "the first is read", context: context, notes: &notes)
            } catch { return refuse(error.reason) }
        }
        if recurrenceID != nil, c.first("RRULE") != nil { return refuse("an occurrence (RECURRENCE-ID) with its own RRULE") }
        let ours = c.first("X-AGENDA-PRECISION") != nil

        // Which committee: --committee, else a CATEGORIES value naming one. Its zone places floating times and
        // all-day dates when the calendar names none.
        let categories = c.all("CATEGORIES").flatMap(\.textList)
        let committee = context.knownCommittees.first { known in
            if let chosen = context.committee { return known.code.caseInsensitiveCompare(chosen) == .orderedSame }
            return categories.contains { known.code.caseInsensitiveCompare($0) == .orderedSame }
        }
        var placement = Placement(zone: "UTC", source: "UTC")
        if let zone = context.calendarZone {
            placement = Placement(zone: zone, source: "the calendar's X-WR-TIMEZONE")
        } else if let committee {
            placement = Placement(zone: committee.timeZone, source: "the committee's zone")
        } else if let zone = context.fileZone {
            placement = Placement(zone: zone, source: "the zone of the file's VTIMEZONE")
        }

        // When.
        let schedule: Schedule
        do {
            guard let s = try readSchedule(c, context: context, placement: placement, notes: &notes) else { return refuse("no DTSTART") }
            schedule = s
        } catch let error as AgendaError {
            return refuse(error.description)
        } catch let error as StrictRefusal {
            return refuse(error.reason)
        } catch {
            return refuse("\(error)")
        }

        // What.
        var status = EventStatus.confirmed
        switch c.first("STATUS")?.value.uppercased() {
        case "CANCELLED": status = .cancelled
        case "TENTATIVE": status = c.first("X-AGENDA-STATUS")?.value == "postponed" ? .postponed : .tentative
        default: break
        }
        // A cancellation (RFC 5546 §3.2.5) cancels, whatever STATUS it carries (some producers leave it out).
        if c.method == "CANCEL" { status = .cancelled }
        var title = joiningLines(c.first("SUMMARY")?.text, "SUMMARY", joiner: " ", notes: &notes)?.trimmedSpace ?? ""
        if ours {
            // Undo the feed's decorations (Feed.summary).
            // In the reverse order of Feed.summary: the status marks were added last.
            if status == .cancelled, title.hasPrefix("Cancelled: ") { title = String(title.dropFirst("Cancelled: ".count)) }
            if status == .postponed, title.hasSuffix(" (postponed)") { title = String(title.dropLast(" (postponed)".count)) }
            if case let .period(p) = schedule.form, title.hasSuffix(" (date TBC: \(p.label))") {
                title = String(title.dropLast(" (date TBC: \(p.label))".count))
            }
        }
        if title.isEmpty {
            title = "(no title)"
            notes.append("no SUMMARY: titled \"(no title)\"")
        }
        let classification: Classification
        switch c.first("CLASS")?.value.uppercased() {
        case nil: classification = context.privateByDefault ? .private : .public
        case "PUBLIC": classification = .public
        case "CONFIDENTIAL": classification = .confidential
        default: classification = .private  // PRIVATE, and unknown classes (RFC 5545 §3.8.1.3: treat as PRIVATE)
        }
        let kind = categories.lazy.compactMap { EventKind(rawValue: $0) }.first ?? (ours ? .other : .meeting)
        var topics = categories.filter { name in
            EventKind(rawValue: name) == nil && committee?.code.caseInsensitiveCompare(name) != .orderedSame
        }
        // Our own feeds: CATEGORIES is the kind and the committee; the rest is in X-AGENDA- properties.
        var committeeCode = committee?.code
        // The committee our feed wrote (CATEGORIES' second value, when it is not a kind).
        let writtenCommittee = ours && categories.count >= 2 && EventKind(rawValue: categories[1]) == nil ? categories[1] : nil
        if ours {
            topics = c.all("X-AGENDA-TOPIC").map(\.text)
            if committeeCode == nil, context.committee == nil, let writtenCommittee { committeeCode = writtenCommittee }
        }
        let stamp = c.first("DTSTAMP").flatMap { utcDate($0.value) }
        let created = c.first("CREATED").flatMap { utcDate($0.value) } ?? stamp ?? context.now
        let modified = c.first("LAST-MODIFIED").flatMap { utcDate($0.value) } ?? stamp ?? created
        let sequence = c.first("SEQUENCE").flatMap { Int($0.value.trimmedSpace) } ?? 0
        // Our own feeds compose DESCRIPTION for people from the fields and the notes; the notes are taken back out
        // below, once the fields are read (feeds before 2026-12 also carried them as X-AGENDA-NOTES).
        let description = ours ? c.first("X-AGENDA-NOTES")?.text : c.first("DESCRIPTION")?.text
        // Apple's calendars write a place as its name and address on separate lines.
        let location = joiningLines(c.first("LOCATION")?.text, "LOCATION", joiner: ", ", notes: &notes)?.trimmedSpace
        let source = context.source ?? (ours ? c.first("X-AGENDA-SOURCE")?.text : c.first("URL")?.value.trimmedSpace)
        var event = Event(uid: uid, kind: kind, title: title, schedule: schedule, status: status,
                          classification: classification, committee: committeeCode,
                          location: location?.isEmpty == false ? location : nil, topics: topics,
                          notes: description?.isEmpty == false ? description : nil,
                          source: source?.isEmpty == false ? source : nil, sequence: max(0, sequence),
                          created: created, modified: max(modified, created))
        if !ours { event.participants = invitees(c, notes: &notes) }
        if ours {
            event.altTitle = c.first("X-AGENDA-ALT-TITLE")?.text
            event.chair = c.first("X-AGENDA-CHAIR")?.text
            event.participants = c.all("X-AGENDA-PARTICIPANT").map { line in
                let name = line.text
                let party: Participant.Party = line.parameter("X-AGENDA-TYPE") == "organisation" ? .organisation(name) : .person(name)
                return Participant(party, role: line.parameter("X-AGENDA-ROLE"), title: line.parameter("X-AGENDA-TITLE"))
            }
            if c.first("X-AGENDA-NOTES") == nil, let text = c.first("DESCRIPTION")?.text {
                // DESCRIPTION as the feed composed it: its fields as the feed wrote them, whatever --committee
                // and --source say.
                var written = event
                written.committee = writtenCommittee
                written.source = c.first("X-AGENDA-SOURCE")?.text
                if let s = c.first("X-AGENDA-STATUS").flatMap({ EventStatus(rawValue: $0.value) }) { written.status = s }
                if let found = Feed.notes(inDescription: text, of: written) {
                    event.notes = found
                } else {
                    event.notes = text.isEmpty ? nil : text
                    notes.append("DESCRIPTION is not as the agenda wrote it: kept whole as the notes")
                }
            }
        }
        // Recurrence: the rule, extra and excluded dates, as dates of the event's own zone.
        if recurrenceID == nil, c.first("RRULE") != nil || c.first("RDATE") != nil {
            if case .period = schedule.form { return refuse("a month, quarter or year cannot repeat") }
            do {
                var rule = try c.first("RRULE").map { try RecurrenceRule.read($0.value, field: "RRULE") }
                if let until = rule?.until {
                    rule!.until = try normalisedUntil(until, schedule: schedule, startFloats: Self.floats(c.first("DTSTART")),
                                                      startIsDate: Self.isDate(c.first("DTSTART")), context: context, notes: &notes)
                }
                var periodEnds: [(key: String, end: Date)]? = [], exdatePeriods: [(key: String, end: Date)]? = nil
                event.series = Series(rule: rule,
                                      rdates: try dateKeys(c.all("RDATE"), of: schedule, context: context, placement: placement,
                                                           notes: &notes, periodEnds: &periodEnds),
                                      exdates: try dateKeys(c.all("EXDATE"), of: schedule, context: context, placement: placement,
                                                            notes: &notes, periodEnds: &exdatePeriods))
                keepLengths(periodEnds ?? [], of: &event, notes: &notes)
            } catch let error as AgendaError {
                return refuse(error.description)
            } catch let error as StrictRefusal {
                return refuse(error.reason)
            } catch {
                return refuse("\(error)")
            }
        } else if c.first("EXDATE") != nil, recurrenceID == nil {
            notes.append("EXDATE on an event that does not repeat: ignored")
        }
        return .success(Reading(event: event, notes: notes, line: c.line, recurrenceID: recurrenceID))
    }

    /// A text the agenda keeps on one line (a title, a place) with its line breaks joined by `joiner` and its tabs
    /// made spaces, noted once: TEXT may hold line breaks (RFC 5545 §3.3.11), the agenda's titles and places not.
    static func joiningLines(_ text: String?, _ name: String, joiner: String, notes: inout [String]) -> String? {
        guard let text, text.contains(where: { $0.isNewline || $0 == "\t" }) else { return text }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.replacingOccurrences(of: "\t", with: " ").trimmedSpace }
        note("\(name) on several lines: joined into one (\(joiner == " " ? "with spaces" : "with '\(joiner.trimmedSpace)'"))", in: &notes)
        return lines.filter { !$0.isEmpty }.joined(separator: joiner)
    }

    /// Whether Outlook or Exchange marked the event all-day (`X-MICROSOFT-CDO-ALLDAYEVENT:TRUE`).
    static func outlookAllDay(_ c: ICalendarReader.RawComponent) -> Bool {
        c.first("X-MICROSOFT-CDO-ALLDAYEVENT")?.value.trimmedSpace.uppercased() == "TRUE"
    }

    /// Whether a DTSTART is a local time without a zone (RFC 5545 §3.3.5's form #1).
    static func floats(_ line: ICalendarReader.ContentLine?) -> Bool {
        if case let .dateTime(t)? = line?.dateOrDateTime { return t.form == .floating }
        return false
    }

    /// Whether a DTSTART is a DATE.
    static func isDate(_ line: ICalendarReader.ContentLine?) -> Bool {
        if case .date? = line?.dateOrDateTime { return true }
        return false
    }

    /// UNTIL of the type DTSTART has (§3.3.10): a DATE for all-day series; for timed ones a UTC time. What the RFC
    /// requires and the rule does not do is repaired and said (`deviation`): a DATE-TIME on an all-day series is
    /// read as its day; a DATE on a timed one includes that day (in the series' zone); a local time with a zoned
    /// or UTC start is read on the series' wall clock; a UTC time with a floating start is that instant.
    /// `startFloats`: DTSTART is a local time without TZID.
    static func normalisedUntil(_ until: DateOrDateTime, schedule: Schedule, startFloats: Bool, startIsDate: Bool,
                                context: Context, notes: inout [String]) throws -> DateOrDateTime {
        let rule = "RRULE UNTIL"
        switch (schedule.form, until) {
        case (.allDay, .dateTime(let t)):
            // A DATE-TIME DTSTART read as all-day (Outlook's) has a DATE-TIME UNTIL by right.
            if startIsDate {
                try deviation("\(rule) a DATE-TIME on an all-day series (RFC 5545 §3.3.10: of DTSTART's type)",
                              repair: "read as its day", context: context, notes: &notes)
            }
            let d = dayNamed(by: t, in: schedule)
            return .date(DateValue(year: d.year, month: d.month, day: d.day))
        case (.timed, .date):
            try deviation("\(rule) a DATE on a timed series (RFC 5545 §3.3.10: of DTSTART's type)",
                          repair: "that day included, in the series' zone", context: context, notes: &notes)
            return until
        case (.timed, .dateTime(let t)) where t.form != .utc:
            if t.form == .floating, !startFloats {
                try deviation("\(rule) a local time with a zoned or UTC DTSTART (RFC 5545 §3.3.10: in UTC)",
                              repair: "read on the series' wall clock", context: context, notes: &notes)
            }
            let (_, z) = try self.zone(of: t, context: context, placement: Placement(zone: schedule.timeZone, source: "the series' zone"), notes: &notes)
            return .dateTime(DateTimeValue(utc: instant(t, zone: z)))
        case (.timed, .dateTime) where startFloats:
            try deviation("\(rule) in UTC with a floating DTSTART (RFC 5545 §3.3.10: a local time)",
                          repair: "read as that instant", context: context, notes: &notes)
            return until
        default:
            return until
        }
    }

    /// The dates of RDATE or EXDATE lines (each may list several) as date keys of the series: wall times in its
    /// zone (`2026-03-19T10:00`) or dates (`2026-03-19`). A DATE on a timed series takes DTSTART's time of day; a
    /// PERIOD its start.
    ///
    /// `periodEnds`, when not nil, collects the end of each PERIOD (RDATE's own length, §3.8.5.2) with its key; an
    /// EXDATE's periods, or an all-day series', are read as their starts, with a note.
    static func dateKeys(_ lines: [ICalendarReader.ContentLine], of schedule: Schedule, context: Context,
                         placement: Placement, notes: inout [String],
                         periodEnds: inout [(key: String, end: Date)]?) throws -> [String] {
        var keys: [String] = []
        let seriesPlacement = Placement(zone: schedule.timeZone, source: "the series' zone")
        for line in lines {
            let isDate = line.parameter("VALUE")?.uppercased() == "DATE"
            for raw in line.value.split(separator: ",") {
                var text = String(raw).trimmedSpace
                var endText: String?
                if line.parameter("VALUE")?.uppercased() == "PERIOD" || text.contains("/") {
                    endText = text.firstIndex(of: "/").map { String(text[text.index(after: $0)...]) }
                    text = String(text.prefix { $0 != "/" })
                }
                let value: DateOrDateTime
                if isDate || text.utf8.count == 8, let d = DateValue(icalendar: text) { value = .date(d) }
                else if let t = DateTimeValue(icalendar: text, tzid: line.parameter("TZID")) { value = .dateTime(t) }
                else if text.utf8.count == 9, text.hasSuffix("Z"), let d = DateValue(icalendar: String(text.dropLast())) {
                    // Google's birthdays calendar writes `RDATE:20131210Z`: a DATE with UTC's mark, which no
                    // value type has (§3.3.4: DATE is eight digits).
                    try deviation("\(line.name) a DATE with a UTC mark (RFC 5545 §3.3.4: eight digits)",
                                  repair: "read as that day", context: context, notes: &notes)
                    value = .date(d)
                }
                else { throw AgendaError.invalid(field: line.name, value: text, expected: "a DATE or DATE-TIME") }
                let key = try key(value, of: schedule, context: context, placement: seriesPlacement, notes: &notes)
                keys.append(key)
                guard let endText else { continue }
                if periodEnds != nil, case .timed = schedule.form, case let .dateTime(t) = value {
                    let (_, z) = try self.zone(of: t, context: context, placement: seriesPlacement, notes: &notes)
                    let start = instant(t, zone: z)
                    if let d = DurationValue(icalendar: endText), d.seconds > 0 {
                        periodEnds!.append((key, start.addingTimeInterval(TimeInterval(d.seconds))))
                        continue
                    }
                    if let e = DateTimeValue(icalendar: endText, tzid: line.parameter("TZID")) {
                        let (_, ez) = try self.zone(of: e, context: context, placement: seriesPlacement, notes: &notes)
                        if instant(e, zone: ez) > start { periodEnds!.append((key, instant(e, zone: ez))); continue }
                    }
                    throw AgendaError.invalid(field: line.name, value: "\(text)/\(endText)", expected: "a PERIOD whose end is after its start")
                }
                note("\(line.name) periods read as their start times", in: &notes)
            }
        }
        return keys
    }

    /// An RDATE period whose length is not the event's becomes a change of that occurrence (its own end), so
    /// that its length is kept: RFC 5545 §3.8.5.2 gives each period its own.
    /// A period that cannot be an occurrence (longer than an event may last) keeps the event's length, with a note.
    static func keepLengths(_ periodEnds: [(key: String, end: Date)], of event: inout Event, notes: inout [String]) {
        guard !periodEnds.isEmpty, let set = try? event.recurrenceSet() else { return }
        let zone = event.schedule.zone
        var changes: [OccurrenceOverride] = []
        for (key, end) in periodEnds {
            guard let wall = Event.wallSeconds(key: key) else { continue }
            let plain = event.occurrence(set.occurrence(wall: wall))
            guard case let .timed(start, _) = plain.schedule.form else { continue }
            let own: Schedule
            do { own = try Schedule(.timed(start: start, end: LocalDateTime(end, in: zone)), timeZone: event.schedule.timeZone) }
            catch {
                note("RDATE periods longer than an event may last (\(Schedule.maximumSpanSeconds / 86400) days): the event's length kept", in: &notes)
                continue
            }
            guard own != plain.schedule else { continue }
            var changed = plain
            changed.schedule = own
            changes.append(OccurrenceOverride(recurrenceID: key, changed: changed, from: plain,
                                              sequence: event.sequence, modified: event.modified))
        }
        event.series!.setOverrides(changes)
    }

    /// The day of an all-day series that a DATE-TIME names (an EXDATE, UNTIL or RECURRENCE-ID where RFC 5545 wants
    /// a DATE): a local or floating time names its own date (Exchange's `EXDATE;TZID=GMT Standard Time:20240715T000000`
    /// is 15 July, not the 14th on which that midnight falls in UTC); a UTC time, the date it has in the series' zone.
    static func dayNamed(by t: DateTimeValue, in schedule: Schedule) -> LocalDate {
        if t.form != .utc { return localDate(t.date) }
        return LocalDate(instant(t, zone: TimeZone(identifier: "UTC")!), in: schedule.zone)
    }

    /// The date key of a date or time given for a series (RDATE, EXDATE, RECURRENCE-ID).
    static func key(_ value: DateOrDateTime, of schedule: Schedule, context: Context, placement: Placement,
                    notes: inout [String]) throws -> String {
        let zone = schedule.zone
        switch (schedule.form, value) {
        case (.allDay, .date(let d)): return localDate(d).description
        case (.allDay, .dateTime(let t)):
            return dayNamed(by: t, in: schedule).description
        case (.timed(let start, _), .date(let d)):
            return LocalDateTime(date: localDate(d), hour: start.hour, minute: start.minute, second: start.second)!.description
        case (_, .dateTime(let t)):
            let (_, z) = try self.zone(of: t, context: context, placement: placement, notes: &notes)
            return LocalDateTime(instant(t, zone: z), in: zone).description
        default:
            throw AgendaError.invalid(field: "RECURRENCE-ID", value: "\(value)", expected: "a date or time of a series")
        }
    }

    /// Joins the occurrences read for a series (their RECURRENCE-ID) to it as overrides: what differs from the
    /// occurrence the rule gives (time, title, place, status, notes), with the occurrence's own SEQUENCE and
    /// stamp. Returns the readings that name no occurrence, as refusals.
    public static func attach(_ occurrences: [Reading], to series: inout Event, context: Context) -> [Refusal] {
        guard series.series != nil else {
            return occurrences.map { Refusal(line: $0.line, uid: series.uid, reason: OccurrenceNaming.notRepeating) }
        }
        var refusals: [Refusal] = []
        var changes: [OccurrenceOverride] = []
        guard let set = try? series.recurrenceSet() else {
            return occurrences.map { Refusal(line: $0.line, uid: series.uid, reason: OccurrenceNaming.unreadable) }
        }
        let named = Self.named(occurrences, of: series, in: set, context: context, refusals: &refusals)
        // A RECURRENCE-ID the series does not give (its occurrence since removed from the rule, as calendars leave
        // them) is refused alone, not with the whole series.
        let instances = set.instances(among: named.map(\.occurrence.instant))
        for (r, key, occurrence) in named {
            if (instances.map { $0.contains(occurrence.instant) } ?? (try? set.contains(occurrence.instant))) != true {
                refusals.append(Refusal(line: r.line, uid: series.uid, reason: OccurrenceNaming.notAnOccurrence(r.recurrenceID?.value ?? "")))
                continue
            }
            let plain = series.occurrence(occurrence)
            var own = r.event
            // The occurrence's time in the series' zone and form.
            switch (series.schedule.form, own.schedule.form) {
            case (.timed, .timed):
                let span = own.schedule.utcSpan
                let zone = series.schedule.zone
                own.schedule = (try? Schedule(.timed(start: LocalDateTime(Date(timeIntervalSince1970: TimeInterval(span.lowerBound)), in: zone),
                                                     end: LocalDateTime(Date(timeIntervalSince1970: TimeInterval(span.upperBound)), in: zone)),
                                              timeZone: series.schedule.timeZone)) ?? plain.schedule
            case let (.allDay, .allDay(first, last)):
                own.schedule = (try? Schedule(.allDay(first: first, last: last), timeZone: series.schedule.timeZone)) ?? plain.schedule
            default:
                refusals.append(Refusal(line: r.line, uid: series.uid, reason: "an occurrence whose time is not of the series' kind (\(series.schedule.label))"))
                continue
            }
            changes.append(OccurrenceOverride(recurrenceID: key, changed: own, from: plain,
                                              sequence: own.sequence, modified: own.modified))
        }
        series.series!.setOverrides(changes)
        return refusals
    }

    /// DTSTART with DTEND or DURATION (or our period properties) as a schedule; nil without DTSTART.
    /// Where floating times and all-day dates are placed, and why (for the report).
    struct Placement {
        var zone: String
        var source: String
    }

    /// The venue's zone that our own feeds write beside dates, periods and UTC times (`X-AGENDA-TZID`), read only
    /// in a component of ours (one with `X-AGENDA-PRECISION`).
    static func ownZone(_ c: ICalendarReader.RawComponent) -> String? {
        c.first("X-AGENDA-PRECISION") != nil ? c.first("X-AGENDA-TZID")?.text : nil
    }

    static func readSchedule(_ c: ICalendarReader.RawComponent, context: Context, placement: Placement,
                             notes: inout [String]) throws -> Schedule? {
        // Our own imprecise dates.
        if let precision = c.first("X-AGENDA-PRECISION").flatMap({ Precision(rawValue: $0.value) }),
           precision > .date, let text = c.first("X-AGENDA-PERIOD")?.value, let period = Period(iso: text) {
            return try Schedule(.period(period), timeZone: ownZone(c) ?? placement.zone)
        }
        guard let startLine = c.first("DTSTART") else { return nil }
        guard let start = try Self.dateOrDateTime(startLine, context: context, notes: &notes) else {
            throw AgendaError.invalid(field: "DTSTART", value: startLine.value, expected: "a DATE or DATE-TIME")
        }
        let endLine = c.first("DTEND")
        for line in [startLine, endLine].compactMap({ $0 }) { try Self.checkParameters(line, context: context, notes: &notes) }
        // An end that does not read (`DTEND:None`, written by a script) leaves the event without one, as if it had
        // none, rather than losing the event: noted, refused under --strict.
        var end: DateOrDateTime?
        if let line = endLine {
            end = try Self.dateOrDateTime(line, context: context, notes: &notes)
            if end == nil {
                try deviation("DTEND '\(Terminal.oneLine(line.value))' not a DATE or DATE-TIME (RFC 5545 §3.8.2.2)",
                              repair: "left out, the event read as without an end", context: context, notes: &notes)
            }
        }
        var duration: Int?
        if let line = c.first("DURATION") {
            duration = DurationValue(icalendar: line.value)?.seconds
            if duration == nil {
                try deviation("DURATION '\(Terminal.oneLine(line.value))' not a duration such as PT1H or P1D (RFC 5545 §3.3.6)",
                              repair: "left out, the event read as without an end", context: context, notes: &notes)
            }
        }
        switch start {
        case let .date(first):
            let firstDay = localDate(first)
            var lastDay = firstDay
            if case let .date(e)? = end {
                lastDay = localDate(e).adding(days: -1)
            } else if case let .dateTime(e)? = end {
                // RFC 5545 wants DTEND of DTSTART's type; some producers write a DATE-TIME (a three-week leave
                // ending `20230817T000000Z`). Its day, as written, ends the event: at midnight that day is the first
                // after it, at any other time the last.
                let endDay = localDate(e.date)
                lastDay = e.hour == 0 && e.minute == 0 && e.second == 0 ? endDay.adding(days: -1) : endDay
                try deviation("DTEND a DATE-TIME after a DATE DTSTART (RFC 5545 §3.8.2.2: of DTSTART's type)",
                              repair: "its day read as the end of the all-day event", context: context, notes: &notes)
            } else if let duration {
                lastDay = firstDay.adding(days: max(1, (duration + 86399) / 86400) - 1)
            }
            if lastDay < firstDay {
                try deviation("DTEND is not after DTSTART (RFC 5545 §3.8.2.2)", repair: "read as one day",
                              context: context, notes: &notes)
                lastDay = firstDay
            }
            // Our own feeds say the zone of the venue's days.
            let zone = ownZone(c) ?? placement.zone
            return try Schedule(.allDay(first: firstDay, last: lastDay), timeZone: zone)
        case .dateTime(var s):
            // RFC 5545 §3.8.2.2: DTEND is a local time if and only if DTSTART is. A producer that writes one with a
            // zone and the other without (Radicale's issue 1847: `DTSTART:20250814T180000` with
            // `DTEND;TZID=Europe/Brussels:20250814T190000`) means one clock: the floating one is read in the
            // other's zone, rather than in the file's, which could put the end before the start.
            if s.form == .floating, case let .dateTime(e)? = end, e.form != .floating {
                try deviation("DTSTART a floating time beside a DTEND with a zone or in UTC (RFC 5545 §3.8.2.2: both local times or neither)",
                              repair: "read in DTEND's zone", context: context, notes: &notes)
                s.form = e.form
            } else if s.form != .floating, case var .dateTime(e)? = end, e.form == .floating {
                try deviation("DTEND a floating time beside a DTSTART with a zone or in UTC (RFC 5545 §3.8.2.2: both local times or neither)",
                              repair: "read in DTSTART's zone", context: context, notes: &notes)
                e.form = s.form
                end = .dateTime(e)
            }
            var (zoneName, zone) = try self.zone(of: s, context: context, placement: placement, notes: &notes)
            let startInstant = instant(s, zone: zone)
            // Our own feeds write a DST change's second 02:30 in UTC, and name the venue's zone beside it: the
            // event's wall times are the venue's.
            if s.form == .utc, let venue = ownZone(c), let venueZone = TimeZone(identifier: venue) {
                (zoneName, zone) = (venue, venueZone)
            }
            var endInstant: Date
            switch end {
            case let .dateTime(e)?:
                let (_, endZone) = try self.zone(of: e, context: context, placement: placement, notes: &notes)
                endInstant = instant(e, zone: endZone)
            case let .date(e)?:
                try deviation("DTEND a DATE after a DATE-TIME DTSTART (RFC 5545 §3.8.2.2: of DTSTART's type)",
                              repair: "read as the start of that day", context: context, notes: &notes)
                endInstant = localDate(e).startInstant(in: zone)
            case nil:
                endInstant = startInstant.addingTimeInterval(TimeInterval(duration ?? 0))
                if duration == nil { notes.append("DTSTART without DTEND or DURATION: an event of no duration (RFC 5545 §3.6.1)") }
            }
            guard endInstant >= startInstant else {
                throw AgendaError.invalid(field: "DTEND", value: endLine?.value ?? c.first("DURATION")?.value ?? "(none)",
                                          expected: "an end not before the start")
            }
            let first = LocalDateTime(startInstant, in: zone), last = LocalDateTime(endInstant, in: zone)
            // Outlook before 2013 and Exchange write an all-day event as midnight to midnight on the organiser's
            // clock and say so beside it: read as the days it covers.
            if Self.outlookAllDay(c), (first.hour, first.minute, first.second) == (0, 0, 0),
               (last.hour, last.minute, last.second) == (0, 0, 0), last.date > first.date {
                note("Outlook's all-day event (X-MICROSOFT-CDO-ALLDAYEVENT) written as midnight to midnight: read as all-day", in: &notes)
                return try Schedule(.allDay(first: first.date, last: last.date.adding(days: -1)), timeZone: zoneName)
            }
            return try Schedule(.timed(start: first, end: last), timeZone: zoneName)
        }
    }

    /// A DTSTART's or DTEND's value; `VALUE=DATE` on a date-time (`DTSTART;VALUE=DATE:20230305T000000`, an all-day
    /// event written with its midnight) is the day VALUE names, noted (refused under --strict).
    static func dateOrDateTime(_ line: ICalendarReader.ContentLine, context: Context,
                               notes: inout [String]) throws -> DateOrDateTime? {
        if let value = line.dateOrDateTime { return value }
        guard line.parameter("VALUE")?.uppercased() == "DATE",
              let t = DateTimeValue(icalendar: line.value.trimmedSpace, tzid: nil) else { return nil }
        try deviation("\(line.name);VALUE=DATE with a DATE-TIME (RFC 5545 §3.2.20: the value is of the type VALUE names)",
                      repair: "read as its day", context: context, notes: &notes)
        return .date(t.date)
    }

    /// What a DTSTART or DTEND says of its value that the value contradicts, read as the value says and noted
    /// (refused under --strict): `VALUE=DATE-TIME` on eight digits (a date), a TZID on a UTC time (RFC 5545
    /// §3.2.19: it MUST NOT have one; the UTC time is kept, the zone passed over).
    static func checkParameters(_ line: ICalendarReader.ContentLine, context: Context, notes: inout [String]) throws {
        let value = line.value.trimmedSpace
        if line.parameter("VALUE")?.uppercased() == "DATE-TIME", value.utf8.count == 8 {
            try deviation("\(line.name);VALUE=DATE-TIME with a DATE (RFC 5545 §3.2.20: the value is of the type VALUE names)",
                          repair: "read as that day", context: context, notes: &notes)
        }
        if line.parameter("TZID") != nil, value.hasSuffix("Z") || value.hasSuffix("z") {
            try deviation("\(line.name) with a TZID on a UTC time (RFC 5545 §3.2.19: none on UTC times)",
                          repair: "the UTC time kept, the TZID passed over", context: context, notes: &notes)
        }
    }

    /// The zone a DATE-TIME is in: UTC, its TZID resolved, or the floating zone (noted).
    static func zone(of t: DateTimeValue, context: Context, placement: Placement,
                     notes: inout [String]) throws -> (String, TimeZone) {
        let name: String
        switch t.form {
        case .utc: name = "UTC"
        case let .zoned(tzid):
            guard let resolved = context.zones.resolve(tzid) else {
                throw AgendaError.invalid(field: "TZID", value: tzid, expected: context.zones.unresolvedExpectation(tzid))
            }
            if let said = resolved.note { note(said, in: &notes) }
            name = resolved.zone
        case .floating:
            note("floating time read in \(placement.zone) (\(placement.source))", in: &notes)
            name = placement.zone
        }
        guard let zone = TimeZone(identifier: name) else {
            throw AgendaError.invalid(field: "TZID", value: name, expected: "an IANA zone")
        }
        return (name, zone)
    }

    /// The instant of a wall time in `zone` (RFC 5545 §3.3.5: a skipped time moves forward, a repeated one is
    /// its first occurrence).
    static func instant(_ t: DateTimeValue, zone: TimeZone) -> Date {
        let wall = LocalDateTime(date: localDate(t.date), hour: t.hour, minute: t.minute, second: t.second)!
        return wall.instant(in: zone)
    }

    static func localDate(_ d: DateValue) -> LocalDate { LocalDate(year: d.year, month: d.month, day: d.day)! }

    /// A UTC DATE-TIME (`…Z`) as an instant; nil for anything else.
    static func utcDate(_ text: String) -> Date? {
        guard let t = DateTimeValue(icalendar: text.trimmedSpace, tzid: nil), t.form == .utc else { return nil }
        let days = CivilCalendar.dayNumber(year: t.date.year, month: t.date.month, day: t.date.day)
        return Date(timeIntervalSince1970: TimeInterval(days * 86400 + t.hour * 3600 + t.minute * 60 + t.second))
    }

    /// FNV-1a, 64 bits: a hash that is the same in every process (Swift's `Hasher` is seeded per process).
    static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
