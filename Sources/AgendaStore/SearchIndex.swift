import AgendaCore
import GRDB

/// Maintains the FTS5 `search_index`. Its rowid encodes the entity (id * 4 + kind), so an entry is replaced or
/// removed by rowid, without scanning.
enum SearchIndex {
    enum Entity: Int, Sendable {
        case event = 0, person = 1, organisation = 2

        var name: String {
            switch self {
            case .event: "event"
            case .person: "person"
            case .organisation: "organisation"
            }
        }
    }

    static func rowid(_ entity: Entity, _ id: Int64) -> Int64 { id * 4 + Int64(entity.rawValue) }

    static func put(_ db: Database, _ entity: Entity, id: Int64, text: [String]) throws {
        try remove(db, entity, id: id)
        try db.cachedStatement(sql: "INSERT INTO search_index(rowid, entity, entity_id, folded) VALUES (?, ?, ?, ?)").execute(arguments: [rowid(entity, id), entity.name, id, TextFolding.fold(text.joined(separator: "\n"))])
    }

    static func remove(_ db: Database, _ entity: Entity, id: Int64) throws {
        try db.cachedStatement(sql: "DELETE FROM search_index WHERE rowid = ?").execute(arguments: [rowid(entity, id)])
    }

    /// An FTS5 MATCH expression: every folded word of the query, each as a prefix ("hiep hoi" → "hiep"* "hoi"*).
    static func matchExpression(_ query: String) -> String? {
        let terms = TextFolding.queryTerms(query)
        guard !terms.isEmpty else { return nil }
        return terms.map { "\"\($0)\"*" }.joined(separator: " ")
    }
}
