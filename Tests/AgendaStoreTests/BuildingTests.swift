import AgendaCore
import Foundation
import GRDB
import Testing
@testable import AgendaStore

@Suite("A bulk write into a new file builds it beside its path and puts it there whole")
struct BuildingTests {
    /// The files of `path`'s folder that belong to it: itself, its -wal and -shm, and hidden builds.
    func files(of path: String) throws -> [String] {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        return try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
            .filter { $0.hasPrefix(name) || $0.hasPrefix(".\(name)") }.sorted()
    }

    func journalMode(_ path: String) throws -> String? {
        try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
    }

    @Test("Nothing is at the path while the write runs; then the whole database is, in WAL mode, and nothing else")
    func newFile() throws {
        let path = temporaryPath("building")
        let name = URL(fileURLWithPath: path).lastPathComponent
        let report = try AgendaDatabase.building(path: path, clock: { fixedNow }) { db in
            #expect(!FileManager.default.fileExists(atPath: path))
            #expect(try files(of: path) == [".\(name).agenda-building-\(getpid())"])
            return try db.load(AgendaDatabase.embeddedScenario())
        }
        #expect(report.events == 5 && report.committees == 1)
        #expect(try files(of: path) == [name])
        #expect(try journalMode(path) == "wal")
        let db = try AgendaDatabase.open(path: path, access: .read)
        #expect(try db.writer.read { conn in try String.fetchOne(conn, sql: "PRAGMA integrity_check") } == "ok")
        #expect(try db.eventCount() == 5)
        #expect(try db.search("doi thoai").count == 1)
        let seeded = try seededDatabase()
        #expect(try db.dump() == seeded.dump())
    }

    @Test("A write that fails before committing anything leaves no file at all; one that committed keeps what it committed")
    func failures() throws {
        struct Stop: Error {}
        let path = temporaryPath("building-failed")
        #expect(throws: Stop.self) {
            try AgendaDatabase.building(path: path) { db in
                #expect(try db.holdsNoData())
                throw Stop()
            }
        }
        #expect(try files(of: path).isEmpty)
        // A write that fails inside its transaction (a duplicate code) rolls back through the journal in memory.
        #expect(throws: (any Error).self) {
            try AgendaDatabase.building(path: path) { db in
                _ = try db.addCommittee(Committee(code: "ACR", name: "ASEAN Committee in Rome", timeZone: "Europe/Rome"))
                _ = try db.addCommittee(Committee(code: "ACR", name: "again", timeZone: "Europe/Rome"))
            }
        }
        #expect(try files(of: path) == [URL(fileURLWithPath: path).lastPathComponent])
        let db = try AgendaDatabase.open(path: path, access: .read)
        #expect(try db.committees().map(\.name) == ["ASEAN Committee in Rome"])
        #expect(try db.writer.read { conn in try String.fetchOne(conn, sql: "PRAGMA integrity_check") } == "ok")
    }

    @Test("An existing file is written in place; a file another process creates meanwhile is left untouched")
    func existing() throws {
        let path = temporaryPath("building-existing")
        _ = try AgendaDatabase.open(path: path, access: .write).addCommittee(Committee(code: "ONE", name: "One", timeZone: "Europe/Rome"))
        try AgendaDatabase.building(path: path) { db in
            _ = try db.addCommittee(Committee(code: "TWO", name: "Two", timeZone: "Europe/Rome"))
        }
        #expect(try AgendaDatabase.open(path: path, access: .read).committees().map(\.code) == ["ONE", "TWO"])

        let raced = temporaryPath("building-raced")
        #expect(throws: AgendaError.self) {
            try AgendaDatabase.building(path: raced) { db in
                _ = try db.addCommittee(Committee(code: "MINE", name: "Mine", timeZone: "Europe/Rome"))
                _ = try AgendaDatabase.open(path: raced, access: .write).addCommittee(Committee(code: "THEIRS", name: "Theirs", timeZone: "Europe/Rome"))
            }
        }
        #expect(try AgendaDatabase.open(path: raced, access: .read).committees().map(\.code) == ["THEIRS"])
        #expect(try files(of: raced).allSatisfy { !$0.hasPrefix(".") })
    }

    @Test("The hidden file of a build whose process is gone is removed by the next build; a live one's is not")
    func abandoned() throws {
        let path = temporaryPath("building-abandoned")
        let name = URL(fileURLWithPath: path).lastPathComponent
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        // A process that has exited: its pid is free (until reused, which the check below would only make keep the file).
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let dead = "\(folder)/.\(name).agenda-building-\(gone.processIdentifier)"
        let alive = "\(folder)/.\(name).agenda-building-1"
        for f in [dead, dead + "-journal", alive] { #expect(FileManager.default.createFile(atPath: f, contents: Data("x".utf8))) }
        defer { unlink(alive) }
        try AgendaDatabase.building(path: path) { db in
            _ = try db.addCommittee(Committee(code: "ACR", name: "ASEAN Committee in Rome", timeZone: "Europe/Rome"))
        }
        #expect(try files(of: path) == [".\(name).agenda-building-1", name])
    }
}
