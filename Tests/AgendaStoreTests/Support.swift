import AgendaCore
import Foundation
import GRDB
@testable import AgendaStore

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
    FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).sqlite").path
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
