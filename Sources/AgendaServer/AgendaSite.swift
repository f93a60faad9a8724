import AgendaCore
import AgendaKit
import AgendaStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// How `agenda serve` runs.
public struct ServeOptions: Sendable {
    public var host: String
    public var port: Int
    /// The public address of the site (https://calendar.example.org), for subscribe links; nil: http://HOST:PORT.
    public var baseURL: String?
    /// The zone pages show times in when the request does not say (`?tz=`).
    public var zone: TimeZone
    /// "Now".
    public var now: @Sendable () -> Date
    /// When the data last changed (the database files' modification time), for Last-Modified.
    public var lastWrite: @Sendable () -> Date

    public init(host: String = "127.0.0.1", port: Int = 8080, baseURL: String? = nil, zone: TimeZone = .current,
                now: @escaping @Sendable () -> Date = { Date() },
                lastWrite: @escaping @Sendable () -> Date = { Date() }) {
        self.host = host; self.port = port; self.baseURL = baseURL; self.zone = zone; self.now = now
        self.lastWrite = lastWrite
    }
}

/// The site: routes, renders through the application layer (feeds as `publish` writes them, pages from
/// `AgendaListing` and `CommitteeOverview`), caches by the database's change token, answers conditional requests,
/// logs one line per request without secrets.
public final class AgendaSite: Sendable {
    let db: AgendaDatabase
    let options: ServeOptions
    let cache = ResponseCache()
    let logger: Logger
    private let tokens = TokenCache()

    public init(db: AgendaDatabase, options: ServeOptions, logger: Logger = Logger(label: "agenda.serve")) {
        self.db = db; self.options = options; self.logger = logger
    }

    /// The Hummingbird responder.
    public var responder: some HTTPResponder<BasicRequestContext> {
        CallbackResponder { request, _ in await self.respond(request) }
    }

    static let securityHeaders: [(HTTPField.Name, String)] = [
        (.contentSecurityPolicy, "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
        (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
    ]

    /// Answers one request; never throws (every failure is a status).
    func respond(_ request: Request) async -> Response {
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await route(request)
        } catch let refusal as Route.Refusal {
            switch refusal {
            case .badRequest: response = Self.status(.badRequest)
            case .invalidParameter: response = Self.status(.badRequest, detail: refusal.message)
            case .uriTooLong: response = Self.status(.uriTooLong)
            case .notFound: response = Self.status(.notFound)
            }
        } catch let AgendaError.invalid(field, value, expected) {
            // Input the request carried that a rule refuses (`from`, …): the client's mistake, said in the one line a
            // refused parameter gets.
            let refusal = Route.Refusal.invalidParameter(name: field, value: value, expected: expected)
            response = Self.status(.badRequest, detail: refusal.message)
        } catch let AgendaError.conflict(message) {
            // The one conflict a read meets: a window holding more occurrences of a series than a listing shows
            // (a rule that repeats every second); the client can ask for a shorter window.
            response = Self.status(.badRequest, detail: message)
        } catch {
            logger.error("internal error", metadata: ["path": .string(Route.redacted(request.uri.path)), "error": .string("\(error)")])
            response = Self.status(.internalServerError)
        }
        for (name, value) in Self.securityHeaders where response.headers[name] == nil { response.headers[name] = value }
        if request.method == .head { response = response.createHeadResponse() }
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        // One access line per request; the path with any secret replaced (`/s/…/all.ics`).
        logger.info("\(request.method.rawValue) \(Route.redacted(request.uri.path))", metadata: [
            "status": "\(response.status.code)", "bytes": "\(response.headers[.contentLength] ?? "-")",
            "ms": "\(String(format: "%.2f", ms))",
        ])
        return response
    }

    /// A plain-text answer: the status line, and `detail` (what was wrong) after it when given.
    static func status(_ status: HTTPResponse.Status, allow: String? = nil, detail: String? = nil) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        if let allow { headers[.allow] = allow }
        let text = "\(status.code) \(status.reasonPhrase)" + (detail.map { ": \($0)" } ?? "") + "\n"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    func route(_ request: Request) async throws -> Response {
        guard request.method == .get || request.method == .head else { return Self.status(.methodNotAllowed, allow: "GET, HEAD") }
        guard (request.uri.query?.utf8.count ?? 0) <= 2048 else { throw Route.Refusal.uriTooLong }
        let route = try Route.parse(request.uri.path)
        let query = Route.query(request.uri.query)
        let now = options.now()
        let token = try db.changeToken()
        switch route {
        case .stylesheet:
            return try await cached(request, key: "style.css", token: token, epoch: 0, type: "text/css; charset=utf-8",
                                    cacheControl: "public, max-age=3600") { Array(Layout.stylesheet.utf8) }
        case let .feed(path):
            return try await feed(request, path: path, audience: .public, token: token, now: now, secret: false)
        case let .eventFeed(id):
            return try await eventFeed(request, id: id, audience: .public, committee: nil, token: token, now: now, secret: false)
        case let .secret(secret, path):
            let active = try tokens.active(db: db, token: token)
            guard let grant = FeedTokens.grant(for: secret[...], among: active) else { throw Route.Refusal.notFound }
            if path.hasPrefix("events/"), path.hasSuffix(".ics"), let id = Int64(path.dropFirst(7).dropLast(4)) {
                return try await eventFeed(request, id: id, audience: grant.audience, committee: grant.committee, token: token,
                                           now: now, secret: true)
            }
            // Its committee's two feeds, the code in any case, as the catalogue finds them (`FeedCatalogue.entry`).
            if let c = grant.committee,
               ![FeedCatalogue.committeePath(c), FeedCatalogue.termsPath(c)].contains(FeedCatalogue.canonicalPath(path)) {
                throw Route.Refusal.notFound
            }
            return try await feed(request, path: path, audience: grant.audience, token: token, now: now, secret: true)
        default:
            return try await page(request, route: route, query: query, token: token, now: now)
        }
    }

    // MARK: Feeds

    func feed(_ request: Request, path: String, audience: Audience, token: ChangeToken, now: Date,
              secret: Bool) async throws -> Response {
        let catalogue = FeedCatalogue(db: db, now: now)
        // Which paths exist depends on the data: the entry is looked up when rendering, and a path that names no
        // feed is a 404 (and is not cached).
        return try await cached(request, key: "feed:\(audience.rawValue):\(path)", token: token, epoch: Self.day(now),
                                type: "text/calendar; charset=utf-8",
                                cacheControl: secret ? "private, max-age=300" : "public, max-age=300") { [db] in
            guard let entry = try catalogue.entry(at: path, for: audience) else { throw Route.Refusal.notFound }
            return try Self.export(FeedExporter(db: db, now: now), entry.spec)
        }
    }

    func eventFeed(_ request: Request, id: Int64, audience: Audience, committee: String?, token: ChangeToken, now: Date,
                   secret: Bool) async throws -> Response {
        guard let e = SiteData.event(db, id), audience.allows(e.classification),
              committee == nil || e.committee?.caseInsensitiveCompare(committee!) == .orderedSame else {
            throw Route.Refusal.notFound
        }
        let spec = try FeedCatalogue.eventSpec(e, audience: audience)
        var response = try await cached(request, key: "event:\(audience.rawValue):\(id)", token: token, epoch: Self.day(now),
                                        type: "text/calendar; charset=utf-8",
                                        cacheControl: secret ? "private, max-age=300" : "public, max-age=300") { [db] in
            try Self.export(FeedExporter(db: db, now: now), spec)
        }
        response.headers[.contentDisposition] = "attachment; filename=\"event-\(id).ics\""
        return response
    }

    static func export(_ exporter: FeedExporter, _ spec: FeedSpec) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        try exporter.export(spec) { out += $0 }
        return out
    }

    /// The zone a `tz` parameter names (nil when there is none); one that names no zone is refused.
    static func zone(_ name: String?) throws -> TimeZone? {
        guard let name else { return nil }
        guard let zone = TimeZone(identifier: name) else {
            throw Route.Refusal.invalidParameter(name: "tz", value: name, expected: AgendaError.unknownZoneExpectation(name))
        }
        return zone
    }

    static func day(_ now: Date) -> Int { Int((now.timeIntervalSince1970 / 86400).rounded(.down)) }

    // MARK: Pages

    func page(_ request: Request, route: Route, query: [String: String], token: ChangeToken, now: Date) async throws -> Response {
        let zone = try Self.zone(query["tz"]) ?? options.zone
        let site = SiteData(db: db, now: now)
        let base = baseURL(request)
        // Pages depend on the minute (what is "upcoming"), the data and the request's query.
        let key = "page:\(request.uri.path)?\(request.uri.query ?? "")"
        let epoch = Int(now.timeIntervalSince1970 / 60)
        let html = "text/html; charset=utf-8", control = "no-cache"
        switch route {
        case .home:
            let days = try query["days"].map { text in
                guard let n = Int(text), (1...366).contains(n) else {
                    throw Route.Refusal.invalidParameter(name: "days", value: text, expected: "a number of days from 1 to 366")
                }
                return n
            } ?? 14
            let from = try query["from"].map { try DateInput.parse($0, field: "from", now: now, zone: zone).startInstant(in: zone) } ?? now
            return try await cached(request, key: key, token: token, epoch: epoch, type: html, cacheControl: control) {
                Array(try AgendaPage.render(site, from: from, days: days, zone: zone).utf8)
            }
        case .committees:
            return try await cached(request, key: key, token: token, epoch: epoch, type: html, cacheControl: control) { [db] in
                let list = try db.committees().map { try CommitteeOverview(db: db, code: $0.code, now: now) }
                return Array(CommitteePage.index(list, zone: zone).utf8)
            }
        case let .committee(code):
            guard let c = try? db.committee(code) else { throw Route.Refusal.notFound }
            return try await cached(request, key: key, token: token, epoch: epoch, type: html, cacheControl: control) { [db] in
                let overview = try CommitteeOverview(db: db, code: c.code, now: now)
                let listing = try site.listing(from: now, days: 31, zone: zone, committee: c.code)
                let feeds = try self.feedLinks(base: base, now: now).filter {
                    $0.path == FeedCatalogue.committeePath(c.code) || $0.path == FeedCatalogue.termsPath(c.code)
                }.map(\.link)
                return Array(CommitteePage.render(overview, listing: listing, feeds: feeds, zone: zone).utf8)
            }
        case let .event(id):
            guard let e = try site.publicEvent(id) else { throw Route.Refusal.notFound }
            return try await cached(request, key: key, token: token, epoch: epoch, type: html, cacheControl: control) {
                Array(EventPage.render(e, zone: zone, base: base, now: now).utf8)
            }
        case .search:
            let q = String((query["q"] ?? "").prefix(200))
            return try await cached(request, key: key, token: token, epoch: epoch, type: html, cacheControl: control) {
                Array(try SearchPage.render(site, query: q, zone: zone).utf8)
            }
        case .feedsPage:
            return try await cached(request, key: key, token: token, epoch: Self.day(now), type: html, cacheControl: control) {
                Array(FeedsPage.render(try self.feedLinks(base: base, now: now).map(\.link), zone: zone).utf8)
            }
        default:
            throw Route.Refusal.notFound
        }
    }

    /// The site's public address: `--base-url`, else the request's Host when it is a plain host[:port], else
    /// http://HOST:PORT of the listener.
    func baseURL(_ request: Request) -> String {
        if let b = options.baseURL { return b }
        if let host = request.head.authority, !host.isEmpty, host.utf8.count < 256,
           host.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || ".-:[]".unicodeScalars.contains($0) }) {
            return "http://\(host)"
        }
        return "http://\(options.host):\(options.port)"
    }

    /// The public feeds with their addresses.
    func feedLinks(base: String, now: Date) throws -> [(path: String, link: FeedLink)] {
        let hostPart = base.split(separator: "://", maxSplits: 1).last.map(String.init) ?? base
        return try FeedCatalogue(db: db, now: now).entries(for: .public).map { entry in
            (entry.path, FeedLink(title: entry.spec.feed.name ?? entry.path, https: "\(base)/feeds/\(entry.path)",
                                  webcal: "webcal://\(hostPart)/feeds/\(entry.path)"))
        }
    }

    // MARK: Conditional responses

    /// The cached body for `key`, answered as 200, or 304 when the request's validators match.
    func cached(_ request: Request, key: String, token: ChangeToken, epoch: Int, type: String, cacheControl: String,
                render: @escaping @Sendable () throws -> [UInt8]) async throws -> Response {
        let rendered = try await cache.body(key, validity: .init(token: token, epoch: epoch), lastModified: options.lastWrite,
                                            render: render)
        var headers = HTTPFields()
        headers[.eTag] = rendered.etag
        headers[.lastModified] = HTTPDate.string(rendered.lastModified)
        headers[.cacheControl] = cacheControl
        if Self.notModified(request, rendered) {
            var response = Response(status: .notModified, headers: headers)
            response.headers[.contentLength] = nil
            return response
        }
        headers[.contentType] = type
        return Response(status: .ok, headers: headers, body: Self.chunked(rendered.body))
    }

    /// A body written in slices of 256 KiB (views of the cached buffer, no copy), each write waiting for the
    /// connection to take it: many large downloads share the event loop fairly instead of one filling its socket
    /// while the others wait (measured: p99 of 10,000-event downloads at 64 connections).
    static func chunked(_ body: ByteBuffer, slice: Int = 256 << 10) -> ResponseBody {
        guard body.readableBytes > slice else { return ResponseBody(byteBuffer: body) }
        return ResponseBody(contentLength: body.readableBytes) { writer in
            var offset = body.readerIndex
            while offset < body.writerIndex {
                let n = min(slice, body.writerIndex - offset)
                try await writer.write(body.getSlice(at: offset, length: n)!)
                offset += n
            }
            try await writer.finish(nil)
        }
    }

    /// RFC 9110 §13.1.2 and §13.1.3: If-None-Match (weak comparison; `*` matches) decides when present; else
    /// If-Modified-Since, to the second.
    static func notModified(_ request: Request, _ r: Rendered) -> Bool {
        let tags = request.headers[values: .ifNoneMatch]
        if !tags.isEmpty {
            for value in tags {
                for tag in value.utf8.split(separator: UInt8(ascii: ",")) {
                    var t = tag.drop { $0 == 0x20 || $0 == 0x09 }
                    while let last = t.last, last == 0x20 || last == 0x09 { t = t.dropLast() }
                    if t.elementsEqual("*".utf8) { return true }
                    if t.starts(with: "W/".utf8) { t = t.dropFirst(2) }
                    if t.elementsEqual(r.etag.utf8) { return true }
                }
            }
            return false
        }
        if let since = request.headers[.ifModifiedSince].flatMap(HTTPDate.parse) {
            return r.lastModified.timeIntervalSince1970.rounded(.down) <= since.timeIntervalSince1970
        }
        return false
    }
}

/// The active secret links, read again only when the database changed.
final class TokenCache: @unchecked Sendable {
    private let lock = NSLock()
    private var cached: (ChangeToken, [(hash: [UInt8], grant: FeedTokens.Grant)])?

    func active(db: AgendaDatabase, token: ChangeToken) throws -> [(hash: [UInt8], grant: FeedTokens.Grant)] {
        if let c = lock.withLock({ cached }), c.0 == token { return c.1 }
        let list = try FeedTokens(db: db).active()
        lock.withLock { cached = (token, list) }
        return list
    }
}
