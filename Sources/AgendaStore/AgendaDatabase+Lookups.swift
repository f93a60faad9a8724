import AgendaCore
import Foundation
import GRDB

/// Name → id lookups used inside transactions; each throws `notFound` naming what was asked for. Names are
/// compared in NFC, the form the store keeps them in.
extension AgendaDatabase {
    /// The committee's code as stored (`acr` → `ACR`).
    static func committeeCode(_ db: Database, code: String) throws -> String {
        if let c = try String.fetchOne(db.cachedStatement(sql: "SELECT code FROM committee WHERE code = ? COLLATE NOCASE"), arguments: [code]) {
            return c
        }
        throw AgendaError.notFound(entity: "committee", key: code)
    }

    static func committeeID(_ db: Database, code: String) throws -> Int64 {
        if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM committee WHERE code = ? COLLATE NOCASE"), arguments: [code]) {
            return id
        }
        throw AgendaError.notFound(entity: "committee", key: code)
    }

    static func stateID(_ db: Database, name: String) throws -> Int64 {
        let name = name.precomposedStringWithCanonicalMapping
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM state WHERE name = ? COLLATE NOCASE OR iso2 = upper(?)",
                                       arguments: [name, name]) {
            return id
        }
        throw AgendaError.notFound(entity: "state", key: name)
    }

    static func organisationID(_ db: Database, name: String) throws -> Int64 {
        if let id = try Self.optionalOrganisationID(db, name: name) { return id }
        throw AgendaError.notFound(entity: "organisation", key: name)
    }

    static func optionalOrganisationID(_ db: Database, name: String) throws -> Int64? {
        let name = name.precomposedStringWithCanonicalMapping
        return try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT id FROM organisation WHERE name = ?1 COLLATE NOCASE
            UNION ALL SELECT id FROM organisation WHERE short_name = ?1 COLLATE NOCASE LIMIT 1
            """), arguments: [name])
    }

    static func personID(_ db: Database, name: String) throws -> Int64 {
        if let id = try Self.optionalPersonID(db, name: name) { return id }
        throw AgendaError.notFound(entity: "person", key: name)
    }

    static func optionalPersonID(_ db: Database, name: String) throws -> Int64? {
        let name = name.precomposedStringWithCanonicalMapping
        if let id = Int64(name), try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM person WHERE id = ?"), arguments: [id]) == true {
            return id
        }
        return try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM person WHERE name = ? COLLATE NOCASE"), arguments: [name])
    }

    /// The event for an id (`42`) or a UID.
    static func eventID(_ db: Database, key: String) throws -> Int64 {
        let id = try Int64(key).flatMap { try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM event WHERE id = ?"), arguments: [$0]) }
            ?? Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM event WHERE uid = ?"), arguments: [key])
        guard let id else { throw AgendaError.notFound(entity: "event", key: key) }
        return id
    }
}
