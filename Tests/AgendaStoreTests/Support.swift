import AgendaCore
import Foundation
import GRDB
@testable import AgendaStore
import TestScratch

/// A fixed "now": 2023-03-01T08:00Z.
let fixedNow = Date(timeIntervalSince1970: 1_677_657_600)

func freshDatabase() throws -> AgendaDatabase {
    try AgendaDatabase.inMemory(clock: { fixedNow })
}

func seededDatabase() throws -> AgendaDatabase {
    let db = try freshDatabase()
    try db.load(AgendaDatabase.embeddedScenario())
    return db
}

func temporaryPath(_ name: String = "agenda") -> String {
    scratchDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).sqlite").path
}

extension AgendaDatabase {
    /// Every row of every table, as text, for "nothing was written" checks.
    func dump() throws -> String {
        try writer.read { db in
            var out = ""
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                AND name NOT LIKE 'search_index_%' ORDER BY name
                """)
            for t in tables {
                out += "# \(t)\n"
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(t.quotedDatabaseIdentifier) ORDER BY 1") {
                    out += row.description + "\n"
                }
            }
            return out
        }
    }
}

func day(_ s: String) -> LocalDate { LocalDate(iso: s)! }

func instant(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

func event(_ title: String, _ schedule: Schedule, committee: String? = nil, status: EventStatus = .confirmed) -> Event {
    Event(uid: "", kind: .meeting, title: title, schedule: schedule, status: status, committee: committee)
}

func period(_ text: String, _ zone: String = "Europe/Rome") -> Schedule {
    try! Schedule(.period(Period(iso: text)!), timeZone: zone)
}

func timed(_ start: String, _ end: String, _ zone: String = "Europe/Rome") -> Schedule {
    try! Schedule(.timed(start: LocalDateTime(iso: start)!, end: LocalDateTime(iso: end)!), timeZone: zone)
}

func allDay(_ first: String, _ last: String? = nil, _ zone: String = "Europe/Rome") -> Schedule {
    try! Schedule(.allDay(first: day(first), last: day(last ?? first)), timeZone: zone)
}

/// Stores timed meetings straight into the event table, without the store's writes (for reads over hand-made
/// rows): each with its UID, zone and UTC start and end, its local times the zone's wall clock.
func insertMeetings(_ db: AgendaDatabase, _ meetings: [(uid: String, zone: String, start: Int, end: Int)]) throws {
    try db.writer.write { conn in
        let stmt = try conn.makeStatement(sql: """
            INSERT INTO event(uid, kind, title, status, precision, local_start, local_end, time_zone, span_start,
                              span_end, created_at, modified_at, span_class)
            VALUES (?, 'meeting', ?, 'confirmed', 'timed', ?, ?, ?, ?, ?, 0, 0, ?)
            """)
        for m in meetings {
            let zone = TimeZone(identifier: m.zone)!
            func local(_ t: Int) -> String { LocalDateTime(Date(timeIntervalSince1970: TimeInterval(t)), in: zone).description }
            try stmt.execute(arguments: [m.uid, "Meeting \(m.uid)", local(m.start), local(m.end), m.zone, m.start, m.end,
                                         SpanClass.of(m.end - m.start)])
        }
    }
}

/// What `streamEvents` hands over, as text: "zones A,B,…" for the zones, then `describe` of each event; and
/// whether a second connection read the zones.
func streamedParts(_ db: AgendaDatabase, beforeSharing: (() throws -> Void)? = nil,
                   describe: (Event) -> String = \.uid) throws -> (shared: Bool, parts: [String]) {
    var parts: [String] = []
    let shared = try db.streamEvents(EventFilter(), zones: true, batchSize: 2, beforeSharing: beforeSharing) { part in
        switch part {
        case let .zones(z): parts.append("zones " + z.keys.sorted().joined(separator: ","))
        case let .events(batch): parts += batch.map(describe)
        }
    }
    return (shared, parts)
}
