import Foundation

/// The keys each object of a scenario file may have. A key that is not one of them is an error naming it and where
/// it is, never dropped: `"clasification": "confidential"` used to load the event as public (the default), and
/// `"timezone"` for `timeZone` to fail as "missing timeZone" with no hint of the misspelt key beside it. Keys
/// that begin with `x-` are extensions, as in iCalendar: kept out of the agenda, never an error (`"x-generator"`).
public indirect enum ScenarioKeys: Sendable {
    /// An object with these keys (nil: a value whose inside is not checked: text, number, a list of text).
    case object([String: ScenarioKeys?])
    /// A list of such values.
    case list(ScenarioKeys)
    /// An object whose keys are free (the named sources).
    case map

    static let schedule = ScenarioKeys.object(["start": nil, "end": nil, "timeZone": nil])
    static let participant = ScenarioKeys.object(["person": nil, "organisation": nil, "role": nil, "title": nil])

    /// An event (`Scenario.EventSpec`).
    public static let event = ScenarioKeys.object([
        "uid": nil, "kind": nil, "title": nil, "altTitle": nil, "schedule": schedule, "status": nil,
        "classification": nil, "committee": nil, "chair": nil, "location": nil, "participants": .list(participant),
        "topics": nil, "notes": nil, "source": nil, "rrule": nil, "rdates": nil, "exdates": nil,
    ])

    /// A whole scenario (`Scenario`).
    public static let scenario = ScenarioKeys.object([
        "description": nil, "recorded": nil, "sources": .map,
        "states": .list(.object(["id": nil, "name": nil, "iso2": nil])),
        "organisations": .list(.object(["id": nil, "name": nil, "shortName": nil, "localName": nil, "kind": nil,
                                        "stateName": nil, "city": nil, "founded": nil, "notes": nil])),
        "relations": .list(.object(["subject": nil, "kind": nil, "object": nil, "since": nil, "source": nil])),
        "people": .list(.object(["id": nil, "name": nil, "honorific": nil, "notes": nil, "positions": .list(
            .object(["title": nil, "organisation": nil, "start": nil, "end": nil, "former": nil]))])),
        "committees": .list(.object(["code": nil, "name": nil, "parent": nil, "seatCity": nil, "timeZone": nil,
                                     "notes": nil, "members": .list(
                                        .object(["state": nil, "embassy": nil, "start": nil, "end": nil]))])),
        "chairTerms": .list(.object(["uid": nil, "committee": nil, "member": nil, "start": nil, "end": nil,
                                     "handover": nil, "source": nil])),
        "events": .list(event),
        "rotationPolicies": .list(.object(["committee": nil, "effectiveFrom": nil, "termMonths": nil, "order": nil,
                                           "anchorMember": nil, "anchorDate": nil, "source": nil])),
        "rotationExceptions": .list(.object(["kind": nil, "committee": nil, "member": nil, "other": nil,
                                             "date": nil, "source": nil])),
    ])

    /// Throws a `DecodingError` (`dataCorrupted`, at the key's place) at the first unknown key of the JSON value
    /// at `start` of `bytes`. The bytes are read as they are, before and apart from decoding them (1.6 µs an event of the
    /// peers' agenda, where a walk through the decoder's containers took 5.8): a value of another type than
    /// expected (a list where an object goes), `null`, or bytes that are not JSON are left to the decoding
    /// itself, which says what it expected.
    public func check(_ bytes: UnsafeRawBufferPointer, at start: Int = 0) throws {
        guard let found = unknownKey(bytes, at: max(start, ScenarioFile.skipBOM(bytes))) else { return }
        let message = found.repeated
            ? "key given twice; give it once (one of its two values would be dropped)"
            : Self.unknown(found.path.last!.stringValue, known: found.known)
        throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: found.path, debugDescription: message))
    }

    /// An unknown key, or one given twice in its object (`repeated`): its place (keys and list indices, outermost
    /// first) and the keys its object may have.
    struct Unknown {
        var path: [AnyKey]
        var known: [String]
        var repeated = false
    }

    /// The first unknown key of the JSON value at `start`, or nil (also for bytes that are not JSON).
    func unknownKey(_ b: UnsafeRawBufferPointer, at start: Int) -> Unknown? {
        var i = ScenarioFile.skipSpace(b, start)
        guard i < b.count else { return nil }
        // The items of the object or list at `i`, each given to `item` with where its value starts and its key
        // (nil in a list); the first unknown key `item` finds ends the walk.
        func items(open: UInt8, close: UInt8, _ item: (_ key: String?, _ value: Int) -> Unknown?) -> Unknown? {
            guard b[i] == open else { return nil }
            i = ScenarioFile.skipSpace(b, i + 1)
            var first = true
            while i < b.count, b[i] != close {
                if !first {
                    guard b[i] == UInt8(ascii: ",") else { return nil }
                    i = ScenarioFile.skipSpace(b, i + 1)
                }
                first = false
                var key: String?
                if open == UInt8(ascii: "{") {
                    guard i < b.count, b[i] == UInt8(ascii: "\""), let keyEnd = ScenarioFile.valueEnd(b, i) else { return nil }
                    let quoted = UnsafeRawBufferPointer(rebasing: b[i..<keyEnd])
                    key = quoted.contains(UInt8(ascii: "\\"))
                        ? try? JSONDecoder().decode(String.self, from: Data(quoted))
                        : String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self)
                    i = ScenarioFile.skipSpace(b, keyEnd)
                    guard key != nil, i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
                    i = ScenarioFile.skipSpace(b, i + 1)
                }
                guard i < b.count, let end = ScenarioFile.valueEnd(b, i) else { return nil }
                if let found = item(key, i) { return found }
                i = ScenarioFile.skipSpace(b, end)
            }
            return nil
        }
        switch self {
        case .map:
            return nil
        case let .object(fields):
            // The keys met so far in this object: a second `"committees"` would replace the first one's list when
            // decoded, and the file would load without it. Objects have at most a few dozen keys.
            var seen: [String] = []
            return items(open: UInt8(ascii: "{"), close: UInt8(ascii: "}")) { key, value in
                guard let key, !Self.isExtension(key) else { return nil }
                if seen.contains(key) { return Unknown(path: [AnyKey(stringValue: key)], known: [], repeated: true) }
                seen.append(key)
                guard let inner = fields[key] else { return Unknown(path: [AnyKey(stringValue: key)], known: Array(fields.keys)) }
                guard var found = inner?.unknownKey(b, at: value) else { return nil }
                found.path.insert(AnyKey(stringValue: key), at: 0)
                return found
            }
        case let .list(element):
            var index = 0
            return items(open: UInt8(ascii: "["), close: UInt8(ascii: "]")) { _, value in
                defer { index += 1 }
                guard var found = element.unknownKey(b, at: value) else { return nil }
                found.path.insert(AnyKey(intValue: index), at: 0)
                return found
            }
        }
    }

    /// A key of the file's own (`x-…`, any case), not the agenda's.
    static func isExtension(_ key: String) -> Bool {
        key.utf8.count > 2 && key.utf8.first.map { $0 | 0x20 } == UInt8(ascii: "x") && key.utf8.dropFirst().first == UInt8(ascii: "-")
    }

    /// What follows the key's place ("at .events[3].clasification: "): "unknown key; did you mean
    /// 'classification'?", or the keys it may be.
    static func unknown(_ key: String, known: some Collection<String>) -> String {
        let folded = key.lowercased().filter { $0.isLetter || $0.isNumber }
        let near = known.min { EditDistance.between(folded, $0.lowercased()) < EditDistance.between(folded, $1.lowercased()) }
        if let near, EditDistance.between(folded, near.lowercased()) <= max(2, near.count / 4) {
            return "unknown key; did you mean '\(near)'?"
        }
        return "unknown key; expected one of " + known.sorted().joined(separator: ", ")
    }

    /// Any key of a JSON object.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init(intValue: Int) { self.intValue = intValue; stringValue = "\(intValue)" }
    }
}
