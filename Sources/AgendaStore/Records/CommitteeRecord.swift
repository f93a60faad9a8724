import GRDB

/// A row of `committee` (the rotation revision columns are maintained by the schema's triggers).
struct CommitteeRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "committee"
    var id: Int64?
    var code: String
    var name: String
    var parentID: Int64?
    var seatCity: String?
    var timeZone: String
    var notes: String?
    /// Raised by the schema's triggers on every change a projection depends on; written as 0 by an insert.
    var rotationRevision: Int = 0
    var rotationModifiedAt: Int = 0

    enum CodingKeys: String, CodingKey {
        case id, code, name, notes
        case parentID = "parent_id", seatCity = "seat_city", timeZone = "time_zone"
        case rotationRevision = "rotation_revision", rotationModifiedAt = "rotation_modified_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id), code = Column(CodingKeys.code), name = Column(CodingKeys.name)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `membership`: a state's membership of a committee.
struct MembershipRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "membership"
    var id: Int64?
    var committeeID: Int64
    var stateID: Int64
    var embassyID: Int64?
    var startDate: String?
    var endDate: String?
    var recordedName: String?

    enum CodingKeys: String, CodingKey {
        case id
        case committeeID = "committee_id", stateID = "state_id", embassyID = "embassy_id"
        case startDate = "start_date", endDate = "end_date", recordedName = "recorded_name"
    }

    enum Columns {
        static let committeeID = Column(CodingKeys.committeeID), stateID = Column(CodingKeys.stateID)
        static let endDate = Column(CodingKeys.endDate)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `chair_term`: a recorded chairmanship term.
struct ChairTermRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "chair_term"
    var id: Int64?
    var committeeID: Int64
    var membershipID: Int64
    var startDate: String
    var endDate: String
    var handoverDate: String?
    var source: String?
    var uid: String
    var sequence: Int
    var createdAt: Int
    var modifiedAt: Int

    enum CodingKeys: String, CodingKey {
        case id, source, uid, sequence
        case committeeID = "committee_id", membershipID = "membership_id", startDate = "start_date"
        case endDate = "end_date", handoverDate = "handover_date", createdAt = "created_at", modifiedAt = "modified_at"
    }

    enum Columns {
        static let committeeID = Column(CodingKeys.committeeID), startDate = Column(CodingKeys.startDate)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
