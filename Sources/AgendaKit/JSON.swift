import AgendaCore
import ICalendar
import Foundation

/// A JSON value, written by hand: the agenda's JSON is an interface that must be as fast as its tables, and
/// Foundation's encoder costs tens of microseconds per event. The text is what `JSONEncoder` with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` writes (two-space indent, `"key" : value`, keys in
/// order), except that empty arrays and objects are `[]` and `{}`, and C1 controls and bidirectional overrides are
/// escaped too, so the text is safe on a terminal.
public enum JSONValue: Sendable, Equatable {
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
        let kept = pairs.compactMap { k, v in v.map { (k, $0) } }
        // Callers on hot paths list their keys in order already; a check is cheaper than a sort.
        return .sortedObject(zip(kept, kept.dropFirst()).allSatisfy { $0.0 < $1.0 } ? kept : kept.sorted { $0.0 < $1.0 })
    }

    /// A string, or nil for nil.
    public static func optional(_ s: String?) -> JSONValue? { s.map { .string($0) } }

    /// The JSON text.
    public var text: String {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(to: &out, indent: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the JSON text as UTF-8 bytes.
    public func write(to out: inout [UInt8], indent: Int) {
        switch self {
        case let .string(s): JSONValue.quote(s, into: &out)
        case let .int(n): out.append(contentsOf: String(n).utf8)
        case let .bool(b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case let .array(items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(contentsOf: "[\n".utf8)
            for (i, v) in items.enumerated() {
                JSONValue.pad(indent + 2, &out)
                v.write(to: &out, indent: indent + 2)
                out.append(contentsOf: (i == items.count - 1 ? "\n" : ",\n").utf8)
            }
            JSONValue.pad(indent, &out)
            out.append(UInt8(ascii: "]"))
        case let .sortedObject(pairs):
            if pairs.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(contentsOf: "{\n".utf8)
            for (i, (k, v)) in pairs.enumerated() {
                JSONValue.pad(indent + 2, &out)
                JSONValue.quote(k, into: &out)
                out.append(contentsOf: " : ".utf8)
                v.write(to: &out, indent: indent + 2)
                out.append(contentsOf: (i == pairs.count - 1 ? "\n" : ",\n").utf8)
            }
            JSONValue.pad(indent, &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    static func pad(_ n: Int, _ out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: n))
    }

    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes `s` as a JSON string: runs of plain bytes copied at once; quotes, backslashes and C0 controls
    /// escaped as JSONEncoder does; C1 controls (UTF-8 C2 80-9F) and bidirectional overrides (E2 80 AA-AE,
    /// E2 81 A6-A9) as `\uXXXX`.
    static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var copy = s
        copy.withUTF8 { b in
            var run = 0
            var i = 0
            func flush() { if run < i { out.append(contentsOf: b[run..<i]) } }
            func escape(_ v: UInt32, width: Int) {
                flush()
                out.append(contentsOf: "\\u".utf8)
                for shift in [12, 8, 4, 0] { out.append(hex[Int((v >> UInt32(shift)) & 0xF)]) }
                i += width
                run = i
            }
            while i < b.count {
                // Most bytes are plain: neither the quote nor the backslash, and nothing a terminal must not see;
                // eight of them are passed over at once.
                if i + 8 <= b.count {
                    let word = ByteWord.load(b.baseAddress! + i)
                    if !Terminal.mayHoldUnsafeStart(word) && !ByteWord.has(0x22, in: word) && !ByteWord.has(0x5C, in: word) {
                        i += 8
                        continue
                    }
                }
                let c = b[i]
                if c != 0x22 && c != 0x5C && !Terminal.mayStartUnsafe(c) { i += 1; continue }
                switch c {
                case 0x22, 0x5C:
                    flush(); out.append(0x5C); out.append(c); i += 1; run = i
                case 0x0A:
                    flush(); out.append(contentsOf: "\\n".utf8); i += 1; run = i
                case 0x0D:
                    flush(); out.append(contentsOf: "\\r".utf8); i += 1; run = i
                case 0x09:
                    flush(); out.append(contentsOf: "\\t".utf8); i += 1; run = i
                case 0x08:
                    flush(); out.append(contentsOf: "\\b".utf8); i += 1; run = i
                case 0x0C:
                    flush(); out.append(contentsOf: "\\f".utf8); i += 1; run = i
                default:
                    // What a terminal must not see raw, as Terminal defines it, written as its scalar's \uXXXX.
                    switch Terminal.unsafeLength(b, at: i) {
                    case 1: escape(UInt32(c), width: 1)
                    case 2: escape(UInt32(b[i + 1]), width: 2)
                    case 3: escape(0x2000 | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F), width: 3)
                    default: i += 1
                    }
                }
            }
            flush()
        }
        out.append(UInt8(ascii: "\""))
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

/// Takes an object's members in key order. The event's shape is listed once (`EventJSON.members`) and either
/// built as a `JSONValue` or written straight as text, so a listing of thousands of events builds no tree.
protocol JSONMemberSink {
    mutating func member(_ key: String, _ value: JSONValue)
    mutating func member(_ key: String, string: String)
}

extension JSONMemberSink {
    /// A string member, left out when nil.
    mutating func member(_ key: String, optional value: String?) {
        if let value { member(key, string: value) }
    }
}

/// Members kept as pairs, for a `JSONValue`.
struct JSONValueMembers: JSONMemberSink {
    var pairs: [(String, JSONValue)] = []
    mutating func member(_ key: String, _ value: JSONValue) { pairs.append((key, value)) }
    mutating func member(_ key: String, string: String) { pairs.append((key, .string(string))) }
}

/// Members written as text into `out`, as `JSONValue.write` writes an object at `indent`.
struct JSONTextMembers: JSONMemberSink {
    var out: [UInt8]
    let indent: Int
    private var first = true

    init(out: [UInt8], indent: Int) { self.out = out; self.indent = indent }

    private mutating func key(_ k: String) {
        out.append(contentsOf: (first ? "{\n" : ",\n").utf8)
        first = false
        JSONValue.pad(indent + 2, &out)
        JSONValue.quote(k, into: &out)
        out.append(contentsOf: " : ".utf8)
    }

    mutating func member(_ key: String, _ value: JSONValue) {
        self.key(key)
        value.write(to: &out, indent: indent + 2)
    }

    mutating func member(_ key: String, string: String) {
        self.key(key)
        JSONValue.quote(string, into: &out)
    }

    /// Closes the object.
    mutating func finish() {
        if first { out.append(contentsOf: "{}".utf8); return }
        out.append(UInt8(ascii: "\n"))
        JSONValue.pad(indent, &out)
        out.append(UInt8(ascii: "}"))
    }
}

/// The JSON shape of an event (documented in the README): shared by the CLI's `--json` and the coming server.
public enum EventJSON {
    /// The event as JSON; in listings, `section` (`dated` or `tbc`) and the viewer's `day` for dated items.
    public static func value(_ e: Event, section: String? = nil, day: LocalDate? = nil) -> JSONValue {
        var m = JSONValueMembers()
        members(e, section: section, day: day, into: &m)
        assert(zip(m.pairs, m.pairs.dropFirst()).allSatisfy { $0.0 < $1.0 }, "event members out of key order")
        return .sortedObject(m.pairs)
    }

    /// The members of an event's object, in key order (the order the output has them); nil values left out.
    static func members(_ e: Event, section: String?, day: LocalDate?, into m: inout some JSONMemberSink) {
        let span = e.schedule.utcSpan
        m.member("altTitle", optional: e.altTitle)
        m.member("chair", optional: e.chair)
        m.member("classification", string: e.classification.rawValue)
        m.member("committee", optional: e.committee)
        m.member("day", optional: day?.description)
        m.member("end", optional: e.schedule.endText)
        m.member("endUTC", string: JSONValue.isoUTC(e.schedule.utcEnd))
        m.member("id", .int(Int(e.id ?? 0)))
        m.member("kind", string: e.kind.rawValue)
        m.member("label", string: e.schedule.label)
        m.member("location", optional: e.location)
        m.member("notes", optional: e.notes)
        m.member("occurrence", optional: e.occurrence?.recurrenceID)
        m.member("participants", .array(e.participants.map { p in
            let type: String
            switch p.party {
            case .person: type = "person"
            case .organisation: type = "organisation"
            }
            return .object([("name", .string(p.name)), ("type", .string(type)), ("role", .optional(p.role)),
                            ("title", .optional(p.title))])
        }))
        m.member("precision", string: e.schedule.precision.rawValue)
        m.member("repeat", optional: e.series?.rule?.text)
        m.member("section", optional: section)
        m.member("sequence", .int(e.sequence))
        m.member("source", optional: e.source)
        m.member("start", string: e.schedule.startText)
        m.member("startUTC", string: JSONValue.isoUTC(span.lowerBound))
        m.member("status", string: e.status.rawValue)
        m.member("timeZone", string: e.schedule.timeZone)
        m.member("title", string: e.title)
        m.member("topics", .array(e.topics.map { .string($0) }))
        m.member("uid", string: e.uid)
    }

    /// A listing as one JSON array in reading order: the dated items by day, then the "date TBC" ones.
    public static func listing(_ l: AgendaListing) -> JSONValue {
        .array(l.days.flatMap { d in d.items.map { value($0.event, section: "dated", day: d.date) } }
            + l.undated.flatMap { p in p.items.map { value($0.event, section: "tbc") } })
    }

    /// The text of `listing(l)` followed by a line break, handed to `sink` in pieces of about `chunk` bytes:
    /// each event is written straight as text, so a listing of thousands of events never holds its whole text.
    public static func writeListing(_ l: AgendaListing, chunk: Int = 1 << 18, to sink: ([UInt8]) -> Void) {
        var out: [UInt8] = []
        out.reserveCapacity(chunk + (1 << 14))
        var first = true
        func item(_ e: Event, section: String, day: LocalDate?) {
            out.append(contentsOf: (first ? "[\n" : ",\n").utf8)
            first = false
            JSONValue.pad(2, &out)
            var text = JSONTextMembers(out: [], indent: 2)
            swap(&out, &text.out)
            members(e, section: section, day: day, into: &text)
            text.finish()
            swap(&out, &text.out)
            if out.count >= chunk { sink(out); out.removeAll(keepingCapacity: true) }
        }
        for d in l.days { for i in d.items { item(i.event, section: "dated", day: d.date) } }
        for p in l.undated { for i in p.items { item(i.event, section: "tbc", day: nil) } }
        out.append(contentsOf: (first ? "[]\n" : "\n]\n").utf8)
        sink(out)
    }
}
