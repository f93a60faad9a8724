import Foundation
import Testing
import TestScratch

/// The built `agenda` binary: $AGENDA_BIN, else beside the test bundle, else in .build/debug.
let agendaBinary: String = {
    if let p = ProcessInfo.processInfo.environment["AGENDA_BIN"] { return p }
    var candidates: [URL] = []
    if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent().appendingPathComponent("agenda")) }
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("agenda"))
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    candidates.append(root.appendingPathComponent(".build/debug/agenda"))
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path ?? candidates.last!.path
}()

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `agenda` with `arguments` in a clean environment: no colour, a fixed "now" and zone unless given.
@discardableResult
func agenda(_ arguments: [String], env: [String: String] = [:], stdin: String? = nil, in folder: URL? = nil) throws -> RunResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: agendaBinary)
    p.arguments = arguments
    if let folder { p.currentDirectoryURL = folder }
    var environment = ["PATH": "/usr/bin:/bin", "HOME": scratchDirectory.path, "TMPDIR": scratchDirectory.path, "NO_COLOR": "1",
                       "AGENDA_NOW": "2023-03-01T08:00:00Z", "TZ": "Europe/Rome"]
    for (k, v) in env { environment[k] = v }
    p.environment = environment
    let out = Pipe(), err = Pipe(), input = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return RunResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                     stderr: String(decoding: e, as: UTF8.self))
}

func tempDB(_ name: String = "cli") -> String {
    scratchDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).sqlite").path
}

/// The bytes of a database (main file and WAL), for "unchanged" checks.
func databaseBytes(_ path: String) -> Data {
    var d = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
    d.append((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data())
    return d
}

/// A database holding the demo scenario.
func demoDB() throws -> String {
    let path = tempDB("demo")
    let r = try agenda(["demo", "--db", path])
    #expect(r.status == 0, "demo failed: \(r.stderr)")
    return path
}

/// Splits a command line as a POSIX shell would for the README's examples: words, double- and single-quoted strings.
func shellWords(_ text: String) -> [String] {
    var words: [String] = [], word = "", quote: Character?, inWord = false
    for c in text {
        if let q = quote {
            if c == q { quote = nil } else { word.append(c) }
        } else if c == "\"" || c == "'" {
            quote = c; inWord = true
        } else if c == " " {
            if inWord { words.append(word); word = ""; inWord = false }
        } else {
            word.append(c); inWord = true
        }
    }
    if inWord { words.append(word) }
    return words
}
