import AgendaCore
import AgendaKit
@testable import AgendaServer
import AgendaStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import TestScratch

/// The demo agenda in a file, with a confidential event, a private one and one whose title tries to open a tag,
/// read by a site (a read-only pool, as `agenda serve` opens it) while `writer` writes like the CLI.
struct Fixture {
    static let now = Date(timeIntervalSince1970: 1_676_894_400) // 2023-02-20T12:00:00Z
    static let confidentialTitle = "CONFIDENTIAL-Ω strategy briefing"
    static let privateTitle = "PRIVATE-Ж dinner"
    static let hostileTitle = "<script>alert('x')</script> & \"quotes\" Đối thoại"

    let path: String
    let writer: AgendaDatabase
    let site: AgendaSite
    let logs: LogCapture
    var confidentialID: Int64
    var privateID: Int64
    var hostileID: Int64

    init() throws {
        path = scratchDirectory.appendingPathComponent("serve-\(UUID().uuidString).sqlite").path
        let writer = try AgendaDatabase.open(path: path, access: .write, clock: { Fixture.now })
        self.writer = writer
        _ = try writer.load(try Scenario.decode(AgendaDatabase.embeddedSeed("acr-2023.json")!))
        func add(_ title: String, _ c: Classification, day: String) throws -> Int64 {
            try writer.addEvent(Event(uid: "\(UUID().uuidString)@test", kind: .meeting, title: title,
                                      schedule: try Schedule(.allDay(first: LocalDate(iso: day)!, last: LocalDate(iso: day)!), timeZone: "Europe/Rome"),
                                      status: .confirmed, classification: c, committee: "ACR", location: "Rome")).id!
        }
        confidentialID = try add(Self.confidentialTitle, .confidential, day: "2023-02-22")
        privateID = try add(Self.privateTitle, .private, day: "2023-02-23")
        hostileID = try add(Self.hostileTitle, .public, day: "2023-02-24")
        let reader = try AgendaDatabase.openShared(path: path, clock: { Fixture.now })
        let capture = LogCapture()
        logs = capture
        var logger = Logger(label: "agenda.serve.test") { _ in capture }
        logger.logLevel = .info
        site = AgendaSite(db: reader, options: ServeOptions(host: "127.0.0.1", port: 0, zone: TimeZone(identifier: "Europe/Rome")!,
                                                            now: { Fixture.now }),
                          logger: logger)
    }

    /// Runs `body` against the site through Hummingbird's router test framework.
    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = AgendaServer.application(site: site, options: site.options)
        try await app.test(.router, body)
    }
}

extension TestClientProtocol {
    func get(_ uri: String, _ headers: HTTPFields = [:], method: HTTPRequest.Method = .get) async throws -> TestResponse {
        try await execute(uri: uri, method: method, headers: headers)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

/// Every log line, for "no secret in any log line".
final class LogCapture: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var _lines: [String] = []
    var lines: [String] { lock.withLock { _lines } }
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let meta = (event.metadata ?? [:]).merging(metadata) { a, _ in a }
        lock.withLock { _lines.append("\(event.level) \(event.message) \(meta)") }
    }
}
