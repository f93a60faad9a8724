import AgendaCore
import Foundation
import GRDB
import Testing
@testable import AgendaStore

@Suite("A long-running process: a DatabasePool and async access")
struct PoolTests {
    @Test("Concurrent async reads and a write through a DatabasePool, while a CLI-style queue writes the same file")
    func pool() async throws {
        let path = temporaryPath("pool")
        let pool = try DatabasePool(path: path, configuration: AgendaDatabase.configuration(StoreConfiguration(busyTimeout: 10)))
        let server = try AgendaDatabase(writer: pool, migrating: true, clock: { fixedNow })
        try server.load(AgendaDatabase.embeddedScenario())
        // Another process's write, through the queue the CLI uses.
        let cli = try AgendaDatabase.open(path: path, access: .write, clock: { fixedNow })
        try await cli.addEvent(event("Written by the CLI", period("2023-11")))
        async let a = server.events(EventFilter())
        async let b = server.committees()
        async let c = server.event("3")
        async let d = server.addEvent(event("Written by the server", period("2023-12")))
        let (events, committees, dialogue, added) = try await (a, b, c, d)
        #expect(committees.map(\.code) == ["ACR"])
        #expect(dialogue.title == "Italy-ASEAN High-Level Dialogue")
        #expect(events.contains { $0.title == "Written by the CLI" })
        let after = try await server.events(EventFilter())
        #expect(after.contains { $0.uid == added.uid })
    }

    @Test("A one-off read gets the small page cache; writers and long-running readers keep the large one")
    func pageCaches() throws {
        let path = temporaryPath("caches")
        let store = StoreConfiguration(cacheKiB: 16384, readCacheKiB: 2048)
        _ = try AgendaDatabase.open(path: path, access: .write, configuration: store, clock: { fixedNow })
        func cache(_ db: AgendaDatabase) throws -> Int {
            try db.writer.read { try Int.fetchOne($0, sql: "PRAGMA cache_size")! }
        }
        #expect(try cache(AgendaDatabase.open(path: path, access: .read, configuration: store)) == -2048)
        #expect(try cache(AgendaDatabase.open(path: path, access: .write, configuration: store)) == -16384)
        #expect(try cache(AgendaDatabase.openShared(path: path, configuration: store)) == -16384)
    }
}
