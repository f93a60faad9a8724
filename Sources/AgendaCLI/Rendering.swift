import AgendaCore
import Foundation

/// Terminal styling: only on a TTY, never with NO_COLOR.
enum Style {
    static let enabled: Bool = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    static func bold(_ s: String) -> String { enabled ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    static func dim(_ s: String) -> String { enabled ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
    static func yellow(_ s: String) -> String { enabled ? "\u{1B}[33m\(s)\u{1B}[0m" : s }
    static func red(_ s: String) -> String { enabled ? "\u{1B}[31m\(s)\u{1B}[0m" : s }
    /// The only escape sequences `say` lets through.
    static let codes = ["\u{1B}[1m", "\u{1B}[2m", "\u{1B}[33m", "\u{1B}[31m", "\u{1B}[0m"]
}

/// Display width of a string in a terminal (colour codes and combining marks take no column; wide CJK take two).
func displayWidth(_ s: String) -> Int {
    var inEscape = false
    return s.unicodeScalars.reduce(0) { w, u in
        if u == "\u{1B}" { inEscape = true; return w }
        if inEscape { if u == "m" { inEscape = false }; return w }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return w
        default: return w + (u.properties.isEmojiPresentation || (0x1100...0x115F).contains(u.value)
            || (0x2E80...0xA4CF).contains(u.value) || (0xAC00...0xD7A3).contains(u.value)
            || (0xF900...0xFAFF).contains(u.value) || (0xFF00...0xFF60).contains(u.value) ? 2 : 1)
        }
    }
}

func pad(_ s: String, _ width: Int) -> String {
    s + String(repeating: " ", count: max(0, width - displayWidth(s)))
}

/// Renders events as an aligned table grouped by day, imprecise events under their period.
enum EventTable {
    static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    static func dayHeader(_ d: LocalDate) -> String {
        "\(weekdayNames[d.isoWeekday - 1]) \(d.day) \(Period.monthNames[d.month - 1].prefix(3)) \(d.year)"
    }

    /// Sort key: an event under way at `from` sorts at `from`; on the same key, finer precision first.
    static func sorted(_ events: [Event], from: Date?) -> [Event] {
        let floor = from.map { Int($0.timeIntervalSince1970) } ?? Int.min
        return events.sorted { a, b in
            let ka = max(a.schedule.utcSpan.lowerBound, floor), kb = max(b.schedule.utcSpan.lowerBound, floor)
            if ka != kb { return ka < kb }
            if a.schedule.precision != b.schedule.precision { return a.schedule.precision < b.schedule.precision }
            return (a.id ?? 0) < (b.id ?? 0)
        }
    }

    /// The group an event is listed under, and the time column.
    static func placement(_ e: Event, viewer: TimeZone) -> (group: String, when: String) {
        switch e.schedule.form {
        case let .timed(start, end):
            let zoneNote = e.schedule.timeZone == viewer.identifier ? "" : " \(e.schedule.timeZone)"
            let endText = end.date == start.date ? e.schedule.clockLabel(end) : "\(end.date) \(e.schedule.clockLabel(end))"
            return (dayHeader(start.date), "\(e.schedule.clockLabel(start))–\(endText)\(zoneNote)")
        case let .allDay(first, last):
            return (dayHeader(first), first == last ? "all day" : "until \(dayHeader(last))")
        case let .period(p):
            return ("\(p.longLabel) (date TBC)", p.label)
        }
    }

    /// `private` or `CONFIDENTIAL`, for listings that include them (audience internal).
    static func classMark(_ e: Event) -> String {
        e.classification == .confidential ? Style.red("CONFIDENTIAL") : Style.yellow("private")
    }

    static func statusMark(_ e: Event) -> String {
        switch e.status {
        case .confirmed: ""
        case .tentative: Style.yellow("tentative")
        case .postponed: Style.yellow("postponed")
        case .cancelled: Style.red("CANCELLED")
        }
    }

    static func render(_ events: [Event], from: Date?, viewer: TimeZone) -> String {
        guard !events.isEmpty else { return "No events." }
        let rows = sorted(events, from: from).map { e -> (String, String, String, String) in
            let p = placement(e, viewer: viewer)
            var when = p.when
            let mark = statusMark(e)
            if !mark.isEmpty { when += " · " + mark }
            if e.classification != .public { when += " · " + classMark(e) }
            var what = e.title
            var details: [String] = []
            if let l = e.location { details.append(l) }
            if let c = e.committee { details.append(c) }
            if !details.isEmpty { what += Style.dim("  — " + details.joined(separator: ", ")) }
            return (p.group, when, what, "#\(e.id ?? 0)")
        }
        let whenWidth = rows.map { displayWidth($0.1) }.max() ?? 0
        let idWidth = rows.map { $0.3.count }.max() ?? 0
        var out: [String] = []
        var lastGroup: String?
        for r in rows {
            if r.0 != lastGroup {
                if lastGroup != nil { out.append("") }
                out.append(Style.bold(r.0))
                lastGroup = r.0
            }
            out.append("  " + pad(r.3, idWidth) + "  " + pad(r.1, whenWidth) + "  " + r.2)
        }
        return out.joined(separator: "\n")
    }

    /// Every field of one event, for `event show`.
    static func detail(_ e: Event) -> String {
        var lines = ["\(Style.bold(e.title))  (#\(e.id ?? 0))"]
        if let a = e.altTitle { lines.append("  \(a)") }
        lines.append("When:      \(e.schedule.label) (\(e.schedule.precision.rawValue), \(e.schedule.timeZone))")
        lines.append("Status:    \(e.status.rawValue)   Kind: \(e.kind.rawValue)   Class: \(e.classification.rawValue)")
        if let c = e.committee { lines.append("Committee: \(c)") }
        if let c = e.chair { lines.append("Chair:     \(c)") }
        if let l = e.location { lines.append("Location:  \(l)") }
        if !e.participants.isEmpty {
            lines.append("Participants:")
            lines += e.participants.map { "  - \($0.label)" }
        }
        if !e.topics.isEmpty {
            lines.append("Topics:")
            lines += e.topics.map { "  - \($0)" }
        }
        if let n = e.notes { lines.append("Notes:     " + n.replacingOccurrences(of: "\n", with: "\n           ")) }
        if let s = e.source { lines.append("Source:    \(s)") }
        lines.append("UID:       \(e.uid)   Sequence: \(e.sequence)")
        return lines.joined(separator: "\n")
    }
}

/// The stable JSON shape of an event (documented in the README).
struct EventJSON: Codable {
    struct Party: Codable {
        var name: String
        var type: String
        var role: String?
        var title: String?
    }
    var id: Int64
    var uid: String
    var title: String
    var altTitle: String?
    var kind: String
    var status: String
    var classification: String
    var precision: String
    var start: String
    var end: String?
    var timeZone: String
    var label: String
    var startUTC: String
    var endUTC: String
    var committee: String?
    var chair: String?
    var location: String?
    var participants: [Party]
    var topics: [String]
    var notes: String?
    var source: String?
    var sequence: Int

    init(_ e: Event) {
        let iso = ISO8601DateFormatter()
        let span = e.schedule.utcSpan
        id = e.id ?? 0; uid = e.uid; title = e.title; altTitle = e.altTitle; kind = e.kind.rawValue
        status = e.status.rawValue; classification = e.classification.rawValue
        precision = e.schedule.precision.rawValue; start = e.schedule.startText; end = e.schedule.endText
        timeZone = e.schedule.timeZone; label = e.schedule.label
        startUTC = iso.string(from: Date(timeIntervalSince1970: TimeInterval(span.lowerBound)))
        endUTC = iso.string(from: Date(timeIntervalSince1970: TimeInterval(span.upperBound)))
        committee = e.committee; chair = e.chair; location = e.location
        participants = e.participants.map {
            switch $0.party {
            case let .person(n): Party(name: n, type: "person", role: $0.role, title: $0.title)
            case let .organisation(n): Party(name: n, type: "organisation", role: $0.role, title: $0.title)
            }
        }
        topics = e.topics; notes = e.notes; source = e.source; sequence = e.sequence
    }
}

/// Encodes any value as stable, pretty JSON (sorted keys).
func jsonText<T: Encodable>(_ value: T) throws -> JSONOutput {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Foundation on Linux prints an empty array as "[\n\n  ]"; JSON strings hold no raw newline, so this is safe.
    let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        .replacingOccurrences(of: #"\[\n\s*\n\s*\]"#, with: "[]", options: .regularExpression)
    return JSONOutput(text)
}

/// JSON text that is safe on a terminal: C1 controls and bidirectional overrides, which JSONEncoder leaves raw,
/// are written as `\u00XX` escapes (the same string to any JSON reader). Marked so `say` prints it unchanged.
struct JSONOutput: CustomStringConvertible {
    var description: String
    init(_ text: String) {
        guard text.unicodeScalars.contains(where: { Terminal.needsEscape($0) }) else { description = text; return }
        var out = ""
        for u in text.unicodeScalars {
            if Terminal.needsEscape(u) { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
        }
        description = out
    }
}

/// Writes JSON to stdout as it is (already terminal-safe).
func say(_ json: JSONOutput) { print(json.description) }
