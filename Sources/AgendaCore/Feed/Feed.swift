import Foundation
import ICalendar

/// Maps the agenda onto iCalendar: one calendar of events (and, optionally, chair terms) for subscription.
///
/// The bytes depend only on the data: DTSTAMP and LAST-MODIFIED come from the stored modification time, never the
/// clock, and components come in a stable order. Feeds carry no ATTENDEE and no METHOD: a subscribed calendar is
/// plain RFC 5545, not an iTIP message (with METHOD:PUBLISH, iTIP requires an ORGANIZER that a diplomatic agenda
/// has no address for, and libical's checks refuse the feed).
public struct Feed: Sendable {
    /// NAME and X-WR-CALNAME; nil for a single-event download.
    public var name: String?
    /// X-WR-CALDESC.
    public var description: String?
    /// How often clients should refresh (REFRESH-INTERVAL and X-PUBLISHED-TTL), in seconds.
    public var refreshSeconds: Int
    public static let productID = "-//Agenda//Agenda diplomatic calendar 0.1//EN"

    public init(name: String?, description: String? = nil, refreshSeconds: Int = 3600) {
        self.name = name; self.description = description; self.refreshSeconds = refreshSeconds
    }

    /// Writes the calendar: header, one VTIMEZONE per zone in `zones` (with the UTC span it must cover), then
    /// whatever `body` writes (VEVENTs), then END:VCALENDAR.
    public func write(zones: [String: ClosedRange<Int>], to w: inout ICalendarWriter,
                      body: (inout ICalendarWriter) throws -> Void) throws {
        try writeHeader(zones: zones, to: &w)
        try body(&w)
        try writeEnd(to: &w)
    }

    /// The calendar's properties and one VTIMEZONE per zone in `zones` (with the UTC span it must cover): what
    /// comes before the first VEVENT.
    public func writeHeader(zones: [String: ClosedRange<Int>], to w: inout ICalendarWriter) throws {
        try w.begin("VCALENDAR")
        try w.write(.raw("VERSION", "2.0"))
        try w.write(.text("PRODID", Feed.productID))
        try w.write(.raw("CALSCALE", "GREGORIAN"))
        if let name {
            try w.write(.text("NAME", name))
            try w.write(.text("X-WR-CALNAME", name))
            if let description {
                try w.write(.text("DESCRIPTION", description))
                try w.write(.text("X-WR-CALDESC", description))
            }
            try w.write(Property("REFRESH-INTERVAL", .duration(DurationValue(seconds: refreshSeconds))))
            try w.write(.raw("X-PUBLISHED-TTL", DurationValue(seconds: refreshSeconds).text))
        }
        // A zone whose times are written in UTC needs no VTIMEZONE (GMT's was written, unused: a feed read back
        // and written again lost it).
        for id in zones.keys.sorted() where !Self.writtenInUTC(id) {
            if let c = TimeZoneComponent.make(id, covering: zones[id]!) { try w.write(c) }
        }
    }

    /// END:VCALENDAR, and the writer flushed.
    public func writeEnd(to w: inout ICalendarWriter) throws {
        try w.end("VCALENDAR")
        try w.flush()
    }

    // MARK: Events

    /// The VEVENT of an event.
    public static func component(for e: Event) -> Component {
        var b = ComponentBuilder("VEVENT")
        try! emitProperties(of: e, into: &b)  // ComponentBuilder.add never throws
        return b.component
    }

    /// Streams the VEVENT of an event straight into a writer, without building a component.
    public static func write(_ e: Event, to w: inout ICalendarWriter) throws {
        try w.begin("VEVENT")
        try emitProperties(of: e, into: &w)
        try w.end("VEVENT")
        try writeOverrides(of: e, to: &w)
    }

    /// One VEVENT per changed occurrence of a series: the same UID, RECURRENCE-ID the original start in the
    /// series' zone (a DATE for all-day series), its own time, fields, SEQUENCE and DTSTAMP.
    static func writeOverrides(of e: Event, to w: inout ICalendarWriter) throws {
        guard let series = e.series, !series.overrides.isEmpty, let set = try? e.recurrenceSet() else { return }
        let byKey = series.overridesByID
        for x in series.overrides {
            guard let wall = Event.wallSeconds(key: x.recurrenceID) else { continue }
            var o = e.occurrence(set.occurrence(wall: wall), overrides: byKey)
            o.series = nil
            try w.begin("VEVENT")
            try emitProperties(of: o, into: &w, recurrenceID: recurrenceIDProperty(e, x.recurrenceID))
            try w.end("VEVENT")
        }
    }

    /// RECURRENCE-ID of an occurrence of `e` originally starting at date key `key`.
    static func recurrenceIDProperty(_ e: Event, _ key: String) -> Property? {
        switch e.schedule.form {
        case .timed:
            guard let t = LocalDateTime(iso: key) else { return nil }
            return Property("RECURRENCE-ID", .dateTime(dateTime(t, e.schedule.timeZone)))
        case .allDay:
            guard let d = LocalDate(iso: key) else { return nil }
            return Property("RECURRENCE-ID", .date(dateValue(d)))
        case .period: return nil
        }
    }

    /// RRULE, RDATE and EXDATE of a series, dates in the series' zone like DTSTART.
    static func seriesProperties(_ e: Event) -> [Property] {
        guard let series = e.series else { return [] }
        var out: [Property] = []
        if var rule = series.rule {
            // UNTIL has DTSTART's type (§3.3.10): a date for all-day series, a UTC time for timed ones.
            if case .timed = e.schedule.form, case let .date(d)? = rule.until {
                let end = LocalDateTime(date: LocalDate(year: d.year, month: d.month, day: d.day)!, hour: 23, minute: 59, second: 59)!
                rule.until = .dateTime(DateTimeValue(utc: end.instant(in: e.schedule.zone)))
            }
            out.append(Property("RRULE", .recur(rule)))
        }
        func dates(_ name: String, _ keys: [String]) {
            for k in keys {
                switch e.schedule.form {
                case .timed: if let t = LocalDateTime(iso: k) { out.append(Property(name, .dateTime(dateTime(t, e.schedule.timeZone)))) }
                case .allDay: if let d = LocalDate(iso: k) { out.append(Property(name, .date(dateValue(d)))) }
                case .period: break
                }
            }
        }
        dates("RDATE", series.rdates)
        dates("EXDATE", series.exdates)
        return out
    }

    static func emitProperties<S: PropertySink & ~Copyable>(of e: Event, into p: inout S, recurrenceID: Property? = nil) throws {
        try p.add(.text("UID", e.uid))
        try p.add(Property("DTSTAMP", .dateTime(DateTimeValue(utc: e.modified))))
        try p.add(Property("CREATED", .dateTime(DateTimeValue(utc: e.created))))
        try p.add(Property("LAST-MODIFIED", .dateTime(DateTimeValue(utc: e.modified))))
        try p.add(.raw("SEQUENCE", String(e.sequence)))
        if let recurrenceID { try p.add(recurrenceID) }
        let inSeries = e.series != nil || recurrenceID != nil
        for t in timeProperties(e.schedule, series: inSeries) { try p.add(t) }
        for r in seriesProperties(e) { try p.add(r) }
        try p.add(.text("SUMMARY", summary(e)))
        try p.add(Property("DESCRIPTION", .textLines(descriptionLines(e))))
        if let l = e.location, !l.allSatisfy(\.isWhitespace) { try p.add(.text("LOCATION", l)) }
        try p.add(.raw("STATUS", status(e)))
        try p.add(.raw("CLASS", classText(e.classification)))
        try p.add(Property("CATEGORIES", .textList([e.kind.rawValue] + (e.committee.map { [$0] } ?? []))))
        try p.add(.raw("TRANSP", isTransparent(e) ? "TRANSPARENT" : "OPAQUE"))
        try p.add(.raw("X-AGENDA-PRECISION", e.schedule.precision.rawValue))
        switch e.schedule.form {
        case let .period(period):
            try p.add(.raw("X-AGENDA-PERIOD", period.description))
            try p.add(.text("X-AGENDA-TZID", e.schedule.timeZone))
        case .allDay:
            // Dates carry no zone in iCalendar; the agenda's day starts in the venue's.
            try p.add(.text("X-AGENDA-TZID", e.schedule.timeZone))
        case .timed:
            // Times said in UTC (a DST change's second 02:30) name the venue's zone beside them, so that the event
            // is read back in it, not in UTC.
            if writesUTCForRepeat(e.schedule, series: inSeries) {
                try p.add(.text("X-AGENDA-TZID", e.schedule.timeZone))
            }
        }
        try p.add(.raw("X-AGENDA-STATUS", e.status.rawValue))
        for r in roundTripProperties(e) { try p.add(r) }
        if e.schedule.precision != .timed {
            try p.add(.raw("X-MICROSOFT-CDO-ALLDAYEVENT", "TRUE"))
        }
    }

    /// What the DESCRIPTION composes for people, field by field, so that an agenda reading the feed gets the event
    /// back as it was: the alternative title, the committee (with its zone), the chair, participants (type, role,
    /// title held), topics and source. Other clients ignore X- properties (RFC 5545 §3.8.8.2). The notes are not
    /// repeated: the reader takes them out of DESCRIPTION (`notes(inDescription:of:)`), which halves a feed whose
    /// events carry long notes.
    static func roundTripProperties(_ e: Event) -> [Property] {
        var out: [Property] = []
        if let a = e.altTitle { out.append(.text("X-AGENDA-ALT-TITLE", a)) }
        if let c = e.chair { out.append(.text("X-AGENDA-CHAIR", c)) }
        for x in e.participants {
            var params = [Parameter("X-AGENDA-TYPE", { if case .person = x.party { "person" } else { "organisation" } }())]
            if let r = x.role { params.append(Parameter("X-AGENDA-ROLE", r)) }
            if let t = x.title { params.append(Parameter("X-AGENDA-TITLE", t)) }
            out.append(Property("X-AGENDA-PARTICIPANT", .text(x.name), parameters: params))
        }
        for t in e.topics { out.append(.text("X-AGENDA-TOPIC", t)) }
        if let s = e.source { out.append(.text("X-AGENDA-SOURCE", s)) }
        return out
    }

    static func classText(_ c: Classification) -> String {
        switch c {
        case .public: "PUBLIC"
        case .private: "PRIVATE"
        case .confidential: "CONFIDENTIAL"
        }
    }

    /// Whether DTSTART and DTEND of a timed event are written in UTC because a DST change repeats one of its wall
    /// times: RFC 5545 §3.3.5 reads a repeated time with a TZID as its first occurrence, so the second can only be
    /// said in UTC, and then the whole range is, to stay comparable. Not for a series or one of its occurrences,
    /// whose times always carry the TZID, so that the rule runs on the zone's wall clock.
    static func writesUTCForRepeat(_ s: Schedule, series: Bool) -> Bool {
        guard !series, case let .timed(start, end) = s.form else { return false }
        return start.isLaterOccurrence || end.isLaterOccurrence
    }

    /// DTSTART and DTEND. `series`: times of a series or one of its occurrences always carry the TZID, so the
    /// rule runs on the zone's wall clock.
    static func timeProperties(_ s: Schedule, series: Bool = false) -> [Property] {
        switch s.form {
        case let .timed(start, end):
            if writesUTCForRepeat(s, series: series) {
                let zone = s.zone
                return [Property("DTSTART", .dateTime(DateTimeValue(utc: start.instant(in: zone)))),
                        Property("DTEND", .dateTime(DateTimeValue(utc: end.instant(in: zone))))]
            }
            return [Property("DTSTART", .dateTime(dateTime(start, s.timeZone))),
                    Property("DTEND", .dateTime(dateTime(end, s.timeZone)))]
        case .allDay, .period:
            let days = s.days
            return [Property("DTSTART", .date(dateValue(days.lowerBound))),
                    Property("DTEND", .date(dateValue(days.upperBound.adding(days: 1))))]
        }
    }

    static func dateValue(_ d: LocalDate) -> DateValue { DateValue(year: d.year, month: d.month, day: d.day) }

    /// The zones whose times a feed writes in UTC (`…Z`), with no TZID and no VTIMEZONE.
    static func writtenInUTC(_ zone: String) -> Bool { zone == "UTC" || zone == "Etc/UTC" || zone == "GMT" }

    static func dateTime(_ t: LocalDateTime, _ zone: String) -> DateTimeValue {
        if writtenInUTC(zone) {
            return DateTimeValue(date: dateValue(t.date), hour: t.hour, minute: t.minute, second: t.second, form: .utc)
        }
        return DateTimeValue(date: dateValue(t.date), hour: t.hour, minute: t.minute, second: t.second, form: .zoned(zone))
    }

    /// The title as subscribers should read it: imprecise dates and cancellations marked (Outlook ignores STATUS).
    public static func summary(_ e: Event) -> String {
        var s = e.title
        if case let .period(p) = e.schedule.form { s += " (date TBC: \(p.label))" }
        switch e.status {
        case .cancelled: s = "Cancelled: " + s
        case .postponed: s += " (postponed)"
        default: break
        }
        return s
    }

    static func status(_ e: Event) -> String {
        switch e.status {
        case .confirmed: "CONFIRMED"
        case .tentative, .postponed: "TENTATIVE"
        case .cancelled: "CANCELLED"
        }
    }

    static func isTransparent(_ e: Event) -> Bool {
        e.status == .cancelled || e.schedule.precision > .date || e.kind == .project || e.kind == .award
    }

    static func description(_ e: Event) -> String {
        descriptionLines(e).joined(separator: "\n")
    }

    /// The lines of DESCRIPTION: the head, the notes, the tail. Feeds write them as they are
    /// (`PropertyValue.textLines`), without joining them into one string first.
    static func descriptionLines(_ e: Event) -> [String] {
        var lines = descriptionHead(e)
        if let n = e.notes, !n.allSatisfy(\.isWhitespace) { lines.append(n) }
        lines += descriptionTail(e)
        return lines
    }

    /// The lines of DESCRIPTION before the notes.
    static func descriptionHead(_ e: Event) -> [String] {
        var lines: [String] = []
        if let a = e.altTitle { lines.append(a) }
        if case let .period(p) = e.schedule.form {
            lines.append("Date known only to the \(p.unit.rawValue): \(p.longLabel). The day is not yet fixed.")
        }
        lines.append("Status: \(e.status.rawValue)")
        if let c = e.committee { lines.append("Committee: \(c)") }
        if let c = e.chair { lines.append("Chair: \(c)") }
        if !e.participants.isEmpty {
            lines.append("Participants:")
            lines += e.participants.map { "- " + $0.label }
        }
        if !e.topics.isEmpty {
            lines.append("Topics:")
            lines += e.topics.map { "- " + $0 }
        }
        return lines
    }

    /// The lines of DESCRIPTION after the notes.
    static func descriptionTail(_ e: Event) -> [String] {
        e.source.map { ["Source: \($0)"] } ?? []
    }

    /// The notes inside a DESCRIPTION this feed composed for `e` (whose own notes are not looked at): nil when it
    /// holds none, `.none` when `description` is not what `description(_:)` writes for `e` with some notes (a
    /// client edited it). Our feeds carry the notes once, in DESCRIPTION, and the reader takes them back out.
    static func notes(inDescription description: String, of e: Event) -> String?? {
        var bare = e
        bare.notes = nil
        let head = descriptionHead(bare).joined(separator: "\n"), tail = descriptionTail(bare).joined(separator: "\n")
        let suffix = tail.isEmpty ? "" : "\n" + tail
        if description == head + suffix { return .some(nil) }  // description(bare): the head is never empty
        let prefix = head + "\n"
        guard description.utf8.count > prefix.utf8.count + suffix.utf8.count,
              description.hasPrefix(prefix), description.hasSuffix(suffix) else { return .none }
        let notes = String(description.dropFirst(prefix.count).dropLast(suffix.count))
        bare.notes = notes
        guard !notes.allSatisfy(\.isWhitespace), Self.description(bare) == description else { return .none }
        return .some(notes)
    }

    // MARK: Chair terms

    /// The all-day, transparent VEVENT of a chair term: "Viet Nam chairs the ACR".
    /// What `FeedReading.term` needs to record the term again: the committee, the member (and its embassy), the
    /// actual handover and the source, each as its own X-AGENDA- property.
    static func termProperties(_ t: ChairTerm) -> [Property] {
        var p: [Property] = [.text("X-AGENDA-COMMITTEE", t.committee), .text("X-AGENDA-MEMBER", t.member)]
        if let e = t.embassy { p.append(.text("X-AGENDA-EMBASSY", e)) }
        if let h = t.handover { p.append(.raw("X-AGENDA-HANDOVER", h.description)) }
        if let s = t.source { p.append(.text("X-AGENDA-SOURCE", s)) }
        return p
    }

    public static func component(for t: ChairTerm) -> Component {
        let projected = t.origin == .projected
        let summary = "\(t.member) chairs the \(t.committee)" + (projected ? " (projected)" : "")
        var desc = "\(t.member)" + (t.embassy.map { " (\($0))" } ?? "") + " chairs the \(t.committee) from \(t.start) to \(t.end)."
        if let h = t.handover { desc += "\nActual handover: \(h)." }
        if projected { desc += "\nProjected from the committee's rotation policy, not recorded." }
        if let s = t.source { desc += "\nSource: \(s)" }
        return Component("VEVENT", properties: [
            .text("UID", t.uid ?? ChairTerm.stableUID(committee: t.committee, start: t.start)),
            Property("DTSTAMP", .dateTime(DateTimeValue(utc: t.modified))),
            Property("LAST-MODIFIED", .dateTime(DateTimeValue(utc: t.modified))),
            .raw("SEQUENCE", String(t.sequence)),
            Property("DTSTART", .date(dateValue(t.start))),
            Property("DTEND", .date(dateValue(t.end.adding(days: 1)))),
            .text("SUMMARY", summary),
            .text("DESCRIPTION", desc),
            .raw("STATUS", projected ? "TENTATIVE" : "CONFIRMED"),
            .raw("CLASS", "PUBLIC"),
            Property("CATEGORIES", .textList(["chair-term", t.committee])),
            .raw("TRANSP", "TRANSPARENT"),
            .raw("X-AGENDA-TERM", projected ? "projected" : "recorded"),
            .raw("X-MICROSOFT-CDO-ALLDAYEVENT", "TRUE"),
        ] + termProperties(t))
    }
}
