import GRDB

/// A row of `rotation_policy`.
struct RotationPolicyRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "rotation_policy"
    var id: Int64?
    var committeeID: Int64
    var effectiveFrom: String
    var termMonths: Int
    var orderKind: String
    var anchorStateID: Int64
    var anchorDate: String
    var source: String?

    enum CodingKeys: String, CodingKey {
        case id, source
        case committeeID = "committee_id", effectiveFrom = "effective_from", termMonths = "term_months"
        case orderKind = "order_kind", anchorStateID = "anchor_state_id", anchorDate = "anchor_date"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `rotation_order`: one place in an explicit rotation order.
struct RotationOrderRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "rotation_order"
    var policyID: Int64
    var position: Int
    var stateID: Int64

    enum CodingKeys: String, CodingKey {
        case position
        case policyID = "policy_id", stateID = "state_id"
    }
}

/// A row of `rotation_exception`: a skip, shift, swap or designation.
struct RotationExceptionRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "rotation_exception"
    var id: Int64?
    var committeeID: Int64
    var kind: String
    var stateID: Int64
    var otherStateID: Int64?
    var date: String
    var source: String?

    enum CodingKeys: String, CodingKey {
        case id, kind, date, source
        case committeeID = "committee_id", stateID = "state_id", otherStateID = "other_state_id"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
