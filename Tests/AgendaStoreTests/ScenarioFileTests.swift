@testable import AgendaCore
import Foundation
import Testing
@testable import AgendaStore
import TestScratch

@Suite("Scenario files are loaded an event at a time")
struct ScenarioFileTests {
    /// The embedded scenario rewritten with `events` first (before the people and committees they name), an event
    /// whose text holds brackets, quotes and backslashes, and unknown keys with a number and a literal at the end.
    func awkwardFile(untitledSecond: Bool = false) throws -> (path: String, data: Data) {
        let seed = try #require(AgendaDatabase.embeddedSeed("acr-2023.json"))
        var object = try #require(try JSONSerialization.jsonObject(with: seed) as? [String: Any])
        var events = try #require(object.removeValue(forKey: "events") as? [[String: Any]])
        if untitledSecond { events[1].removeValue(forKey: "title") }
        events[0]["notes"] = "Brackets ] } [ {, a quote \" and a backslash \\ — Đối thoại"
        func json(_ value: Any) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .fragmentsAllowed]), as: UTF8.self)
        }
        var parts = ["\"events\" : \(try json(events))"]
        for key in object.keys.sorted() { parts.append("\"\(key)\":\(try json(object[key]!))") }
        parts += ["\"x-count\": 42", "\"x-flag\":true"]
        let text = "\u{FEFF}{\n  " + parts.joined(separator: ",\n  ") + "\n}\n"
        let path = temporaryPath("scenario") + ".json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (path, Data(text.utf8))
    }

    @Test("Streamed, the file loads exactly what decoding it whole loads, events first or not")
    func sameAsWhole() throws {
        let (path, data) = try awkwardFile()
        let file = try ScenarioFile(path: path)
        let whole = try Scenario.decode(data)
        #expect(file.eventCount == whole.events.count && file.eventCount > 3)
        #expect(file.scenario.events.isEmpty && file.scenario.people.count == whole.people.count)
        let streamed = try freshDatabase(), decoded = try freshDatabase()
        let a = try streamed.load(file), b = try decoded.load(whole)
        #expect(a == b && a.events == whole.events.count)
        let (x, y) = (try streamed.dump(), try decoded.dump())
        #expect(x == y, "first difference: \(zip(x.split(separator: "\n"), y.split(separator: "\n")).first { $0 != $1 }.map { "\($0) vs \($1)" } ?? "lengths")")
        #expect(try streamed.search("doi thoai").contains { $0.label == whole.events[0].title })
        // Twice is once.
        #expect(try streamed.load(ScenarioFile(path: path)).total == 0)
    }

    @Test("A bad event is named by its place in the file, and nothing is written")
    func badEvent() throws {
        let (path, _) = try awkwardFile(untitledSecond: true)
        let db = try freshDatabase()
        let before = try db.dump()
        do {
            try db.load(ScenarioFile(path: path))
            Issue.record("loaded a scenario with an event without a title")
        } catch let DecodingError.keyNotFound(key, context) {
            #expect(key.stringValue == "title")
            #expect(context.codingPath.map(\.stringValue) == ["events", "1"])
        }
        #expect(try db.dump() == before)
    }

    /// Loads the scenario `data` into a new database both ways, streamed from a file and decoded whole, and hands
    /// what each threw (nil: nothing) to `check`; the database must be as it was after each.
    static func refusedBothWays(_ data: Data, _ check: (_ how: String, _ error: (any Error)?) -> Void) throws {
        let path = temporaryPath("refused") + ".json"
        try data.write(to: URL(fileURLWithPath: path))
        let db = try freshDatabase()
        let before = try db.dump()
        for (how, load) in [("streamed", { try db.load(ScenarioFile(path: path)) }),
                            ("whole", { try db.load(Scenario.decode(data)) })] {
            var failure: (any Error)?
            do { _ = try load() } catch { failure = error }
            check(how, failure)
            #expect(try db.dump() == before, "\(how)")
        }
    }

    @Test("A misspelt key is an error naming it and where, streamed or decoded whole, and nothing is written; x- keys are the file's own")
    func misspeltKeys() throws {
        let seed = try #require(AgendaDatabase.embeddedSeed("acr-2023.json"))
        // (change, where the error is, the hint it gives)
        let cases: [((inout [String: Any]) -> Void, [String], String)] = [
            // The dangerous one: the event would have loaded as public.
            ({ s in Self.edit(&s, "events", 0) { $0["clasification"] = "confidential" } },
             ["events", "0", "clasification"], "did you mean 'classification'?"),
            ({ s in Self.edit(&s, "events", 1) { e in
                var schedule = e["schedule"] as! [String: Any]
                schedule["time_zone"] = schedule.removeValue(forKey: "timeZone")
                e["schedule"] = schedule
            } }, ["events", "1", "schedule", "time_zone"], "did you mean 'timeZone'?"),
            ({ s in Self.edit(&s, "events", 2) { $0["participants"] = [["persn": "Romano Prodi"]] } },
             ["events", "2", "participants", "0", "persn"], "did you mean 'person'?"),
            ({ s in s["evnts"] = s.removeValue(forKey: "events") }, ["evnts"], "did you mean 'events'?"),
            ({ s in Self.edit(&s, "people", 0) { p in
                var positions = p["positions"] as! [[String: Any]]
                positions[0]["formr"] = true
                p["positions"] = positions
            } }, ["people", "0", "positions", "0", "formr"], "did you mean 'former'?"),
            ({ s in Self.edit(&s, "committees", 0) { $0["colour"] = "blue" } },
             ["committees", "0", "colour"], "expected one of code, members, name, notes, parent, seatCity, timeZone"),
        ]
        for (change, place, hint) in cases {
            var object = try #require(try JSONSerialization.jsonObject(with: seed) as? [String: Any])
            change(&object)
            try Self.refusedBothWays(JSONSerialization.data(withJSONObject: object)) { how, error in
                guard case let DecodingError.dataCorrupted(context)? = error else {
                    Issue.record("\(how): loaded a scenario with the unknown key \(place.last!): \(String(describing: error))")
                    return
                }
                #expect(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } == place, "\(how)")
                #expect(context.debugDescription == "unknown key; " + hint, "\(how)")
            }
        }
        // Extension keys are kept out of the agenda, at any depth; a null list is an absent one.
        var object = try #require(try JSONSerialization.jsonObject(with: seed) as? [String: Any])
        object["x-generator"] = "test"
        Self.edit(&object, "events", 0) { $0["X-Reviewed-By"] = "desk officer"; $0["participants"] = NSNull() }
        let loaded = try freshDatabase().load(Scenario.decode(JSONSerialization.data(withJSONObject: object)))
        #expect(loaded.events == 5)
    }

    @Test("A key given twice in one object is an error naming it and where, streamed or whole; nothing is written")
    func repeatedKeys() throws {
        let event = #"{"uid": "u1", "kind": "meeting", "status": "confirmed", "title": "First", "schedule": {"start": "2023-03-01", "timeZone": "Europe/Rome"}}"#
        let cases: [(String, [String])] = [
            // Decoded, the second list replaced the first: the file loaded without the first one's events.
            (#"{"events": [\#(event)], "events": []}"#, ["events"]),
            (#"{"events": [{"uid": "u1", "kind": "meeting", "status": "confirmed", "title": "First", "title": "Second", "schedule": {"start": "2023-03-01", "timeZone": "Europe/Rome"}}]}"#,
             ["events", "0", "title"]),
            (#"{"events": [{"uid": "u1", "kind": "meeting", "status": "confirmed", "title": "First", "schedule": {"start": "2023-03-01", "timeZone": "Europe/Rome", "timeZone": "UTC"}}]}"#,
             ["events", "0", "schedule", "timeZone"]),
        ]
        for (text, place) in cases {
            try Self.refusedBothWays(Data(text.utf8)) { how, error in
                guard case let DecodingError.dataCorrupted(context)? = error else {
                    Issue.record("\(how): loaded a scenario with \(place.last!) twice: \(String(describing: error))")
                    return
                }
                #expect(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } == place, "\(how)")
                #expect(context.debugDescription == "key given twice; give it once (one of its two values would be dropped)", "\(how)")
            }
        }
        // An extension key twice is the file's own business; the same key in two objects is no repetition.
        let fine = #"{"x-note": 1, "x-note": 2, "events": [\#(event), {"uid": "u2", "kind": "meeting", "status": "confirmed", "title": "Second", "schedule": {"start": "2023-03-02", "timeZone": "Europe/Rome"}}]}"#
        #expect(try freshDatabase().load(Scenario.decode(Data(fine.utf8))).events == 2)
    }

    @Test("A UID given to two events, or two chair terms, of one file is refused at the second; loading a file again still skips what it loaded")
    func uidTwice() throws {
        let event = { (uid: String, title: String) in
            #"{"uid": "\#(uid)", "kind": "meeting", "status": "confirmed", "title": "\#(title)", "schedule": {"start": "2023-03-01", "timeZone": "Europe/Rome"}}"#
        }
        // The second used to be skipped as "already there": the file loaded without it, and said "1 event".
        let events = #"{"events": [\#(event("u1", "First")), \#(event("u2", "Other")), \#(event("u1", "Second"))]}"#
        let seed = try #require(AgendaDatabase.embeddedSeed("acr-2023.json"))
        var object = try #require(try JSONSerialization.jsonObject(with: seed) as? [String: Any])
        var terms = try #require(object["chairTerms"] as? [[String: Any]])
        terms.append(terms[0])
        object["chairTerms"] = terms
        let cases: [(Data, String)] = [
            (Data(events.utf8), "at .events[2] (UID u1): its UID is that of an earlier item of the file; each has its own"),
            (try JSONSerialization.data(withJSONObject: object),
             "at .chairTerms[\(terms.count - 1)] (UID \(terms[0]["uid"]!)): its UID is that of an earlier item of the file; each has its own"),
        ]
        for (data, message) in cases {
            try Self.refusedBothWays(data) { how, error in
                #expect(error.map { "\($0)" } == message, "\(how)")
            }
        }
        // The same file twice: the second load adds nothing and refuses nothing.
        let db = try freshDatabase()
        let once = #"{"events": [\#(event("u1", "First")), \#(event("u2", "Other"))]}"#
        #expect(try db.load(Scenario.decode(Data(once.utf8))).events == 2)
        #expect(try db.load(Scenario.decode(Data(once.utf8))).events == 0)
    }

    @Test("An unknown key put in any object of the seed, escaped or not, is found where it was put")
    func unknownKeyAnywhere() throws {
        let seed = try #require(AgendaDatabase.embeddedSeed("acr-2023.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: seed) as? [String: Any])
        // Every object's place in the seed (keys and list indices), but inside `sources`, whose keys are free.
        func places(_ value: Any, _ path: [String]) -> [[String]] {
            if let d = value as? [String: Any] {
                return [path] + d.filter { $0.key != "sources" }.flatMap { places($0.value, path + [$0.key]) }
            }
            if let a = value as? [Any] { return a.enumerated().flatMap { places($0.element, path + ["\($0.offset)"]) } }
            return []
        }
        func adding(_ key: String, at path: ArraySlice<String>, to value: Any) -> Any {
            guard let step = path.first else {
                var d = value as! [String: Any]
                d[key] = ["nested": true]
                return d
            }
            if var a = value as? [Any], let i = Int(step) {
                a[i] = adding(key, at: path.dropFirst(), to: a[i])
                return a
            }
            var d = value as! [String: Any]
            d[step] = adding(key, at: path.dropFirst(), to: d[step]!)
            return d
        }
        let all = places(object, [])
        #expect(all.count > 40)
        for (n, place) in all.enumerated() {
            let changed = adding("zzUnknown", at: place[...], to: object)
            var text = String(decoding: try JSONSerialization.data(withJSONObject: changed, options: n % 2 == 0 ? [.prettyPrinted] : []), as: UTF8.self)
            // Every third one escaped as JSON allows ("\u007a" is "z"), and a BOM before some.
            if n % 3 == 0 { text = text.replacingOccurrences(of: "\"zzUnknown\"", with: "\"\\u007azUnknown\"") }
            if n % 5 == 0 { text = "\u{FEFF}" + text }
            do {
                _ = try Scenario.decode(Data(text.utf8))
                Issue.record("no error for the key at \(place)")
            } catch let DecodingError.dataCorrupted(context) {
                #expect(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } == place + ["zzUnknown"])
            }
        }
    }

    @Test("An event the checks refuse is named by its place in the file and its UID, streamed or whole; nothing is written")
    func refusedEventPlace() throws {
        let seed = try #require(AgendaDatabase.embeddedSeed("acr-2023.json"))
        var object = try #require(try JSONSerialization.jsonObject(with: seed) as? [String: Any])
        Self.edit(&object, "events", 3) { $0["title"] = "  "; $0["uid"] = "blank-title@test" }
        let data = try JSONSerialization.data(withJSONObject: object)
        let path = temporaryPath("refused") + ".json"
        try data.write(to: URL(fileURLWithPath: path))
        let expected = AgendaError.at("at .events[3] (UID blank-title@test)",
                                      .invalid(field: "title", value: "  ", expected: "a non-empty value"))
        let db = try freshDatabase()
        let before = try db.dump()
        #expect(throws: expected) { try db.load(ScenarioFile(path: path)) }
        #expect(throws: expected) { try db.load(Scenario.decode(data)) }
        #expect(try db.dump() == before)
        #expect(expected.description == "at .events[3] (UID blank-title@test): invalid title '  ': expected a non-empty value")
    }

    @Test("A closed set's word is read in any case, as the command line reads it; one outside the set is refused, naming the set")
    func closedWords() throws {
        let seed = try #require(AgendaDatabase.embeddedSeed("acr-2023.json"))
        var object = try #require(try JSONSerialization.jsonObject(with: seed) as? [String: Any])
        Self.edit(&object, "events", 0) { $0["classification"] = "Confidential"; $0["kind"] = "Working_Session" }
        Self.edit(&object, "events", 1) { $0["status"] = "TENTATIVE" }
        let scenario = try Scenario.decode(JSONSerialization.data(withJSONObject: object))
        #expect(scenario.events[0].classification == .confidential && scenario.events[0].kind == .workingSession)
        #expect(scenario.events[1].status == .tentative)
        Self.edit(&object, "events", 1) { $0["status"] = "TBC" }
        do {
            _ = try Scenario.decode(JSONSerialization.data(withJSONObject: object))
            Issue.record("decoded the status TBC")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } == ["events", "1", "status"])
            #expect(context.debugDescription == "'TBC' is not one of tentative, confirmed, postponed, cancelled")
        }
    }

    /// Changes element `index` of the list `key` of a scenario object.
    static func edit(_ s: inout [String: Any], _ key: String, _ index: Int, _ change: (inout [String: Any]) -> Void) {
        var list = s[key] as! [[String: Any]]
        change(&list[index])
        s[key] = list
    }

    @Test("The events are counted in the pass that finds them: spaces, nesting, strings holding brackets, an empty array")
    func counted() throws {
        let cases: [(String, Int)] = [
            ("{\"events\": []}", 0),
            ("{\"events\": [ ]}", 0),
            ("{\"events\":[{\"a\":[1,{\"b\":\"],}\"}]}\n,\r\n\t{ }  ]}", 2),
            ("{\"people\": [{}], \"events\": [{}, {}, {}], \"x\": [[], []]}", 3),
            // Escaped quotes and backslashes, a backslash just before the closing quote, brackets after them.
            (#"{"events": [{"a": "x\"]}y\\", "b": "\\\"[{"}, {"c": "\\"}, {"d": "é\\\\\"\""}]}"#, 3),
        ]
        for (text, count) in cases {
            let bytes = Array(text.utf8)
            let counted = bytes.withUnsafeBytes { b -> Int? in
                var n = 0
                return ScenarioFile.split(b) { _ in n += 1 }.map { _ in n }
            }
            #expect(counted == count, "\(text)")
        }
    }

    @Test("Random documents written by JSONSerialization: the events are counted and found as a JSON parser finds them")
    func randomDocuments() throws {
        // SplitMix64, so that a failing document can be made again from its seed.
        var state: UInt64 = 20_230_220
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let alphabet = Array("a\"\\[]{},: \n\tđĐệ😀/\u{1}")
        func text() -> String { String((0..<Int(next() % 12)).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }) }
        func value(_ depth: Int) -> Any {
            switch next() % (depth > 2 ? 3 : 5) {
            case 0: return text()
            case 1: return Int(next() % 1000) - 500
            case 2: return next() % 2 == 0
            case 3: return (0..<Int(next() % 4)).map { _ in value(depth + 1) }
            default: return Dictionary(uniqueKeysWithValues: (0..<Int(next() % 4)).map { i in (text() + "\(i)", value(depth + 1)) })
            }
        }
        for _ in 0..<300 {
            let events = (0..<Int(next() % 6)).map { _ in ["title": text(), "x": value(0)] as [String: Any] }
            let document: [String: Any] = ["people": [text()], "events": events, "z": value(0)]
            let data = try JSONSerialization.data(withJSONObject: document, options: next() % 2 == 0 ? [.prettyPrinted] : [])
            var ranges: [Range<Int>] = []
            let split = data.withUnsafeBytes { ScenarioFile.split($0) { ranges.append($0) } }
            #expect(split != nil && ranges.count == events.count, "\(String(decoding: data, as: UTF8.self))")
            // Each element found is one whole event: it parses alone, to the same title.
            for (range, event) in zip(ranges, events) {
                let element = try JSONSerialization.jsonObject(with: data.subdata(in: range)) as? [String: Any]
                #expect(element?["title"] as? String == event["title"] as? String)
            }
        }
    }

    @Test("Not a JSON object, truncated, or not a file: the errors of reading it whole")
    func notAnObject() throws {
        for text in ["[1, 2]", "{\"events\": [{\"uid\": \"x\"", "", "{\"events\": []} trailing",
                     "{\"events\": [{}, ]}", "{\"events\": [{} {}]}", "{\"events\": [{},"] {
            let path = temporaryPath("bad") + ".json"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: DecodingError.self, "\(text)") { try ScenarioFile(path: path) }
        }
        #expect(throws: ScenarioFile.OpenError(reason: "a directory: save the scenario to a file first")) {
            try ScenarioFile(path: scratchDirectory.path)
        }
        #expect(throws: ScenarioFile.OpenError(reason: "cannot open: No such file or directory")) {
            try ScenarioFile(path: temporaryPath("missing"))
        }
        // A pipe or a device cannot be mapped (and one read ahead would be consumed).
        #expect(throws: ScenarioFile.OpenError(reason: "not a regular file (a pipe or a device): save the scenario to a file first")) {
            try ScenarioFile(path: "/dev/null")
        }
    }
}
