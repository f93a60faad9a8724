import AgendaCore
import AgendaKit
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
    if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s.utf8.count }
    var inEscape = false
    var width = 0
    for u in s.unicodeScalars {
        let v = u.value
        if v == 0x1B { inEscape = true; continue }
        if inEscape { if u == "m" { inEscape = false }; continue }
        // Latin (Vietnamese included) and the dashes and dots of the tables: one column each.
        if v < 0x300 || (0x1E00...0x1EFF).contains(v) || (0x2010...0x2027).contains(v) { width += 1; continue }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: continue
        default: width += (u.properties.isEmojiPresentation || (0x1100...0x115F).contains(v)
            || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFF60).contains(v)) ? 2 : 1
        }
    }
    return width
}

func pad(_ s: String, _ width: Int) -> String {
    s + String(repeating: " ", count: max(0, width - displayWidth(s)))
}

/// Renders events as an aligned table grouped by day, imprecise events under their period.
enum EventTable {
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

    /// The listing as an aligned table: one header per day in the viewer's zone, then the "date TBC" sections.
    static func render(_ events: [Event], from: Date?, viewer: TimeZone) -> String {
        let listing = AgendaListing(events, viewer: viewer, from: from)
        guard !listing.isEmpty else { return "No events." }
        func row(_ item: AgendaListing.Item) -> (when: String, what: String, id: String) {
            let e = item.event
            var when = item.time
            let mark = statusMark(e)
            if !mark.isEmpty { when += " · " + mark }
            if e.classification != .public { when += " · " + classMark(e) }
            var details: [String] = []
            if let v = item.venueTime { details.append(v) }
            if let l = e.location { details.append(l) }
            if let c = e.committee { details.append(c) }
            return (when, e.title + (details.isEmpty ? "" : Style.dim("  — " + details.joined(separator: ", "))), "#\(e.id ?? 0)")
        }
        let groups: [(String, [AgendaListing.Item])] = listing.days.map { ($0.header, $0.items) }
            + listing.undated.map { ($0.header, $0.items) }
        let rows = groups.map { ($0.0, $0.1.map(row)) }
        let whenWidth = rows.flatMap { $0.1.map { displayWidth($0.when) } }.max() ?? 0
        let idWidth = rows.flatMap { $0.1.map { $0.id.count } }.max() ?? 0
        var out: [String] = []
        for (header, items) in rows {
            if !out.isEmpty { out.append("") }
            out.append(Style.bold(header))
            for r in items { out.append("  " + pad(r.id, idWidth) + "  " + pad(r.when, whenWidth) + "  " + r.what) }
        }
        return out.joined(separator: "\n")
    }

    /// One line per event, seven days: `Mon 20 Mar  10:30–12:00  ACR meeting — Rome`.
    static func week(_ events: [Event], from: Date, viewer: TimeZone) -> String {
        let listing = AgendaListing(events, viewer: viewer, from: from)
        var out: [String] = []
        for day in listing.days {
            for (i, item) in day.items.enumerated() {
                let date = i == 0 ? String(day.header.dropLast(5)) : ""
                var line = pad(date, 10) + "  " + pad(item.time, 11) + "  " + item.event.title
                if let l = item.event.location { line += Style.dim(" — " + l) }
                if item.event.status != .confirmed { line += " · " + statusMark(item.event) }
                if item.event.classification != .public { line += " · " + classMark(item.event) }
                out.append(line)
            }
        }
        for p in listing.undated {
            for item in p.items { out.append(pad(p.period.label, 10) + "  " + pad("date TBC", 11) + "  " + item.event.title) }
        }
        return out.isEmpty ? "Nothing in these seven days." : out.joined(separator: "\n")
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

/// Writes a JSON value to stdout as bytes (terminal-safe by construction), without building a String.
func say(_ json: JSONValue) {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(1 << 16)
    json.write(to: &bytes, indent: 0)
    bytes.append(0x0A)
    // A --json command prints nothing else, so nothing is waiting in print's buffer.
    FileHandle.standardOutput.write(Data(bytes))
}
