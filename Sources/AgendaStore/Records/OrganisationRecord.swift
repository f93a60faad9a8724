import GRDB

/// A row of `organisation`.
struct OrganisationRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "organisation"
    var id: Int64?
    var name: String
    var shortName: String?
    var localName: String?
    var kind: String
    var stateID: Int64?
    var city: String?
    var founded: String?
    var notes: String?

    enum CodingKeys: String, CodingKey {
        case id, name, kind, city, founded, notes
        case shortName = "short_name", localName = "local_name", stateID = "state_id"
    }

    enum Columns {
        static let name = Column(CodingKeys.name), shortName = Column(CodingKeys.shortName)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `organisation_relation`: "Italy is an ASEAN Development Partner since 2020-09".
struct OrganisationRelationRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "organisation_relation"
    var id: Int64?
    var subjectID: Int64
    var kind: String
    var objectID: Int64
    var since: String?
    var source: String?

    enum CodingKeys: String, CodingKey {
        case id, kind, since, source
        case subjectID = "subject_id", objectID = "object_id"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
