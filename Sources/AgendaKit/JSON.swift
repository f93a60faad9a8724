import AgendaCore
import Foundation

/// A JSON value, written by hand: the agenda's JSON is an interface that must be as fast as its tables, and
/// Foundation's encoder costs tens of microseconds per event. The text is what `JSONEncoder` with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` writes (two-space indent, `"key" : value`, keys in
/// order), except that empty arrays and objects are `[]` and `{}`, and C1 controls and bidirectional overrides are
/// escaped too, so the text is safe on a terminal.
public indirect enum JSONValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([JSONValue])
    /// Keys must be given in sorted order (`JSONValue.object` sorts them).
    case sortedObject([(String, JSONValue)])
    case null

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.text == b.text }

    /// An object from key-value pairs; nil values are left out, keys sorted.
    public static func object(_ pairs: [(String, JSONValue?)]) -> JSONValue {
        .sortedObject(pairs.compactMap { k, v in v.map { (k, $0) } }.sorted { $0.0 < $1.0 })
    }

    /// A string, or nil for nil.
    public static func optional(_ s: String?) -> JSONValue? { s.map { .string($0) } }

    /// The JSON text.
    public var text: String {
        var out = ""
        out.reserveCapacity(256)
        write(to: &out, indent: 0)
        return out
    }

    public func write(to out: inout String, indent: Int) {
        switch self {
        case let .string(s): JSONValue.quote(s, into: &out)
        case let .int(n): out += String(n)
        case let .bool(b): out += b ? "true" : "false"
        case .null: out += "null"
        case let .array(items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, v) in items.enumerated() {
                JSONValue.pad(indent + 2, &out)
                v.write(to: &out, indent: indent + 2)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            JSONValue.pad(indent, &out)
            out += "]"
        case let .sortedObject(pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (k, v)) in pairs.enumerated() {
                JSONValue.pad(indent + 2, &out)
                JSONValue.quote(k, into: &out)
                out += " : "
                v.write(to: &out, indent: indent + 2)
                out += i == pairs.count - 1 ? "\n" : ",\n"
            }
            JSONValue.pad(indent, &out)
            out += "}"
        }
    }

    static func pad(_ n: Int, _ out: inout String) {
        out.append(contentsOf: repeatElement(" " as Character, count: n))
    }

    static let hex: [Character] = Array("0123456789abcdef")

    static func quote(_ s: String, into out: inout String) {
        out.append("\"")
        var clean = true
        for u in s.utf8 where u < 0x20 || u == 0x22 || u == 0x5C || u >= 0xC2 { clean = false; break }
        if clean { out += s; out.append("\""); return }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            default:
                if u.value < 0x20 || Terminal.needsEscape(u) {
                    out += "\\u"
                    for shift in [12, 8, 4, 0] { out.append(hex[Int((u.value >> UInt32(shift)) & 0xF)]) }
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out.append("\"")
    }

    /// `2023-02-20T09:30:00Z` for seconds since 1970 (what ISO8601DateFormatter writes, without its cost).
    public static func isoUTC(_ seconds: Int) -> String {
        let days = Int((Double(seconds) / 86400).rounded(.down))
        let rest = seconds - days * 86400
        let d = LocalDate(dayNumber: days)
        let t = LocalDateTime(wallSeconds: rest)
        return "\(d)T" + two(t.hour) + ":" + two(t.minute) + ":" + two(t.second) + "Z"
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}

/// The JSON shape of an event (documented in the README): shared by the CLI's `--json` and the coming server.
public enum EventJSON {
    /// The event as JSON; in listings, `section` (`dated` or `tbc`) and the viewer's `day` for dated items.
    public static func value(_ e: Event, section: String? = nil, day: LocalDate? = nil) -> JSONValue {
        let span = e.schedule.utcSpan
        let participants: [JSONValue] = e.participants.map { p in
            let type: String
            switch p.party {
            case .person: type = "person"
            case .organisation: type = "organisation"
            }
            return .object([("name", .string(p.name)), ("type", .string(type)), ("role", .optional(p.role)),
                            ("title", .optional(p.title))])
        }
        return .object([
            ("id", .int(Int(e.id ?? 0))), ("uid", .string(e.uid)), ("title", .string(e.title)),
            ("altTitle", .optional(e.altTitle)), ("kind", .string(e.kind.rawValue)), ("status", .string(e.status.rawValue)),
            ("classification", .string(e.classification.rawValue)), ("precision", .string(e.schedule.precision.rawValue)),
            ("start", .string(e.schedule.startText)), ("end", .optional(e.schedule.endText)),
            ("timeZone", .string(e.schedule.timeZone)), ("label", .string(e.schedule.label)),
            ("startUTC", .string(JSONValue.isoUTC(span.lowerBound))), ("endUTC", .string(JSONValue.isoUTC(span.upperBound))),
            ("committee", .optional(e.committee)), ("chair", .optional(e.chair)), ("location", .optional(e.location)),
            ("participants", .array(participants)), ("topics", .array(e.topics.map { .string($0) })),
            ("notes", .optional(e.notes)), ("source", .optional(e.source)), ("sequence", .int(e.sequence)),
            ("section", .optional(section)), ("day", .optional(day?.description)),
        ])
    }

    /// A listing as one JSON array in reading order: the dated items by day, then the "date TBC" ones.
    public static func listing(_ l: AgendaListing) -> JSONValue {
        .array(l.days.flatMap { d in d.items.map { value($0.event, section: "dated", day: d.date) } }
            + l.undated.flatMap { p in p.items.map { value($0.event, section: "tbc") } })
    }
}
