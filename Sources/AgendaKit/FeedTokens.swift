import AgendaCore
import AgendaStore
import Crypto
import Foundation

/// Secret links to feeds: `/s/SECRET/…`. A secret is 256 random bits from the system's generator, written as
/// 43 base64url characters; only its SHA-256 hash is stored; a presented secret is hashed and compared with every
/// active token in constant time (no early exit on the first differing byte, no early exit on the first match).
public struct FeedTokens: Sendable {
    public var db: AgendaDatabase

    public init(db: AgendaDatabase) { self.db = db }

    /// A secret link's grant: what it may read.
    public struct Grant: Sendable, Hashable {
        public var tokenID: Int64
        public var audience: Audience
        /// Only this committee's feeds; nil: every feed of the audience.
        public var committee: String?

        public init(tokenID: Int64, audience: Audience, committee: String?) {
            self.tokenID = tokenID; self.audience = audience; self.committee = committee
        }
    }

    /// A new token, with the secret shown once.
    public struct Issued: Sendable {
        public var id: Int64
        public var secret: String
        /// The feed path the link opens first: `all.ics`, or the committee's feed.
        public var feedPath: String
    }

    /// One token as `token list` shows it (never the secret).
    public struct Listed: Sendable {
        public var id: Int64
        public var label: String
        public var audience: Audience
        public var committee: String?
        public var created: Date
        public var revoked: Date?
    }

    /// Creates a token (one transaction) and returns its secret, which is not kept.
    public func add(label: String, audience: Audience, committee: String?) throws -> Issued {
        let secret = Self.newSecret()
        let code = try committee.map { try db.committee($0).code }
        let id = try db.addFeedToken(label: label, audience: audience.rawValue, committee: code,
                                     secretHash: Self.hash(secret))
        return Issued(id: id, secret: secret,
                      feedPath: code.map(FeedCatalogue.committeePath) ?? "all.ics")
    }

    public func list() throws -> [Listed] {
        try db.feedTokens().map {
            Listed(id: $0.id, label: $0.label, audience: Audience(rawValue: $0.audience) ?? .public,
                   committee: $0.committee, created: $0.created, revoked: $0.revoked)
        }
    }

    public func revoke(id: Int64) throws { try db.revokeFeedToken(id: id) }

    /// The active tokens' hashes and grants, for `grant(for:among:)`; read once per change of the database.
    public func active() throws -> [(hash: [UInt8], grant: Grant)] {
        try db.feedTokens().compactMap { t in
            guard t.isActive, let audience = Audience(rawValue: t.audience) else { return nil }
            return (t.secretHash, Grant(tokenID: t.id, audience: audience, committee: t.committee))
        }
    }

    /// The grant of a presented secret, or nil. Every active token is compared, each in constant time.
    public static func grant(for secret: Substring, among tokens: [(hash: [UInt8], grant: Grant)]) -> Grant? {
        guard isWellFormed(secret) else { return nil }
        let presented = hash(String(secret))
        var found: Grant?
        for token in tokens where constantTimeEqual(token.hash, presented) {
            found = token.grant
        }
        return found
    }

    /// 43 characters of the base64url alphabet (256 bits).
    public static func isWellFormed(_ secret: Substring) -> Bool {
        secret.utf8.count == 43 && secret.utf8.allSatisfy { c in
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F
        }
    }

    /// 256 bits from the system's cryptographic generator (getrandom), base64url without padding.
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        for _ in 0..<4 {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256 of the secret's UTF-8 bytes.
    public static func hash(_ secret: String) -> [UInt8] { Array(SHA256.hash(data: Data(secret.utf8))) }

    /// Equal lengths and bytes, in time independent of where they differ.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
