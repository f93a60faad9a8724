import Foundation
import GRDB

/// A row of `feed_token`: a secret link's hash, audience and scope.
struct FeedTokenRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "feed_token"
    var id: Int64?
    var label: String
    var audience: String
    var committeeID: Int64?
    var secretHash: Data
    var createdAt: Int
    var revokedAt: Int?

    enum CodingKeys: String, CodingKey {
        case id, label, audience
        case committeeID = "committee_id", secretHash = "secret_hash", createdAt = "created_at", revokedAt = "revoked_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id), revokedAt = Column(CodingKeys.revokedAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
