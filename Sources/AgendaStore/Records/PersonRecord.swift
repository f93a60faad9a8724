import GRDB

/// A row of `person`.
struct PersonRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "person"
    var id: Int64?
    var name: String
    var honorific: String?
    var notes: String?

    enum Columns {
        static let id = Column(CodingKeys.id), name = Column(CodingKeys.name)
        static let honorific = Column(CodingKeys.honorific), notes = Column(CodingKeys.notes)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `position`: a title a person holds at an organisation.
struct PositionRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "position"
    var id: Int64?
    var personID: Int64
    var title: String
    var organisationID: Int64?
    var startDate: String?
    var endDate: String?
    var isFormer: Bool

    enum CodingKeys: String, CodingKey {
        case id, title
        case personID = "person_id", organisationID = "organisation_id", startDate = "start_date"
        case endDate = "end_date", isFormer = "is_former"
    }

    enum Columns {
        static let personID = Column(CodingKeys.personID), title = Column(CodingKeys.title)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
