import AgendaCore
import Foundation
import GRDB

/// Reads and writes for Swift concurrency (the coming server): GRDB runs them on its own dispatch queues and
/// suspends the task meanwhile, so the cooperative pool is never blocked. Each is one transaction, like its
/// synchronous twin; with a `DatabasePool`, reads run concurrently with each other and with a write.
extension AgendaDatabase {
    func asyncRead<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(body)
        } catch let error as DatabaseError {
            throw AgendaDatabase.translate(error)
        }
    }

    func asyncWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(body)
        } catch let error as DatabaseError {
            throw AgendaDatabase.translate(error)
        }
    }

    /// `events(_:)` without blocking the caller's thread.
    public func events(_ filter: EventFilter = EventFilter()) async throws -> [Event] {
        try await asyncRead { db in try Self.fetchEvents(db, filter) }
    }

    /// `event(_:)` without blocking the caller's thread.
    public func event(_ key: String) async throws -> Event {
        try await asyncRead { db in try Self.fetchEvent(db, key: key) }
    }

    /// `committees()` without blocking the caller's thread.
    public func committees() async throws -> [Committee] {
        try await asyncRead(Self.fetchCommittees)
    }

    /// `addEvent(_:)` without blocking the caller's thread.
    @discardableResult
    public func addEvent(_ event: Event) async throws -> Event {
        let now = clock()
        return try await asyncWrite { db in try Self.insertEvent(db, event, now: now) }
    }

    /// `updateEvent(_:_:)` without blocking the caller's thread.
    @discardableResult
    public func updateEvent(_ key: String, _ change: EventChange) async throws -> (event: Event, notes: [String]) {
        let now = clock()
        return try await asyncWrite { db in try Self.apply(change, to: key, db, now: now) }
    }
}
