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
