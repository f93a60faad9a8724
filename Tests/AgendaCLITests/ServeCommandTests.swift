import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// A running `agenda serve` (the real binary) while `agenda` commands write to the same file.
final class RunningServer: @unchecked Sendable {
    let process = Process()
    let port: Int
    private let output = Pipe()

    init(db: String, env: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: agendaBinary)
        process.arguments = ["serve", "--db", db, "--port", "0"]
        var environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1",
                           "AGENDA_NOW": "2023-03-01T08:00:00Z", "TZ": "Europe/Rome"]
        for (k, v) in env { environment[k] = v }
        process.environment = environment
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line names the port: "Serving PATH at http://127.0.0.1:PORT/ (Ctrl-C stops)".
        var line = Data()
        let handle = output.fileHandleForReading
        while !line.contains(0x0A) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let r = text.range(of: #"127\.0\.0\.1:(\d+)/"#, options: .regularExpression) else {
            process.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "no port in: \(text)"])
        }
        port = Int(text[r].dropFirst("127.0.0.1:".count).dropLast())!
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> (status: Int, body: String, headers: [AnyHashable: Any]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.cachePolicy = .reloadIgnoringLocalAndRemoteCacheData
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return (http.statusCode, String(decoding: data, as: UTF8.self), http.allHeaderFields)
    }

    /// SIGTERM, then the exit status.
    func stop() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

@Suite("agenda serve end to end", .serialized)
struct ServeCommandTests {
    @Test("While the CLI writes, every change is served on the next request, with 0 errors; SIGTERM stops it cleanly")
    func servesWhileTheCLIWrites() async throws {
        let db = try demoDB()
        let server = try RunningServer(db: db)
        var errors = 0
        var etag = ""
        for i in 0..<15 {
            let title = "Consultation \(i) Đối thoại"
            let add = try agenda(["event", "add", "--db", db, "--title", title, "--start", "2023-03-\(10 + i)T10:00",
                                  "--end", "+1h", "--committee", "ACR"])
            if add.status != 0 { errors += 1; continue }
            let r = try await server.get("/feeds/all.ics")
            if r.status != 200 || !r.body.contains("SUMMARY:Consultation \(i) Đối thoại") { errors += 1 }
            let newTag = r.headers["Etag"] as? String ?? r.headers["ETag"] as? String ?? ""
            if newTag.isEmpty || newTag == etag { errors += 1 }
            etag = newTag
            let page = try await server.get("/?from=2023-03-01&days=31")
            if page.status != 200 || !page.body.contains("Consultation \(i) Đối thoại") { errors += 1 }
        }
        #expect(errors == 0)
        let unchanged = try await server.get("/feeds/all.ics", headers: ["If-None-Match": etag])
        #expect(unchanged.status == 304)
        #expect(server.stop() == 0, "SIGTERM ends the server with status 0")
    }

    @Test("token add prints a link once; it serves internal feeds until token revoke, then 404; token list never shows it")
    func tokenLifecycle() async throws {
        let db = try demoDB()
        let secretEvent = try agenda(["event", "add", "--db", db, "--title", "Closed-door consultation", "--start", "2023-03-20",
                                      "--committee", "ACR", "--class", "confidential"])
        #expect(secretEvent.status == 0, "\(secretEvent.stderr)")
        let add = try agenda(["token", "add", "--db", db, "--audience", "internal", "--label", "Outlook, Rome office"])
        #expect(add.status == 0)
        let link = try #require(add.stdout.split(separator: " ").last.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) })
        let path = try #require(URL(string: link)?.path)
        #expect(path.hasPrefix("/s/") && path.hasSuffix("/all.ics"))
        let secret = String(path.dropFirst(3).prefix(43))
        let list = try agenda(["token", "list", "--db", db])
        #expect(list.stdout.contains("Outlook, Rome office") && list.stdout.contains("active") && !list.stdout.contains(secret))
        let server = try RunningServer(db: db)
        let internalFeed = try await server.get(path)
        #expect(internalFeed.status == 200 && internalFeed.body.contains("Closed-door consultation"))
        let publicFeed = try await server.get("/feeds/all.ics")
        #expect(publicFeed.status == 200 && !publicFeed.body.contains("Closed-door consultation"))
        #expect(try agenda(["token", "revoke", "--db", db, "1"]).status == 0)
        #expect(try await server.get(path).status == 404)
        let again = try agenda(["token", "revoke", "--db", db, "1"])
        #expect(again.status == 65 && again.stderr.contains("already revoked"))
        #expect(try agenda(["token", "list", "--db", db]).stdout.contains("revoked"))
        #expect(server.stop() == 0)
    }
}
