import GRDB

/// A row of `event_participant`.
struct EventParticipantRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "event_participant"
    var id: Int64?
    var eventID: Int64
    var personID: Int64?
    var organisationID: Int64?
    var role: String?
    var titleAtEvent: String?
    var ordinal: Int

    enum CodingKeys: String, CodingKey {
        case id, role, ordinal
        case eventID = "event_id", personID = "person_id", organisationID = "organisation_id"
        case titleAtEvent = "title_at_event"
    }

    enum Columns { static let eventID = Column(CodingKeys.eventID) }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `event_topic`.
struct EventTopicRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "event_topic"
    var eventID: Int64
    var ordinal: Int
    var topic: String

    enum CodingKeys: String, CodingKey {
        case ordinal, topic
        case eventID = "event_id"
    }

    enum Columns { static let eventID = Column(CodingKeys.eventID) }
}
