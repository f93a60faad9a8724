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

/// A row of `event`. Inserts and updates of events go through cached statements built from the same columns
/// (`eventColumns`): they are the hot path of loads and imports, where Codable encoding cost 16 % of the time.
struct EventRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "event"
    var id: Int64?
    var uid: String
    var kind: String
    var title: String
    var altTitle: String?
    var status: String
    var classification: String
    var precision: String
    var localStart: String
    var localEnd: String?
    var timeZone: String
    var spanStart: Int
    var spanEnd: Int
    var committeeID: Int64?
    var chairID: Int64?
    var location: String?
    var notes: String?
    var source: String?
    var sequence: Int
    var createdAt: Int
    var modifiedAt: Int
    var wallFold: Int
    var spanClass: Int

    enum CodingKeys: String, CodingKey {
        case id, uid, kind, title, status, classification, precision, location, notes, source, sequence
        case altTitle = "alt_title", localStart = "local_start", localEnd = "local_end", timeZone = "time_zone"
        case spanStart = "span_start", spanEnd = "span_end", committeeID = "committee_id", chairID = "chair_id"
        case createdAt = "created_at", modifiedAt = "modified_at", wallFold = "wall_fold", spanClass = "span_class"
    }

    enum Columns {
        static let id = Column(CodingKeys.id), uid = Column(CodingKeys.uid)
        static let sequence = Column(CodingKeys.sequence), modifiedAt = Column(CodingKeys.modifiedAt)
        static let spanClass = Column(CodingKeys.spanClass), spanStart = Column(CodingKeys.spanStart)
        static let spanEnd = Column(CodingKeys.spanEnd)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
