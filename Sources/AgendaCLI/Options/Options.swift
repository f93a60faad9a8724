import AgendaCore
import AgendaStore
import ArgumentParser
import Foundation
import ICalendar
import Synchronization

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

    /// Opens the database for reading (a missing file is an error; nothing is created or changed) or for
    /// writing (created when missing; removed again if this command created it and then fails).
    /// The file is read through SQLite's page cache, not mapped: listings read one index range and exports stream,
    /// so mapping saved nothing measurable and would count the file's pages as the process's memory.
    func open(_ access: AgendaDatabase.Access) throws -> AgendaDatabase {
        let path = resolvedPath
        let existed = FileManager.default.fileExists(atPath: path)
        let configuration = try Environment.storeConfiguration()
        let db = try AgendaDatabase.open(path: path, access: access, configuration: configuration, clock: Clock.now)
        if access == .write && !existed { CreatedDatabase.record(path) }
        return db
    }

    /// Opens the database for a dry run, which writes in a transaction it rolls back: nothing may change on disk.
    /// A missing file is not created (the run goes to an empty agenda in memory), and an older file is refused as
    /// a read refuses it rather than upgraded.
    func openForDryRun() throws -> AgendaDatabase {
        let path = resolvedPath
        guard FileManager.default.fileExists(atPath: path) else { return try AgendaDatabase.inMemory(clock: Clock.now) }
        try open(.read).close()
        return try open(.write)
    }

    /// Opens the database for a bulk write (load, import, generate): a database that does not exist yet is built
    /// beside its path and appears there whole when the command is done (`AgendaDatabase.building`).
    func building<T>(_ body: (AgendaDatabase) throws -> T) throws -> T {
        try AgendaDatabase.building(path: resolvedPath, configuration: Environment.storeConfiguration(), clock: Clock.now, body)
    }

    func validate() throws {
        if db?.isEmpty == true {
            throw ValidationError("--db needs a file path, not an empty string")
        }
    }
}

/// A database file this process created: a command that then fails for bad input removes it again, so bad
/// input leaves no file behind. Only a file that still holds no data is removed (another process may have
/// started using it), and never after a database failure.
enum CreatedDatabase {
    private static let path = Mutex<String?>(nil)

    static func record(_ p: String) { path.withLock { $0 = p } }

    /// Removes the file (and its -wal and -shm) if this process created it and it holds no data.
    static func removeAfterFailure() {
        guard let p = path.withLock({ $0 }) else { return }
        guard let db = try? AgendaDatabase.open(path: p, access: .read), (try? db.holdsNoData()) == true else { return }
        try? db.close()
        for suffix in ["", "-wal", "-shm"] { unlink(p + suffix) }
    }
}

/// The settings read from the environment, each checked: a bad value is one line naming the variable.
enum Environment {
    static var values: [String: String] { ProcessInfo.processInfo.environment }

    /// `$AGENDA_BUSY_TIMEOUT` (seconds, default 30) into the store's configuration.
    static func storeConfiguration() throws -> StoreConfiguration {
        var config = StoreConfiguration()
        if let text = values["AGENDA_BUSY_TIMEOUT"], !text.isEmpty {
            guard let v = Double(text), v.isFinite, StoreConfiguration.busyTimeoutRange.contains(v) else {
                throw AgendaError.invalid(field: "AGENDA_BUSY_TIMEOUT", value: text,
                                          expected: "seconds from 0 to 3600, such as 30")
            }
            config.busyTimeout = v
        }
        return config
    }

    /// Checks `$AGENDA_NOW` and `$TZ` once, before any command runs.
    static func check() throws {
        if let s = values["AGENDA_NOW"], !s.isEmpty {
            guard let d = Clock.parseInstant(s), SupportedYears.range.contains(LocalDate(d, in: TimeZone(identifier: "UTC")!).year) else {
                throw AgendaError.invalid(field: "AGENDA_NOW", value: s,
                                          expected: "an ISO 8601 instant such as 2023-03-01T08:00:00Z, in the years \(SupportedYears.range.lowerBound) to \(SupportedYears.range.upperBound)")
            }
        }
        if let tz = values["TZ"], !tz.isEmpty {
            let id = tz.hasPrefix(":") ? String(tz.dropFirst()) : tz
            if TimeZone(identifier: id) == nil && !id.hasPrefix("/") && Clock.zoneOfTZ == nil {
                throw AgendaError.unknownZone(field: "TZ", value: tz)
            }
        }
        _ = try storeConfiguration()
    }
}

/// "Now": the real clock, or $AGENDA_NOW (an ISO 8601 instant) so that scripts and tests are reproducible.
enum Clock {
    static let now: @Sendable () -> Date = {
        if let fixed { return fixed }
        return Date()
    }

    /// $AGENDA_NOW, read once.
    static let fixed: Date? = ProcessInfo.processInfo.environment["AGENDA_NOW"].flatMap(parseInstant)

    /// `2023-03-01T08:00:00Z`, `2023-03-01T09:00+01:00` or `2023-03-01` (midnight UTC).
    static func parseInstant(_ s: String) -> Date? {
        if s.count == 10, let d = LocalDate(iso: s) { return Date(timeIntervalSince1970: TimeInterval(d.dayNumber * 86400)) }
        guard s.count >= 17, case let .instant(d)? = try? DateInput.parse(s, field: "AGENDA_NOW", now: Date(timeIntervalSince1970: 0),
                                                                            zone: TimeZone(identifier: "UTC")!) else { return nil }
        return d
    }

    /// The viewer's zone: $TZ as the system reads it. Windows ("today", --from, --days) and day headers are read
    /// in it; an event's own times are read in the event's zone.
    static var viewerZone: TimeZone { zoneOfTZ ?? TimeZone.current }

    /// $TZ read as POSIX reads an offset or a rule (`UTC+7`, `CET-1CEST,M3.5.0,M10.5.0/3`); nil for a zone's name,
    /// which Foundation reads. Worked out once: a rule is matched against every zone.
    static let zoneOfTZ: TimeZone? = ProcessInfo.processInfo.environment["TZ"].flatMap { ZoneNames.posixZone($0, now: Clock.now()) }
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
        throw AgendaError.unknownZone(field: option, value: id)
    }
    return z
}

/// Writes to stdout.
/// Writes text to stdout with any control or escape sequence from the data made visible; only the colour codes
/// of `Style` (on a terminal) pass.
/// Writes one line to stderr, prefixed `agenda: ` (errors, warnings and per-file failures), always one line and
/// terminal-safe (`Terminal.oneLine`): a value typed with a line break cannot split the message.
func sayError(_ text: String) { FileHandle.standardError.write(Data("agenda: \(Terminal.oneLine(text))\n".utf8)) }

/// The spelling of an option that has two (`--to` and `--until`) that the command line used, the last one given
/// (the one argument-parser keeps), so that an error names what was typed; the first spelling when neither was.
func typedFlag(_ names: String..., arguments: [String] = CommandLine.arguments) -> String {
    let given = arguments.dropFirst().prefix { $0 != "--" }
    let last = given.last { a in names.contains { a == $0 || a.hasPrefix($0 + "=") } }
    return last.flatMap { a in names.first { a == $0 || a.hasPrefix($0 + "=") } } ?? names[0]
}

func say(_ text: String = "") { print(Style.enabled ? Terminal.safe(text, keeping: Style.codes) : Terminal.safe(text)) }

/// A command whose values the store checks: the store's errors name domain fields ("term end", "committee name"),
/// which the command says as the flags its user typed ("--to", "--name"). The one place that applies it is
/// `Agenda.main`'s error handler.
protocol NamesStoreFields {
    /// Domain field → flag.
    static var storeFields: [String: String] { get }
    /// `storeFields` for the values this run was given (a command whose field goes under either of two flags).
    var fieldFlags: [String: String] { get }
}

extension NamesStoreFields {
    var fieldFlags: [String: String] { Self.storeFields }
}

/// The flags of the text fields that `event add` and `event edit` share.
let eventTextFlags = ["title": "--title", "alt title": "--alt-title", "location": "--location", "notes": "--note",
                      "source": "--source", "topic": "--topic", "participant": "--participant",
                      "participant role": "--participant", "participant title": "--participant"]
/// The flags of the text fields that `committee add` and `committee edit` share.
let committeeTextFlags = ["committee name": "--name", "city": "--city", "notes": "--note"]
