import AgendaCore
import AgendaKit
@testable import AgendaServer
import AgendaStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TestScratch

@Suite("agenda serve: routes, conditional requests, secret links, escaping")
struct RouterTests {
    static let pages = ["/", "/committees", "/committees/ACR", "/committees/acr", "/events/1", "/feeds",
                        "/search?q=doi+thoai", "/?from=2023-10-01&days=31", "/?tz=Asia/Bangkok"]
    static let feeds = ["/feeds/all.ics", "/feeds/terms.ics", "/feeds/committees/acr.ics", "/feeds/committees/acr.terms.ics",
                        "/events/1.ics",
                        // The code as the agenda shows it (and as `serve --help` writes CODE): any case finds the feed.
                        "/feeds/committees/ACR.ics", "/feeds/committees/Acr.terms.ics"]

    @Test("Every page is HTML with lang, the CSP forbids inline script, every feed is text/calendar")
    func everyRoute() async throws {
        let f = try Fixture()
        try await f.test { client in
            for uri in Self.pages {
                let r = try await client.get(uri)
                #expect(r.status == .ok, "\(uri)")
                #expect(r.headers[.contentType] == "text/html; charset=utf-8", "\(uri)")
                #expect(r.text.hasPrefix("<!doctype html>\n<html lang=\"en\">"), "\(uri)")
                let csp = r.headers[.contentSecurityPolicy] ?? ""
                #expect(csp.contains("default-src 'none'") && !csp.contains("script-src") && !csp.contains("unsafe-inline"), "\(uri)")
                #expect(!r.text.contains("<script"), "\(uri)")
                #expect(!r.text.contains(" style=\""), "\(uri): inline style is blocked by the CSP")
            }
            for uri in Self.feeds {
                let r = try await client.get(uri)
                #expect(r.status == .ok, "\(uri)")
                #expect(r.headers[.contentType] == "text/calendar; charset=utf-8", "\(uri)")
                #expect(r.text.hasPrefix("BEGIN:VCALENDAR\r\n") && r.text.hasSuffix("END:VCALENDAR\r\n"), "\(uri)")
                #expect(r.headers[.eTag]?.hasPrefix("\"") == true && r.headers[.lastModified] != nil, "\(uri)")
            }
            let css = try await client.get("/style.css")
            #expect(css.headers[.contentType] == "text/css; charset=utf-8" && css.text.contains("body{"))
            let add = try await client.get("/events/1.ics")
            #expect(add.headers[.contentDisposition] == "attachment; filename=\"event-1.ics\"")
        }
    }

    @Test("The public feeds are the bytes `publish` writes")
    func feedsArePublished() async throws {
        let f = try Fixture()
        let dir = scratchDirectory.appendingPathComponent("serve-pub-\(UUID().uuidString)").path
        _ = try Publisher(db: f.writer, now: Fixture.now).publish(.public, to: dir)
        try await f.test { client in
            for path in ["all.ics", "terms.ics", "committees/acr.ics", "committees/acr.terms.ics"] {
                let served = try await client.get("/feeds/" + path)
                let file = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + path))
                #expect(Data(served.text.utf8) == file, "\(path)")
            }
        }
    }

    @Test("A feed larger than one write slice (3,000 events) is served whole, the bytes `publish` writes, in slices")
    func largeFeed() async throws {
        let f = try Fixture()
        _ = try f.writer.importEvents((0..<3000).lazy.map { SyntheticAgenda.event($0, committee: "SYN") },
                                      creating: Committee(code: "SYN", name: "Synthetic committee", timeZone: "Europe/Rome"))
        let dir = scratchDirectory.appendingPathComponent("serve-big-\(UUID().uuidString)").path
        _ = try Publisher(db: f.writer, now: Fixture.now).publish(.public, to: dir)
        let file = try Data(contentsOf: URL(fileURLWithPath: dir + "/all.ics"))
        #expect(file.count > 2 * (256 << 10))
        try await f.test { client in
            let served = try await client.get("/feeds/all.ics")
            #expect(Data(served.text.utf8) == file)
            let head = try await client.get("/feeds/all.ics", method: .head)
            #expect(head.headers[.contentLength] == String(file.count) && head.body.readableBytes == 0)
        }
    }

    @Test("The agenda page: days in order, then the Bangkok dialogue under October 2023's date TBC section")
    func agendaPage() async throws {
        let f = try Fixture()
        try await f.test { client in
            let page = try await client.get("/").text
            let tbc = try #require(page.range(of: "<section class=\"tbc\" id=\"tbc\"><h2>Date to be confirmed</h2>"))
            let october = try #require(page.range(of: "<h3>October 2023 — date TBC</h3>"))
            let dialogue = try #require(page.range(of: "Italy-ASEAN High-Level Dialogue"))
            #expect(tbc.lowerBound < october.lowerBound && october.lowerBound < dialogue.lowerBound)
            // Dated days come first, once each, in order.
            let days = page.components(separatedBy: "<section class=\"day\"><h2>").dropFirst().map { String($0.prefix { $0 != "<" }) }
            #expect(days.first == "Mon 20 Feb 2023")
            #expect(Set(days).count == days.count)
            #expect(page.range(of: "Mon 20 Feb 2023")!.lowerBound < tbc.lowerBound)
            // The viewer's zone and the venue's time.
            let bangkok = try await client.get("/?tz=Asia/Bangkok").text
            #expect(bangkok.contains("Times in Asia/Bangkok"))
        }
    }

    @Test("A series' page says how it repeats and its next occurrences from now, as changed, cancelled ones left out, at the venue's time")
    func seriesPage() async throws {
        let f = try Fixture()
        var e = Event(uid: "weekly-call@test", kind: .meeting, title: "Weekly call",
                      schedule: try Schedule(.timed(start: LocalDateTime(iso: "2023-02-13T09:00")!, end: LocalDateTime(iso: "2023-02-13T10:00")!),
                                             timeZone: "Asia/Bangkok"),
                      status: .confirmed, classification: .public, committee: "ACR")
        e.series = Series(rule: try RepeatInput(plain: "weekly", count: 8).rule(for: e.schedule, now: Fixture.now))
        let id = try await f.writer.addEvent(e).id!
        // Now is 2023-02-20T12:00Z (19:00 in Bangkok): that day's call is over; the 27th's is cancelled.
        try f.writer.cancelOccurrence(String(id), occurrence: "2023-02-27")
        try await f.test { client in
            let page = try await client.get("/events/\(id)").text
            #expect(page.contains("<dt>Repeats</dt><dd>weekly, 8 times</dd>"), "\(page)")
            #expect(page.contains("<dt>Next</dt><dd>2023-03-06 09:00–10:00; 2023-03-13 09:00–10:00; 2023-03-20 09:00–10:00 <span class=\"venue\">(Asia/Bangkok)</span></dd>"), "\(page)")
            // A single event has neither.
            #expect(!(try await client.get("/events/1").text.contains("<dt>Repeats</dt>")))
        }
    }

    @Test("The committee page: chair today and next, a timeline with recorded and projected terms and today marked")
    func committeePage() async throws {
        let f = try Fixture()
        try await f.test { client in
            let page = try await client.get("/committees/ACR").text
            #expect(page.contains("<dd class=\"chair-now\">Viet Nam, 2023-01-01 – 2023-06-30 (recorded"))
            #expect(page.contains("<dd class=\"chair-next\">"))
            #expect(page.contains("<svg class=\"timeline\""))
            #expect(page.contains("<g class=\"term recorded\">") && page.contains("<g class=\"term projected\">"))
            #expect(page.contains("class=\"today\"") && page.contains("today 2023-02-20"))
            #expect(page.contains("webcal://") && page.contains("/feeds/committees/acr.terms.ics"))
            #expect(try await client.get("/committees/NOPE").status == .notFound)
        }
    }

    @Test("Search folds diacritics like the CLI: doi thoai finds Đối thoại; only public events")
    func search() async throws {
        let f = try Fixture()
        try await f.test { client in
            let page = try await client.get("/search?q=doi+thoai").text
            #expect(page.contains("Italy-ASEAN High-Level Dialogue"))
            let secret = try await client.get("/search?q=CONFIDENTIAL").text
            #expect(!secret.contains("CONFIDENTIAL-Ω"))
            // A query of punctuation or operators alone is a page saying so, not a server error.
            for q in ["*", "%22", "%28%29", "-", "%E2%80%94"] {
                let r = try await client.get("/search?q=\(q)")
                #expect(r.status == .ok && r.text.contains("holds no word or number to search for"), "\(q): \(r.status)")
            }
            #expect(f.logs.lines.allSatisfy { !$0.contains("internal error") })
        }
    }

    @Test("Conditional requests: If-None-Match (strong, weak, *, lists) and If-Modified-Since answer 304 without a body")
    func conditional() async throws {
        let f = try Fixture()
        try await f.test { client in
            let first = try await client.get("/feeds/all.ics")
            let etag = try #require(first.headers[.eTag])
            let modified = try #require(first.headers[.lastModified])
            for value in [etag, "W/" + etag, "*", "\"other\", " + etag] {
                let r = try await client.get("/feeds/all.ics", [.ifNoneMatch: value])
                #expect(r.status == .notModified, "\(value)")
                #expect(r.body.readableBytes == 0 && r.headers[.eTag] == etag)
                #expect(r.headers[.cacheControl] == "public, max-age=300")
            }
            #expect(try await client.get("/feeds/all.ics", [.ifNoneMatch: "\"other\""]).status == .ok)
            #expect(try await client.get("/feeds/all.ics", [.ifModifiedSince: modified]).status == .notModified)
            #expect(try await client.get("/feeds/all.ics", [.ifModifiedSince: "Sat, 01 Jan 2000 00:00:00 GMT"]).status == .ok)
            // If-None-Match decides when both are present.
            #expect(try await client.get("/feeds/all.ics", [.ifNoneMatch: "\"other\"", .ifModifiedSince: modified]).status == .ok)
            let head = try await client.get("/feeds/all.ics", method: .head)
            #expect(head.status == .ok && head.body.readableBytes == 0)
            #expect(head.headers[.contentLength] == String(first.body.readableBytes) && head.headers[.eTag] == etag)
        }
    }

    @Test("Secret links: internal feeds only behind them; a committee token sees its committee; revoked and unknown are the same 404")
    func tokens() async throws {
        let f = try Fixture()
        let tokens = FeedTokens(db: f.writer)
        let all = try tokens.add(label: "Outlook, Rome office", audience: .internal, committee: nil)
        let acr = try tokens.add(label: "ACR secretariat", audience: .internal, committee: "acr")
        #expect(all.secret.utf8.count == 43 && acr.feedPath == "committees/acr.ics")
        try await f.test { client in
            let internalFeed = try await client.get("/s/\(all.secret)/all.ics")
            #expect(internalFeed.status == .ok && internalFeed.text.contains(Fixture.confidentialTitle))
            #expect(internalFeed.headers[.cacheControl] == "private, max-age=300")
            #expect(try await client.get("/s/\(all.secret)/events/\(f.confidentialID).ics").text.contains(Fixture.confidentialTitle))
            #expect(try await client.get("/s/\(acr.secret)/committees/acr.ics").text.contains(Fixture.confidentialTitle))
            // The code in any case, as on the public paths (`/feeds/committees/ACR.ics`).
            for path in ["committees/ACR.ics", "committees/Acr.terms.ics"] {
                #expect(try await client.get("/s/\(acr.secret)/\(path)").status == .ok, "\(path)")
            }
            let notFound = try await client.get("/no/such/page")
            for uri in ["/s/\(acr.secret)/all.ics", "/s/\(acr.secret)/terms.ics",
                        "/s/" + String(repeating: "A", count: 43) + "/all.ics", "/s/short/all.ics",
                        "/s/\(all.secret)/no-such.ics"] {
                let r = try await client.get(uri)
                #expect(r.status == .notFound && r.text == notFound.text, "\(uri)")
            }
            try tokens.revoke(id: all.id)
            let revoked = try await client.get("/s/\(all.secret)/all.ics")
            #expect(revoked.status == .notFound && revoked.text == notFound.text)
            #expect(throws: AgendaError.self) { try tokens.revoke(id: all.id) }
            #expect(throws: AgendaError.notFound(entity: "token", key: "99")) { try tokens.revoke(id: 99) }
        }
        // Stored hashed: the secret is nowhere in the database file.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: f.path)) + ((try? Data(contentsOf: URL(fileURLWithPath: f.path + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data(all.secret.utf8)) == nil && bytes.range(of: Data(acr.secret.utf8)) == nil)
        // No secret in any log line.
        let lines = f.logs.lines
        #expect(lines.count >= 8)
        #expect(!lines.contains { $0.contains(all.secret) || $0.contains(acr.secret) })
        #expect(lines.contains { $0.contains("GET /s/…/all.ics") && $0.contains("\"status\": 200") })
    }

    @Test("Private and confidential events never appear on public pages or feeds")
    func nothingLeaks() async throws {
        let f = try Fixture()
        try await f.test { client in
            var uris = Self.pages + Self.feeds + ["/search?q=strategy", "/search?q=dinner", "/search?q=confidential"]
            uris += ["/events/\(f.confidentialID)", "/events/\(f.privateID)", "/events/\(f.confidentialID).ics",
                     "/events/\(f.privateID).ics", "/?days=366", "/committees/ACR?tz=UTC"]
            for uri in uris {
                let r = try await client.get(uri)
                #expect(!r.text.contains("CONFIDENTIAL-Ω") && !r.text.contains("PRIVATE-Ж"), "\(uri)")
            }
            #expect(try await client.get("/events/\(f.confidentialID)").status == .notFound)
            #expect(try await client.get("/events/\(f.privateID).ics").status == .notFound)
        }
    }

    @Test("Text from the data is escaped everywhere it is shown")
    func escaping() async throws {
        let f = try Fixture()
        try await f.test { client in
            for uri in ["/", "/events/\(f.hostileID)", "/search?q=alert", "/committees/ACR",
                        "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E"] {
                let page = try await client.get(uri).text
                #expect(!page.contains("<script"), "\(uri)")
            }
            let page = try await client.get("/events/\(f.hostileID)").text
            #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot; Đối thoại"))
        }
    }

    @Test("Bad requests get 4xx: traversal, encoded separators, over-long paths, unknown methods, unknown ids")
    func badRequests() async throws {
        let f = try Fixture()
        try await f.test { client in
            let cases: [(String, HTTPRequest.Method, HTTPResponse.Status)] = [
                ("/feeds/../etc/passwd", .get, .badRequest), ("/feeds/%2e%2e/x.ics", .get, .badRequest),
                ("/feeds/committees%2Facr.ics", .get, .badRequest), ("/events/1%00.ics", .get, .badRequest),
                ("/" + String(repeating: "a", count: 2000), .get, .uriTooLong),
                ("/?q=" + String(repeating: "a", count: 3000), .get, .uriTooLong),
                ("/", .post, .methodNotAllowed), ("/feeds/all.ics", .delete, .methodNotAllowed),
                ("/events/abc", .get, .notFound), ("/events/999999", .get, .notFound), ("/events/0", .get, .notFound),
                ("/feeds/nope.ics", .get, .notFound), ("/feeds/committees/zz.ics", .get, .notFound),
                ("/?from=not-a-date", .get, .badRequest), ("/etc/passwd", .get, .notFound),
            ]
            for (uri, method, status) in cases {
                let r = try await client.get(uri, method: method)
                #expect(r.status == status, "\(method) \(uri.prefix(60))")
            }
            #expect(try await client.get("/", method: .post).headers[.allow] == "GET, HEAD")
            // A query parameter that does not read is a 400 whose one line names it, its value and what is expected
            // (control characters shown as the command line shows them, escapes that are not UTF-8 as sent, long
            // values cut); the valid forms still answer 200.
            let refusals: [(String, String)] = [
                ("/?from=2023-13-01", "400 Bad Request: invalid from '2023-13-01': expected a date that exists"),
                // The same words as the command line's refusal of a zone, suggestions and all.
                ("/?tz=Mars/Olympus", "400 Bad Request: invalid tz 'Mars/Olympus': expected an IANA zone such as Europe/Rome, Asia/Bangkok or UTC\n"),
                ("/committees/ACR?tz=Rome", "400 Bad Request: invalid tz 'Rome': expected an IANA zone such as Europe/Rome, Asia/Bangkok or UTC; did you mean 'Europe/Rome'?\n"),
                ("/?days=0", "400 Bad Request: invalid days '0': expected a number of days from 1 to 366"),
                ("/?days=abc", "400 Bad Request: invalid days 'abc'"),
                ("/?tz=a%0Ab%1Bc", "400 Bad Request: invalid tz 'a\\u{a}b\\u{1b}c'"),
                ("/?from=x%1By", "400 Bad Request: invalid from 'x\\u{1b}y'"),
                ("/?from=%00", "400 Bad Request: invalid from '\\u{0}'"),
                ("/?tz=%FF", "400 Bad Request: invalid tz '%FF'"),
                ("/?tz=" + String(repeating: "x", count: 300), "400 Bad Request: invalid tz '" + String(repeating: "x", count: 100) + "…'"),
            ]
            for (uri, line) in refusals {
                let r = try await client.get(uri)
                #expect(r.status == .badRequest && r.text.hasPrefix(line) && r.text.hasSuffix("\n"), "\(uri.prefix(60)): \(r.text)")
                #expect(r.text.split(separator: "\n").count == 1, "\(uri.prefix(60))")
            }
            for uri in ["/?from=2023-10-01&days=366&tz=Asia/Bangkok", "/?days=1", "/committees/ACR?tz=UTC"] {
                #expect(try await client.get(uri).status == .ok, "\(uri)")
            }
        }
    }

    @Test("A write by another connection is served on the next request; a burst of polls renders once")
    func freshness() async throws {
        let f = try Fixture()
        try await f.test { client in
            let before = try await client.get("/feeds/all.ics")
            let renders = f.site.cache.renders
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<32 {
                    group.addTask {
                        let r = try await client.get("/feeds/all.ics", [.ifNoneMatch: before.headers[.eTag]!])
                        #expect(r.status == .notModified)
                    }
                }
                try await group.waitForAll()
            }
            #expect(f.site.cache.renders == renders)
            let e = try await f.writer.addEvent(Event(uid: "fresh@test", kind: .meeting, title: "Added while serving",
                                                schedule: try Schedule(.allDay(first: LocalDate(iso: "2023-03-02")!, last: LocalDate(iso: "2023-03-02")!), timeZone: "Europe/Rome"),
                                                status: .confirmed, committee: "ACR"))
            let after = try await client.get("/feeds/all.ics", [.ifNoneMatch: before.headers[.eTag]!])
            #expect(after.status == .ok && after.text.contains("UID:fresh@test"))
            #expect(after.headers[.eTag] != before.headers[.eTag])
            #expect(try await client.get("/events/\(e.id!)").text.contains("Added while serving"))
        }
    }
}

@Suite("agenda serve: pieces")
struct ServerPieceTests {
    @Test("Routes parse; secrets are redacted for logs; query strings decode + and %")
    func routes() throws {
        #expect(try Route.parse("/") == .home)
        #expect(try Route.parse("/committees/ACR/") == .committee("ACR"))
        #expect(try Route.parse("/events/12.ics") == .eventFeed(12))
        #expect(try Route.parse("/feeds/committees/acr.terms.ics") == .feed("committees/acr.terms.ics"))
        #expect(try Route.parse("/s/abc/committees/acr.ics") == .secret("abc", path: "committees/acr.ics"))
        #expect(Route.redacted("/s/SECRET123/all.ics") == "/s/…/all.ics")
        #expect(Route.redacted("/s/SECRET123") == "/s/…")
        #expect(Route.query("q=doi+thoai&tz=Asia%2FBangkok&q=second") == ["q": "doi thoai", "tz": "Asia/Bangkok"])
    }

    @Test("HTTP dates are IMF-fixdate both ways; other forms are ignored")
    func dates() {
        let d = Date(timeIntervalSince1970: 784_111_777)
        #expect(HTTPDate.string(d) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == d)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(HTTPDate.parse("Sun, 31 Feb 1994 08:49:37 GMT") == nil)
    }

    @Test("Secrets: 256 random bits in 43 base64url characters, all different; grants found only by the exact secret")
    func secrets() {
        let secrets = (0..<1000).map { _ in FeedTokens.newSecret() }
        #expect(Set(secrets).count == 1000)
        #expect(secrets.allSatisfy { FeedTokens.isWellFormed($0[...]) })
        let grant = FeedTokens.Grant(tokenID: 1, audience: .internal, committee: nil)
        let active = [(hash: FeedTokens.hash(secrets[0]), grant: grant)]
        #expect(FeedTokens.grant(for: secrets[0][...], among: active) == grant)
        #expect(FeedTokens.grant(for: secrets[1][...], among: active) == nil)
        var flipped = Array(secrets[0].utf8); flipped[42] = flipped[42] == 0x41 ? 0x42 : 0x41
        #expect(FeedTokens.grant(for: String(decoding: flipped, as: UTF8.self)[...], among: active) == nil)
        // SHA-256 of "abc" (FIPS 180-2 example).
        #expect(FeedTokens.hash("abc").map { String(format: "%02x", $0) }.joined()
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
