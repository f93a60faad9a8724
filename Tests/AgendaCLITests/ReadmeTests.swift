import Foundation
import Testing
import TestScratch

/// A console example of the README: the commands typed (`$ agenda …`) and what each printed, with the database
/// it runs in (the `<!-- readme-check: … -->` line above the block).
private struct ConsoleExample {
    enum Setting: Equatable {
        /// An empty home folder (`agenda init` makes the default database there).
        case fresh
        /// The demo's database.
        case demo
        /// A fresh database with a file of the workplace's ics-corpus copied in under another name.
        case corpus(file: String, as: String)
        /// What `agenda demo` prints (a plain block: the output alone), its temporary files in `/tmp`.
        case demoOutput
    }

    var line: Int
    var setting: Setting
    var steps: [(command: String, shown: [String])]

    /// The README's annotated console blocks.
    static func all(in readme: String) throws -> [ConsoleExample] {
        let lines = readme.components(separatedBy: "\n")
        var examples: [ConsoleExample] = []
        var i = 0
        while i < lines.count {
            defer { i += 1 }
            guard lines[i].hasPrefix("<!-- readme-check: ") else { continue }
            let words = lines[i].dropFirst("<!-- readme-check: ".count).split(separator: " ").filter { $0 != "-->" }.map(String.init)
            let setting: Setting
            switch words.first {
            case "fresh": setting = .fresh
            case "demo": setting = .demo
            case "corpus" where words.count == 4 && words[2] == "as": setting = .corpus(file: words[1], as: words[3])
            case "demo-output": setting = .demoOutput
            default: throw ReadmeError("line \(i + 1): unknown readme-check \(words)")
            }
            if setting == .demoOutput {
                guard i + 1 < lines.count, lines[i + 1] == "```" else { throw ReadmeError("line \(i + 1): no plain block follows") }
                var shown: [String] = []
                i += 2
                while i < lines.count, !lines[i].hasPrefix("```") { shown.append(lines[i]); i += 1 }
                examples.append(ConsoleExample(line: i - shown.count + 1, setting: setting, steps: [("agenda demo", shown)]))
                continue
            }
            guard i + 1 < lines.count, lines[i + 1].hasPrefix("```console") else { throw ReadmeError("line \(i + 1): no console block follows") }
            var example = ConsoleExample(line: i + 3, setting: setting, steps: [])
            i += 2
            while i < lines.count, !lines[i].hasPrefix("```") {
                if lines[i].hasPrefix("$ agenda ") {
                    // A comment after the command (`  # …`) is not typed.
                    let typed = lines[i].dropFirst(2).components(separatedBy: "  #")[0].trimmingCharacters(in: .whitespaces)
                    example.steps.append((typed, []))
                } else if !example.steps.isEmpty {
                    example.steps[example.steps.count - 1].shown.append(lines[i])
                }
                i += 1
            }
            examples.append(example)
        }
        return examples
    }
}

private struct ReadmeError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Whether `got` is what the README shows: line for line, except that a UUID after "uid " may be any, a line
/// ending in "…" is a prefix, a line that is "…" alone stands for the rest, and no lines shown means "not shown".
private func matches(_ shown: [String], _ got: [String]) -> Bool {
    if shown.isEmpty { return true }
    func uuidFree(_ s: String) -> String {
        s.replacingOccurrences(of: #"uid [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#, with: "uid UUID", options: .regularExpression)
    }
    for (k, want) in shown.enumerated() {
        if want.trimmingCharacters(in: .whitespaces) == "…" { return got.count > k }
        guard k < got.count else { return false }
        let (w, g) = (uuidFree(want), uuidFree(got[k]))
        if w.hasSuffix("…") ? !g.hasPrefix(String(w.dropLast())) : w != g { return false }
    }
    return got.count == shown.count
}

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private let corpusFolder: String? = {
    let folder = ProcessInfo.processInfo.environment["AGENDA_ICS_CORPUS"]
        ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/ics-corpus").path
    return FileManager.default.fileExists(atPath: folder + "/MANIFEST.tsv") ? folder : nil
}()

@Suite("The README's console examples print what they show", .serialized)
struct ReadmeTests {
    @Test("Each `$ agenda …` of an annotated console block, run in its database with the README's clock, prints the lines shown")
    func consoleExamples() throws {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let examples = try ConsoleExample.all(in: readme)
        // The demo, the tour, the bad-input line, the rotation, the recurring meeting and the import.
        #expect(examples.count >= 6 && examples.first?.setting == .demoOutput)
        for example in examples {
            let home = scratchDirectory.appendingPathComponent("readme-\(example.line)-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            var env = ["HOME": home.path]
            switch example.setting {
            case .fresh: break
            case .demoOutput: env["TMPDIR"] = home.path
            case .demo: env["AGENDA_DB"] = try demoDB()
            case let .corpus(file, name):
                // The corpus is third-party data, not in the repository; CI's stand-in (scripts/test) lacks this file.
                guard let corpusFolder, FileManager.default.fileExists(atPath: corpusFolder + "/" + file) else { continue }
                try FileManager.default.copyItem(atPath: corpusFolder + "/" + file, toPath: home.appendingPathComponent(name).path)
                env["AGENDA_DB"] = home.appendingPathComponent("agenda.sqlite").path
            }
            for (command, text) in example.steps {
                var shown = text
                let words = shellWords(command)
                #expect(words.first == "agenda")
                let r = try agenda(Array(words.dropFirst()), env: env, in: home)
                var got = (r.stdout + r.stderr).components(separatedBy: "\n")
                if got.last == "" { got.removeLast() }
                got = got.map { $0.replacingOccurrences(of: home.path, with: example.setting == .demoOutput ? "/tmp" : "/home/you") }
                if example.setting == .demoOutput {
                    // The demo's database is named after its process.
                    let pid = #"agenda-demo-[0-9]+\.sqlite"#
                    got = got.map { $0.replacingOccurrences(of: pid, with: "agenda-demo-PID.sqlite", options: .regularExpression) }
                    shown = shown.map { $0.replacingOccurrences(of: pid, with: "agenda-demo-PID.sqlite", options: .regularExpression) }
                }
                #expect(matches(shown, got), "README line \(example.line): \(command)\nshown:\n\(shown.joined(separator: "\n"))\ngot:\n\(got.joined(separator: "\n"))")
                if shown.isEmpty { #expect(r.status == 0, "README line \(example.line): \(command): \(r.stderr)") }
            }
        }
    }

    @Test("The comparison fails on a changed line, a missing or an extra one")
    func comparisonCanFail() {
        let shown = ["Added event #1 \"x\" uid 0a6d3f5e-1b2c-4d5e-8f90-123456789abc", "  a …", "b"]
        #expect(matches(shown, ["Added event #1 \"x\" uid ffffffff-1b2c-4d5e-8f90-123456789abc", "  a and more", "b"]))
        #expect(!matches(shown, ["Added event #2 \"x\" uid ffffffff-1b2c-4d5e-8f90-123456789abc", "  a and more", "b"]))
        #expect(!matches(shown, ["Added event #1 \"x\" uid ffffffff-1b2c-4d5e-8f90-123456789abc", "  a and more"]))
        #expect(!matches(shown, ["Added event #1 \"x\" uid ffffffff-1b2c-4d5e-8f90-123456789abc", "  a and more", "b", "c"]))
        #expect(matches(["first", "…"], ["first", "second", "third"]))
        #expect(!matches(["first", "…"], ["first"]))
    }
}
