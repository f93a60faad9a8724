import GRDB

/// A row of `state`.
struct StateRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "state"
    var id: Int64?
    var name: String
    var iso2: String?

    enum Columns {
        static let id = Column(CodingKeys.id), name = Column(CodingKeys.name), iso2 = Column(CodingKeys.iso2)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
