import Foundation
import AgendaCore

/// What a request path asks for. Parsing is pure: the responder decides what each route returns.
enum Route: Equatable {
    case home, stylesheet, committees, feedsPage, search
    case committee(String)
    case event(Int64)
    /// `/events/ID.ics`: one public event for "add to my calendar".
    case eventFeed(Int64)
    /// `/feeds/PATH`: a public feed of the catalogue (`all.ics`, `committees/acr.ics`…).
    case feed(String)
    /// `/s/SECRET/PATH`: a feed (or `events/ID.ics`) behind a secret link.
    case secret(String, path: String)

    enum Refusal: Error, Equatable {
        case badRequest, notFound, uriTooLong
        /// A query parameter that does not read (400, the answer naming it, its value and what was expected).
        case invalidParameter(name: String, value: String, expected: String)

        /// The plain-text answer's line: the status, and for a parameter what was wrong with it. The value is
        /// quoted as the command line quotes it (`Terminal.oneLine`: a control character as `\u{1b}`, so the line
        /// stays one line and shows what was sent) and cut at 100 characters.
        var message: String? {
            guard case let .invalidParameter(name, value, expected) = self else { return nil }
            var shown = Terminal.oneLine(String(String.UnicodeScalarView(value.unicodeScalars.prefix(100))))
            if value.unicodeScalars.count > 100 { shown += "…" }
            return "invalid \(name) '\(shown)': expected \(expected)"
        }
    }

    static let maximumPathLength = 1024

    /// Parses a raw request path (percent-encoded, without the query).
    static func parse(_ raw: String) throws(Refusal) -> Route {
        guard raw.utf8.count <= maximumPathLength else { throw .uriTooLong }
        guard raw.hasPrefix("/") else { throw .badRequest }
        var segments: [String] = []
        for piece in raw.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            // No encoded separators, NUL or backslashes, no dot segments: nothing here maps to files, and a path
            // that tries to climb is refused rather than normalised.
            let decoded: String
            if piece.utf8.contains(where: { $0 == 0x25 || $0 == 0x5C }) {  // '%' or '\\'
                let lower = piece.lowercased()
                if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") || piece.contains("\\") { throw .badRequest }
                guard let d = piece.removingPercentEncoding else { throw .badRequest }
                decoded = d
            } else {
                decoded = String(piece)
            }
            if decoded == "." || decoded == ".." { throw .badRequest }
            if decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { throw .badRequest }
            segments.append(decoded)
        }
        // One trailing slash is the same page.
        if segments.count > 1, segments.last == "" { segments.removeLast() }
        switch segments {
        case [""]: return .home
        case ["style.css"]: return .stylesheet
        case ["committees"]: return .committees
        case ["feeds"]: return .feedsPage
        case ["search"]: return .search
        case let s where s.count == 2 && s[0] == "committees" && !s[1].isEmpty: return .committee(s[1])
        case let s where s.count == 2 && s[0] == "events":
            if let id = Int64(s[1]), id > 0 { return .event(id) }
            if s[1].hasSuffix(".ics"), let id = Int64(s[1].dropLast(4)), id > 0 { return .eventFeed(id) }
            throw .notFound
        case let s where s.count >= 2 && s[0] == "feeds" && s.dropFirst().allSatisfy({ !$0.isEmpty }):
            return .feed(s.dropFirst().joined(separator: "/"))
        case let s where s.count >= 3 && s[0] == "s" && s.dropFirst().allSatisfy({ !$0.isEmpty }):
            return .secret(s[1], path: s.dropFirst(2).joined(separator: "/"))
        default: throw .notFound
        }
    }

    /// The path as it may be logged: a secret replaced by `…`.
    static func redacted(_ raw: String) -> String {
        guard raw.hasPrefix("/s/") else { return raw }
        let rest = raw.dropFirst(3)
        guard let slash = rest.firstIndex(of: "/") else { return "/s/…" }
        return "/s/…" + rest[slash...]
    }

    /// Query parameters as a form sends them (`+` is a space), percent-decoded; the first of repeated names wins.
    /// A value whose escapes are not UTF-8 (`%FF`) is kept as sent, so that a refusal names what was sent.
    static func query(_ raw: String?) -> [String: String] {
        guard let raw, !raw.isEmpty else { return [:] }
        var out: [String: String] = [:]
        for pair in raw.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String? { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let key = decode(parts[0]), out[key] == nil else { continue }
            out[key] = parts.count > 1 ? decode(parts[1]) ?? String(parts[1]) : ""
        }
        return out
    }
}
