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
        let name = TextInput.nfc(name)
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM state WHERE name = ? COLLATE NOCASE OR iso2 = upper(?)",
                                       arguments: [name, name]) {
            return id
        }
        throw AgendaError.notFound(entity: "state", key: name)
    }

    static func organisationID(_ db: Database, name: String) throws -> Int64 {
        if let id = try Self.optionalOrganisationID(db, name: name) { return id }
        return try byFoldedName(db, entity: "organisation", name: name, candidates: organisationCandidates)
    }

    static func optionalOrganisationID(_ db: Database, name: String) throws -> Int64? {
        let name = TextInput.nfc(name)
        return try Int64.fetchOne(db.cachedStatement(sql: organisationByNameSQL), arguments: [name])
    }

    /// An organisation by name or short name, and a person by name, without regard to case: answered by the
    /// NOCASE indexes of schema 0012, not by reading the table.
    static let organisationByNameSQL = """
        SELECT id FROM organisation WHERE name = ?1 COLLATE NOCASE
        UNION ALL SELECT id FROM organisation WHERE short_name = ?1 COLLATE NOCASE LIMIT 1
        """
    static let personByNameSQL = "SELECT id FROM person WHERE name = ? COLLATE NOCASE"

    static func personID(_ db: Database, name: String) throws -> Int64 {
        if let id = try Self.optionalPersonID(db, name: name) { return id }
        return try byFoldedName(db, entity: "person", name: name, candidates: personCandidates)
    }

    /// A name typed without its accents, or with other spacing or punctuation ("Duong Hai Hung" for "Dương Hải
    /// Hưng"): the one candidate (`candidates`: SQL of `id, name` rows) whose name folds as search folds it
    /// (`TextFolding`) to the same words. Several such candidates are refused by name; none gives `notFound` with
    /// up to three names holding every typed word as the start of one of theirs ("Prodi" → "Romano Prodi").
    static func byFoldedName(_ db: Database, entity: String, name: String, candidates sql: String) throws -> Int64 {
        let (same, near) = try foldedMatches(db, name: name, candidates: sql)
        if same.count == 1 { return same[0].id }
        if same.count > 1 {
            throw AgendaError.invalid(field: entity, value: name,
                                      expected: "one of " + same.map { "'\($0.name)'" }.joined(separator: ", ") + " (their names differ only in accents or case)")
        }
        throw AgendaError.notFound(entity: entity, key: name, suggestions: Array(near.prefix(3)))
    }

    static func optionalPersonID(_ db: Database, name: String) throws -> Int64? {
        let name = TextInput.nfc(name)
        if let id = Int64(name), try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM person WHERE id = ?"), arguments: [id]) == true {
            return id
        }
        return try Int64.fetchOne(db.cachedStatement(sql: personByNameSQL), arguments: [name])
    }

    /// The candidates (`id, name` rows of `sql`) whose names fold to the same words as `name` (`same`, in id
    /// order), and those holding every word of it as the start of one of theirs (`near`, by name).
    static func foldedMatches(_ db: Database, name: String, candidates sql: String) throws
        -> (same: [(id: Int64, name: String)], near: [String]) {
        func words(_ text: String) -> [Substring] {
            TextFolding.fold(text).split { !$0.isLetter && !$0.isNumber }
        }
        let typed = words(name)
        guard !typed.isEmpty else { return ([], []) }
        var same: [(id: Int64, name: String)] = [], near: [String] = []
        let rows = try Row.fetchCursor(db, sql: sql)
        while let row = try rows.next() {
            let (id, candidate): (Int64, String) = (row["id"], row["name"])
            let theirs = words(candidate)
            if theirs == typed {
                if !same.contains(where: { $0.id == id }) { same.append((id, candidate)) }
            } else if typed.allSatisfy({ w in theirs.contains { $0.hasPrefix(w) } }), !near.contains(candidate) {
                near.append(candidate)
            }
        }
        return (same.sorted { $0.id < $1.id }, near.sorted())
    }

    /// A participant named without its accents: the one person or organisation whose name folds to the same
    /// words (`foldedMatches`); several are refused by name, none gives `notFound` with suggestions from both.
    static func participantByFoldedName(_ db: Database, _ name: String) throws -> (person: Int64?, organisation: Int64?) {
        let people = try foldedMatches(db, name: name, candidates: personCandidates)
        let orgs = try foldedMatches(db, name: name, candidates: organisationCandidates)
        let same = people.same.map { (person: Optional($0.id), organisation: Int64?.none, name: $0.name) }
            + orgs.same.map { (person: Int64?.none, organisation: Optional($0.id), name: $0.name) }
        if same.count == 1 { return (same[0].person, same[0].organisation) }
        if same.count > 1 {
            throw AgendaError.invalid(field: "participant", value: name,
                                      expected: "one of " + same.map { "'\($0.name)'" }.joined(separator: ", ") + " (their names differ only in accents or case)")
        }
        throw AgendaError.notFound(entity: "person or organisation", key: name,
                                   suggestions: Array((people.near + orgs.near).prefix(3)))
    }

    static let personCandidates = "SELECT id, name FROM person"
    static let organisationCandidates =
        "SELECT id, name FROM organisation UNION ALL SELECT id, short_name AS name FROM organisation WHERE short_name IS NOT NULL"

    /// The other people whose names differ from `name` only in accents, case, spacing or punctuation (for a note
    /// when a person is added: the same person twice is easy to type).
    public func peopleNamedAlike(_ name: String) throws -> [String] {
        let name = TextInput.nfc(name)
        return try read { db in try Self.foldedMatches(db, name: name, candidates: Self.personCandidates).same.map(\.name).filter { $0 != name } }
    }

    /// `peopleNamedAlike` for organisations (names and short names).
    public func organisationsNamedAlike(_ name: String) throws -> [String] {
        let name = TextInput.nfc(name)
        return try read { db in
            Array(Set(try Self.foldedMatches(db, name: name, candidates: Self.organisationCandidates).same.map(\.name).filter { $0 != name })).sorted()
        }
    }

    /// The event for an id (`42`) or a UID.
    static func eventID(_ db: Database, key: String) throws -> Int64 {
        let id = try Int64(key).flatMap { try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM event WHERE id = ?"), arguments: [$0]) }
            ?? storedEventID(db, uid: key)
        guard let id else { throw AgendaError.notFound(entity: "event", key: key) }
        return id
    }
}
