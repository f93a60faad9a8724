import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestScratch

/// A running `agenda serve` (the real binary) while `agenda` commands write to the same file.
final class RunningServer: @unchecked Sendable {
    let process = Process()
    let port: Int
    private let output = Pipe()

    init(db: String, env: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: agendaBinary)
        process.arguments = ["serve", "--db", db, "--port", "0"]
        var environment = ["PATH": "/usr/bin:/bin", "HOME": scratchDirectory.path, "TMPDIR": scratchDirectory.path, "NO_COLOR": "1",
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

/// Sends raw bytes to 127.0.0.1:port and returns the status line of the answer ("" when the connection closed).
func rawHTTP(_ port: Int, _ request: [UInt8]) -> String {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return "no socket" }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { return "no connection" }
    var timeout = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    var buffer = [UInt8](repeating: 0, count: 256)
    let n = recv(fd, &buffer, buffer.count, 0)
    guard n > 0 else { return "" }
    return String(decoding: buffer[..<n], as: UTF8.self).components(separatedBy: "\r\n").first ?? ""
}

@Suite("agenda serve against hostile requests", .serialized)
struct HostileHTTPTests {
    @Test("Over-long headers, thousands of headers, unknown methods, garbage and huge paths get 4xx; the server goes on")
    func hostile() throws {
        let db = try demoDB()
        let server = try RunningServer(db: db)
        let cases: [(String, [UInt8])] = [
            ("a 200 KB header", Array("GET / HTTP/1.1\r\nHost: x\r\nX-Big: ".utf8) + [UInt8](repeating: 0x61, count: 200_000) + Array("\r\n\r\n".utf8)),
            ("5,000 headers", Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8) + (0..<5000).flatMap { Array("X-H\($0): v\r\n".utf8) } + Array("\r\n".utf8)),
            ("an unknown method", Array("BREW / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)),
            ("a 100 KB path", Array("GET /".utf8) + [UInt8](repeating: 0x61, count: 100_000) + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8)),
            ("garbage", Array("garbage\r\n\r\n".utf8)),
            ("a NUL in the path", Array("GET /feeds/all.ics%00 HTTP/1.1\r\nHost: x\r\n\r\n".utf8)),
            ("a traversal", Array("GET /feeds/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n".utf8)),
        ]
        for (name, request) in cases {
            let status = rawHTTP(server.port, request)
            #expect(status.hasPrefix("HTTP/1.1 4"), "\(name): \(status)")
        }
        #expect(rawHTTP(server.port, Array("GET /feeds/all.ics HTTP/1.1\r\nHost: x\r\n\r\n".utf8)) == "HTTP/1.1 200 OK")
        // A second server on the same port: one line naming the address, exit 64.
        let taken = try agenda(["serve", "--db", db, "--port", String(server.port)])
        #expect(taken.status == 64)
        #expect(taken.stderr == "agenda: invalid address '127.0.0.1:\(server.port)': expected an address and port this machine can listen on (Address already in use)\n")
        #expect(server.stop() == 0)
    }
}
