import AgendaCore
import AgendaStore
import ArgumentParser
import Foundation

/// Where the database lives, shared by every command.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file (default: $AGENDA_DB, else $XDG_DATA_HOME/agenda/agenda.sqlite).",
                                            valueName: "path"))
    var db: String?

    /// The path in force, with the reason it was chosen.
    var resolvedPath: String {
        if let db { return db }
        let env = ProcessInfo.processInfo.environment
        if let p = env["AGENDA_DB"], !p.isEmpty { return p }
        let base = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (env["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return base + "/agenda/agenda.sqlite"
    }

    func open() throws -> AgendaDatabase {
        try AgendaDatabase.open(path: resolvedPath, clock: Clock.now)
    }
}

/// "Now": the real clock, or $AGENDA_NOW (an ISO 8601 instant) so that scripts and tests are reproducible.
enum Clock {
    static let now: @Sendable () -> Date = {
        if let s = ProcessInfo.processInfo.environment["AGENDA_NOW"], let d = parseInstant(s) { return d }
        return Date()
    }

    static func parseInstant(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        if let d = f.date(from: s) { return d }
        f.formatOptions = [.withFullDate]
        return f.date(from: s)
    }

    /// The viewer's zone: $TZ as the system reads it.
    static var viewerZone: TimeZone { TimeZone.current }
}

/// Output flags shared by listing commands.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON (documented in the README) instead of a table.")
    var json = false
}

/// Parses user text into dates, naming the option on failure.
func parseWhen(_ text: String, option: String, zone: TimeZone) throws -> When {
    try DateInput.parse(text, field: option, now: Clock.now(), zone: zone)
}

/// Resolves a zone identifier, naming the option on failure.
func parseZone(_ id: String, option: String = "--tz") throws -> TimeZone {
    guard let z = TimeZone(identifier: id) else {
        throw AgendaError.invalid(field: option, value: id, expected: "an IANA zone such as Europe/Rome, Asia/Bangkok or UTC")
    }
    return z
}

/// Writes to stdout.
func say(_ text: String = "") { print(text) }
