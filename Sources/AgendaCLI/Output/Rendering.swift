import AgendaCore
import AgendaKit
import AgendaStore
import Foundation

/// Terminal styling: only on a TTY, never with NO_COLOR.
enum Style {
    static let enabled: Bool = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    /// The only escape sequences `say` lets through.
    enum Code: String, CaseIterable {
        case bold = "\u{1B}[1m", dim = "\u{1B}[2m", yellow = "\u{1B}[33m", red = "\u{1B}[31m", reset = "\u{1B}[0m"
    }

    static func apply(_ code: Code, _ s: String) -> String { enabled ? code.rawValue + s + Code.reset.rawValue : s }
    static func bold(_ s: String) -> String { apply(.bold, s) }
    static func dim(_ s: String) -> String { apply(.dim, s) }
    static func yellow(_ s: String) -> String { apply(.yellow, s) }
    static func red(_ s: String) -> String { apply(.red, s) }
    static let codes = Code.allCases.map(\.rawValue)
}

/// Display width of a string in a terminal (colour codes and combining marks take no column; wide CJK take two).
func displayWidth(_ s: String) -> Int {
    var copy = s
    if let w = copy.withUTF8(narrowWidth) { return w }
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

/// `displayWidth` read off the bytes when every character is one column and tells so by its bytes (ASCII, Latin
/// below U+0300 with Vietnamese's precomposed letters, the dashes and dots of the tables); nil otherwise.
private func narrowWidth(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
    var width = 0, i = 0
    while i < b.count {
        let c = b[i]
        if c < 0x80 {
            if c == 0x1B { return nil }
            i += 1
        } else if c >= 0xC2 && c < 0xCC {
            i += 2  // U+0080–U+02FF
        } else if c == 0xE1, i + 1 < b.count, (0xB8...0xBB).contains(b[i + 1]) {
            i += 3  // U+1E00–U+1EFF
        } else if c == 0xE2, i + 2 < b.count, b[i + 1] == 0x80, (0x90...0xA7).contains(b[i + 2]) {
            i += 3  // U+2010–U+2027
        } else {
            return nil
        }
        width += 1
    }
    return width
}

/// `1 event`, `2 events`, `0 people`: a count with its noun agreeing (`plural`: when not the noun with "s").
func counted(_ n: Int, _ noun: String, plural: String? = nil) -> String {
    "\(n) " + (n == 1 ? noun : plural ?? noun + "s")
}

/// What a load stored, as `load` and `demo` report it: `1 committee, 6 members, 6 people, …, 5 events`.
func loadedCounts(_ r: AgendaDatabase.LoadReport) -> String {
    [counted(r.committees, "committee"), counted(r.memberships, "member"), counted(r.people, "person", plural: "people"),
     counted(r.organisations, "organisation"), counted(r.chairTerms, "chair term"), counted(r.events, "event")]
        .joined(separator: ", ")
}

func pad(_ s: String, _ width: Int) -> String {
    s + String(repeating: " ", count: max(0, width - displayWidth(s)))
}

/// Terminal output built as bytes: text from the data is made safe (`Terminal.appendSafe`) as it is added, and
/// only our own colour codes are written raw, so a long listing is one buffer and one write.
struct TerminalText {
    var bytes: [UInt8] = []

    mutating func text(_ s: String) { Terminal.appendSafe(s, to: &bytes) }
    mutating func spaces(_ n: Int) { if n > 0 { bytes.append(contentsOf: repeatElement(0x20, count: n)) } }
    mutating func newline() { bytes.append(0x0A) }
    mutating func number(_ n: Int64) { bytes.append(contentsOf: String(n).utf8) }

    /// `body` in a style (when styling is on).
    mutating func styled(_ code: Style.Code, _ body: (inout TerminalText) -> Void) {
        guard Style.enabled else { return body(&self) }
        bytes.append(contentsOf: code.rawValue.utf8)
        body(&self)
        bytes.append(contentsOf: Style.Code.reset.rawValue.utf8)
    }

    mutating func styled(_ code: Style.Code, _ text: String) { styled(code) { $0.text(text) } }

    /// `text`, then spaces up to `width` columns.
    mutating func padded(_ text: String, _ width: Int) {
        self.text(text)
        spaces(width - displayWidth(text))
    }
}

/// Writes terminal text to stdout, then a line break.
func say(_ t: TerminalText) {
    var bytes = t.bytes
    bytes.append(0x0A)
    writeStandardOutput(bytes)
}

/// Writes bytes to stdout after anything `print` still holds, in as few system calls as the pipe allows.
func writeStandardOutput(_ bytes: [UInt8]) {
    fflush(nil)
    bytes.withUnsafeBufferPointer { b in
        var done = 0
        while done < b.count {
            let n = write(STDOUT_FILENO, b.baseAddress! + done, b.count - done)
            if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { return }
        }
    }
}

/// Renders events as an aligned table grouped by day, imprecise events under their period.
enum EventTable {
    /// `private` or `CONFIDENTIAL`, styled, for listings that include them (audience internal); empty for public.
    static func classMark(_ e: Event) -> String {
        Marks(e).classification.map { Style.apply($0.code, $0.text) } ?? ""
    }

    /// The status and class marks of an event, unstyled, with their colours: `tentative`, `CONFIDENTIAL`.
    struct Marks {
        var status: (text: String, code: Style.Code)?
        var classification: (text: String, code: Style.Code)?
        /// `series` on an occurrence of a recurring event, `series, changed` when an override changed it.
        var series: (text: String, code: Style.Code)?

        init(_ e: Event) {
            if let o = e.occurrence { series = (o.overridden ? "series, changed" : "series", .dim) }
            else if e.series != nil { series = ("repeats", .dim) }
            switch e.status {
            case .confirmed: break
            case .tentative: status = ("tentative", .yellow)
            case .postponed: status = ("postponed", .yellow)
            case .cancelled: status = ("CANCELLED", .red)
            }
            switch e.classification {
            case .public: break
            case .private: classification = ("private", .yellow)
            case .confidential: classification = ("CONFIDENTIAL", .red)
            }
        }

        /// Columns the marks take after the time, each behind ` · `.
        var width: Int {
            (status.map { 3 + $0.text.utf8.count } ?? 0) + (classification.map { 3 + $0.text.utf8.count } ?? 0)
                + (series.map { 3 + $0.text.utf8.count } ?? 0)
        }

        func write(to out: inout TerminalText) {
            func mark(_ m: (text: String, code: Style.Code)?) {
                guard let m else { return }
                out.text(" · ")
                out.styled(m.code, m.text)
            }
            mark(status)
            mark(classification)
            mark(series)
        }
    }

    /// Calls `body` with each group of the listing (days, then the "date TBC" periods) and its header.
    private static func forEachGroup(_ listing: AgendaListing, _ body: (String, [AgendaListing.Item]) -> Void) {
        for d in listing.days { body(d.header, d.items) }
        for p in listing.undated { body(p.header, p.items) }
    }

    /// Decimal digits of an id.
    private static func digits(_ n: Int64) -> Int {
        var n = n, d = 1
        while n >= 10 || n <= -10 { n /= 10; d += 1 }
        return n < 0 ? d + 1 : d
    }

    /// The listing as an aligned table: one header per day in the viewer's zone, then the "date TBC" sections.
    static func render(_ events: [Event], from: Date?, viewer: TimeZone) -> TerminalText {
        let listing = AgendaListing(events, viewer: viewer, from: from)
        var out = TerminalText()
        guard !listing.isEmpty else { out.text("No events."); return out }
        // Column widths: the id column (`#123`) and the time column with its marks (` · tentative`).
        var whenWidth = 0, idWidth = 0
        forEachGroup(listing) { _, items in
            for item in items {
                whenWidth = max(whenWidth, displayWidth(item.time) + Marks(item.event).width)
                idWidth = max(idWidth, digits(item.event.id ?? 0) + 1)
            }
        }
        out.bytes.reserveCapacity(events.count * 160 + 1024)
        var first = true
        forEachGroup(listing) { header, items in
            if !first { out.newline(); out.newline() }
            first = false
            out.styled(.bold, header)
            for item in items {
                let e = item.event
                let id = e.id ?? 0
                out.newline()
                out.text("  #")
                out.number(id)
                out.spaces(idWidth - digits(id) - 1 + 2)
                out.text(item.time)
                let marks = Marks(e)
                marks.write(to: &out)
                out.spaces(whenWidth - displayWidth(item.time) - marks.width + 2)
                out.text(e.title)
                guard item.venueTime != nil || e.location != nil || e.committee != nil else { continue }
                out.styled(.dim) { t in
                    t.text("  — ")
                    var separate = false
                    for d in [item.venueTime, e.location, e.committee] {
                        guard let d else { continue }
                        if separate { t.text(", ") }
                        t.text(d)
                        separate = true
                    }
                }
            }
        }
        return out
    }

    /// One line per event, seven days: `Mon 20 Mar  10:30–12:00  ACR meeting — Rome`.
    static func week(_ events: [Event], from: Date, viewer: TimeZone) -> TerminalText {
        let listing = AgendaListing(events, viewer: viewer, from: from)
        var out = TerminalText()
        guard !listing.isEmpty else { out.text("Nothing in these seven days."); return out }
        out.bytes.reserveCapacity(events.count * 100 + 1024)
        func line(_ first: String, _ time: String, _ e: Event) {
            if !out.bytes.isEmpty { out.newline() }
            out.padded(first, 10)
            out.spaces(2)
            out.padded(time, 11)
            out.spaces(2)
            out.text(e.title)
        }
        for day in listing.days {
            for (i, item) in day.items.enumerated() {
                line(i == 0 ? String(day.header.dropLast(5)) : "", item.time, item.event)
                if let l = item.event.location { out.styled(.dim, " — " + l) }
                Marks(item.event).write(to: &out)
            }
        }
        for p in listing.undated {
            for item in p.items { line(p.period.label, "date TBC", item.event) }
        }
        return out
    }

    /// Every field of one event, for `event show`; a series' rule in words with its next occurrences from `now`,
    /// its extra and excluded dates, and how many of its occurrences were changed.
    static func detail(_ e: Event, now: Date) throws -> String {
        var lines = ["\(Style.bold(e.title))  (#\(e.id ?? 0))"]
        if let a = e.altTitle { lines.append("  \(a)") }
        lines.append("When:      \(e.schedule.label) (\(e.schedule.precision.rawValue), \(e.schedule.timeZone))")
        if let series = e.series {
            lines.append("Repeats:   " + e.repetitionWords + (series.rule.map { "  (RRULE:\($0.text))" } ?? ""))
            lines.append("Next:      " + (try e.nextOccurrencesText(now: now)))
            if !series.rdates.isEmpty { lines.append("Also on:   " + series.rdates.joined(separator: ", ")) }
            if !series.exdates.isEmpty { lines.append("Except:    " + series.exdates.joined(separator: ", ")) }
            if !series.overrides.isEmpty {
                let n = series.overrides.count
                lines.append("Changed:   \(n) occurrence\(n == 1 ? "" : "s") (agenda event occurrences \(e.id.map(String.init) ?? e.uid))")
            }
        }
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
    writeStandardOutput(bytes)
}
