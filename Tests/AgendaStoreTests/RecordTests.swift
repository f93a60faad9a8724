import AgendaCore
import Foundation
import GRDB
import Testing
@testable import AgendaStore

@Suite("Record types match their tables")
struct RecordTests {
    @Test("Every stored row decodes into its record type, and the records name every column of their tables")
    func recordsMatchTables() throws {
        let db = try seededDatabase()
        _ = try db.addFeedToken(label: "Outlook, Rome office", audience: "internal", committee: "ACR",
                                secretHash: [UInt8](repeating: 7, count: 32))
        try db.writer.read { conn in
            func check<R: FetchableRecord & TableRecord & EncodableRecord>(_ type: R.Type, _ sample: (Database) throws -> R?) throws {
                let columns = Set(try conn.columns(in: R.databaseTableName).map(\.name))
                let record = try #require(try sample(conn), "a row of \(R.databaseTableName)")
                let encoded = Set(try record.databaseDictionary.keys)
                #expect(encoded == columns, "\(R.databaseTableName): \(encoded.symmetricDifference(columns))")
            }
            try check(StateRecord.self) { try StateRecord.fetchOne($0) }
            try check(PersonRecord.self) { try PersonRecord.fetchOne($0) }
            try check(PositionRecord.self) { try PositionRecord.fetchOne($0) }
            try check(OrganisationRecord.self) { try OrganisationRecord.fetchOne($0) }
            try check(OrganisationRelationRecord.self) { try OrganisationRelationRecord.fetchOne($0) }
            try check(CommitteeRecord.self) { try CommitteeRecord.fetchOne($0) }
            try check(MembershipRecord.self) { try MembershipRecord.fetchOne($0) }
            try check(ChairTermRecord.self) { try ChairTermRecord.fetchOne($0) }
            try check(RotationPolicyRecord.self) { try RotationPolicyRecord.fetchOne($0) }
            try check(EventRecord.self) { try EventRecord.fetchOne($0) }
            try check(EventParticipantRecord.self) { try EventParticipantRecord.fetchOne($0) }
            try check(FeedTokenRecord.self) { try FeedTokenRecord.fetchOne($0) }
        }
    }
}
