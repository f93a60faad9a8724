import AgendaCore
import Foundation
import GRDB

/// A secret link as stored: never the secret, only its SHA-256 hash.
public struct StoredFeedToken: Sendable, Hashable {
    public var id: Int64
    public var label: String
    /// `public` or `internal`.
    public var audience: String
    /// The committee whose feeds the token opens; nil: all feeds of its audience.
    public var committee: String?
    public var secretHash: [UInt8]
    public var created: Date
    public var revoked: Date?
    public var isActive: Bool { revoked == nil }
}

extension AgendaDatabase {
    /// Records a secret link (one transaction); returns its id. The label is cleaned like any text field; the
    /// committee, when given, must exist.
    public func addFeedToken(label: String, audience: String, committee: String?, secretHash: [UInt8]) throws -> Int64 {
        let label = try TextInput.clean(label, field: "label", required: true)
        guard label.count <= 200 else {
            throw AgendaError.invalid(field: "label", value: String(label.prefix(40)) + "…", expected: "at most 200 characters")
        }
        guard secretHash.count == 32 else {
            throw AgendaError.invalid(field: "secret hash", value: "\(secretHash.count) bytes", expected: "32 bytes (SHA-256)")
        }
        let now = Int(clock().timeIntervalSince1970)
        return try write { db in
            var record = FeedTokenRecord(
                id: nil, label: label, audience: audience,
                committeeID: try committee.map { try Self.committeeID(db, code: $0) },
                secretHash: Data(secretHash), createdAt: now, revokedAt: nil)
            try record.insert(db)
            return record.id!
        }
    }

    /// Every secret link, revoked ones included, oldest first.
    public func feedTokens() throws -> [StoredFeedToken] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT t.id, t.label, t.audience, c.code AS committee, t.secret_hash, t.created_at, t.revoked_at
                FROM feed_token t LEFT JOIN committee c ON c.id = t.committee_id ORDER BY t.id
                """).map { row in
                StoredFeedToken(
                    id: row["id"], label: row["label"], audience: row["audience"], committee: row["committee"],
                    secretHash: [UInt8](row["secret_hash"] as Data), created: Date(timeIntervalSince1970: Double(row["created_at"] as Int)),
                    revoked: (row["revoked_at"] as Int?).map { Date(timeIntervalSince1970: Double($0)) })
            }
        }
    }

    /// Revokes a secret link (one transaction). An unknown id is `notFound`; revoking twice is refused, naming when.
    public func revokeFeedToken(id: Int64) throws {
        let now = Int(clock().timeIntervalSince1970)
        try write { db in
            guard var record = try FeedTokenRecord.fetchOne(db, key: id) else {
                throw AgendaError.notFound(entity: "token", key: String(id))
            }
            if let revoked = record.revokedAt {
                throw AgendaError.conflict("token \(id) was already revoked at \(Date(timeIntervalSince1970: Double(revoked)).formatted(.iso8601))")
            }
            record.revokedAt = max(now, record.createdAt)
            try record.update(db)
        }
    }
}
