import AgendaCore
import AgendaStore
import Foundation

/// Writes the feeds of one audience as static files and, for the public audience, an `index.html` to subscribe.
/// Files whose bytes did not change are left alone; changed ones are replaced atomically from a staging folder
/// beside the output folder (never inside it, so nothing half-written or left by a killed run is served).
/// Internal feeds go to their own folder, readable by the owner only, and no public page links them.
public struct Publisher: Sendable {
    public var catalogue: FeedCatalogue
    public var exporter: FeedExporter

    public init(db: AgendaDatabase, now: Date, keepCancelledDays: Int = 90) {
        catalogue = FeedCatalogue(db: db, now: now)
        exporter = FeedExporter(db: db, now: now, keepCancelledDays: keepCancelledDays)
    }

    /// What one run wrote.
    public struct Report: Sendable {
        public var feeds: [(path: String, title: String, count: Int)] = []
        public var written = 0
        public var unchanged = 0
    }

    /// Publishes `audience`'s feeds into `directory`; `baseURL` (http or https) makes the index's links absolute.
    public func publish(_ audience: Audience, to directory: String, baseURL: String? = nil) throws -> Report {
        let base = try baseURL.map(Self.checkBaseURL)
        let mode: mode_t = audience == .public ? 0o644 : 0o600
        let field = audience == .public ? "folder" : "internal folder"
        try Self.makeFolder(directory, field: field, attributes: audience == .public ? nil : [.posixPermissions: 0o700])
        if audience == .internal { chmod(directory, 0o700) }
        let staging = Self.stagingFolder(for: directory)
        try Self.makeFolder(staging, field: field, attributes: [.posixPermissions: 0o700])
        OutputFile.removeLeftovers(in: staging)
        // Leftovers of earlier versions, which staged inside the served folder.
        OutputFile.removeLeftovers(in: directory)
        var report = Report()
        for entry in try catalogue.entries(for: audience) {
            let path = directory + "/" + entry.path
            try Self.makeFolder((path as NSString).deletingLastPathComponent, field: field,
                                attributes: audience == .public ? nil : [.posixPermissions: 0o700])
            let (n, changed) = try exporter.exportFile(path, entry.spec, staging: staging, mode: mode)
            if changed { report.written += 1 } else { report.unchanged += 1 }
            report.feeds.append((entry.path, entry.spec.feed.name ?? entry.path, n))
        }
        if audience == .public {
            let html = IndexPage.html(report.feeds, baseURL: base)
            if try OutputFile.write(Data(html.utf8), to: directory + "/index.html", staging: staging) {
                report.written += 1
            } else {
                report.unchanged += 1
            }
        }
        try? FileManager.default.removeItem(atPath: staging)
        return report
    }

    /// Makes the folder `path` (and those above it) unless it exists; a file in the way, or a folder that cannot
    /// be made, is one line naming `field` and the path (it was Foundation's whole NSError, exit 1).
    static func makeFolder(_ path: String, field: String, attributes: [FileAttributeKey: Any]?) throws {
        if try checkFolder(path, field: field) { return }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: attributes)
        } catch {
            let underlying = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
            let posix = underlying.flatMap { $0.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32($0.code))) : nil }
            throw AgendaError.invalid(field: field, value: path,
                                      expected: "a folder that can be made (\(posix ?? "it cannot be created"))")
        }
    }

    /// Whether `path` is a folder (true) or nothing yet (false); a file or a device there is refused, naming
    /// `field`. Checked for every folder before anything is written, so that a bad second folder leaves the first
    /// untouched.
    @discardableResult
    public static func checkFolder(_ path: String, field: String) throws -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return false }
        guard isDirectory.boolValue else {
            throw AgendaError.invalid(field: field, value: path, expected: "a folder, not a file or a device")
        }
        return true
    }

    /// `.NAME.agenda-staging` beside `directory`.
    static func stagingFolder(for directory: String) -> String {
        let url = URL(fileURLWithPath: directory).standardizedFileURL
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).agenda-staging").path
    }

    /// Accepts only an absolute http(s) URL without credentials, query or fragment; returns it without a trailing
    /// slash.
    public static func checkBaseURL(_ text: String) throws -> String {
        guard let c = URLComponents(string: text), let scheme = c.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = c.host, !host.isEmpty, c.user == nil, c.password == nil, c.query == nil, c.fragment == nil,
              !text.unicodeScalars.contains(where: { $0.value < 0x21 || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "'" }) else {
            throw AgendaError.invalid(field: "--base-url", value: text,
                                      expected: "an http or https address such as https://calendar.example.org/agenda")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// True when `inner` is `outer` or lies inside it.
    public static func isInside(_ inner: String, _ outer: String) -> Bool {
        let a = URL(fileURLWithPath: OutputFile.resolved(inner)).standardizedFileURL.path
        let b = URL(fileURLWithPath: OutputFile.resolved(outer)).standardizedFileURL.path
        return a == b || a.hasPrefix(b.hasSuffix("/") ? b : b + "/")
    }
}

/// The public `index.html`: every public feed with download and subscribe links; everything escaped.
enum IndexPage {
    static func escape(_ s: String) -> String { HTMLText.escape(s) }

    static func html(_ feeds: [(path: String, title: String, count: Int)], baseURL base: String?) -> String {
        var items = ""
        for (file, title, count) in feeds {
            let https = base.map { "\($0)/\(file)" } ?? file
            var links = "<a href=\"\(escape(https))\">download</a>"
            if let base {
                let webcal = "webcal://" + (base.split(separator: "://", maxSplits: 1).last.map(String.init) ?? base) + "/\(file)"
                links += " · <a href=\"\(escape(webcal))\">subscribe (webcal)</a> · <code>\(escape(https))</code>"
            }
            items += "<tr><td>\(escape(title))</td><td>\(count)</td><td>\(links)</td></tr>\n"
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Agenda feeds</title>
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>body{font-family:sans-serif;margin:2em}td,th{padding:.3em .8em;text-align:left}</style></head>
            <body><h1>Agenda feeds</h1>
            <p>Subscribe in Outlook, Google Calendar, Apple Calendar or Thunderbird: copy a feed's address and use
            "add calendar from URL" (or the webcal link, when the page was published with its address).</p>
            <table><tr><th>Feed</th><th>Events</th><th>Links</th></tr>
            \(items)</table></body></html>

            """
    }
}
