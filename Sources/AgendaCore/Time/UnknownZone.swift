import Foundation

extension AgendaError {
    /// A time zone Foundation does not know (`field`: the option or field it was given as), said with the zones the
    /// user may have meant: `--tz Bangkok` → "did you mean 'Asia/Bangkok'?", `europe/rome` and `Europe/Roma` →
    /// 'Europe/Rome'. The one wording of this refusal, wherever a zone is read.
    public static func unknownZone(field: String, value: String) -> AgendaError {
        .invalid(field: field, value: value, expected: unknownZoneExpectation(value))
    }

    /// What `unknownZone` says was expected, for front ends that word the rest of a refusal their own way (the
    /// web's `400 Bad Request: invalid tz …`).
    public static func unknownZoneExpectation(_ value: String) -> String {
        let near = ZoneSuggestions.near(value)
        return "an IANA zone such as Europe/Rome, Asia/Bangkok or UTC"
            + (near.isEmpty ? "" : "; did you mean " + near.map { "'\($0)'" }.joined(separator: " or ") + "?")
    }
}

/// The zones a mistyped zone name may mean.
enum ZoneSuggestions {
    /// Up to three of the system's zones whose name, or the city at its end, is `typed` ignoring case and with
    /// spaces for underscores, or one letter away from it (`Rome`, `ho chi minh`, `Europe/Roma`).
    static func near(_ typed: String) -> [String] {
        let key = normalised(typed)
        guard key.count >= 3, key.count <= 64 else { return [] }
        let keyCity = city(key)
        var exact: [String] = [], close: [String] = []
        for id in TimeZone.knownTimeZoneIdentifiers where id.contains("/") {
            let name = normalised(id), nameCity = city(name)
            if name == key || nameCity == key || (key.contains("/") && nameCity == keyCity && name.hasPrefix(area(key))) {
                exact.append(id)
            } else if EditDistance.between(key, key.contains("/") ? name : nameCity) <= 1 {
                close.append(id)
            }
        }
        return Array((exact.isEmpty ? close : exact).sorted().prefix(3))
    }

    private static func normalised(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "_")
    }

    private static func city(_ s: String) -> String { s.split(separator: "/").last.map(String.init) ?? s }
    private static func area(_ s: String) -> String { s.split(separator: "/").first.map(String.init) ?? s }
}
