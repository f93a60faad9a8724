/// What kind of thing an event is.
public enum EventKind: String, Sendable, Codable, CaseIterable {
    public init(from decoder: any Decoder) throws { self = try Self.decodeWord(decoder) }

    case meeting, workingSession = "working-session", dialogue, conference, summit, reception, ceremony
    case project, milestone, award, other
}

/// Where an event stands. A cancelled event is kept (feeds must tell subscribers).
public enum EventStatus: String, Sendable, Codable, CaseIterable {
    public init(from decoder: any Decoder) throws { self = try Self.decodeWord(decoder) }

    case tentative, confirmed, postponed, cancelled
}

/// Who may see an event. Feeds for the public audience leave out private and confidential events.
public enum Classification: String, Sendable, Codable, CaseIterable {
    public init(from decoder: any Decoder) throws { self = try Self.decodeWord(decoder) }

    case `public`, `private`, confidential
}

/// What kind of body an organisation is.
public enum OrganisationKind: String, Sendable, Codable, CaseIterable {
    public init(from decoder: any Decoder) throws { self = try Self.decodeWord(decoder) }

    case intergovernmental, association, company, embassy, government, other
}

extension CaseIterable where Self: RawRepresentable, RawValue == String {
    /// Parses a user's word (case-insensitive) or throws an error listing the accepted words.
    public static func parse(_ text: String, field: String) throws -> Self {
        let key = text.lowercased().replacingOccurrences(of: "_", with: "-")
        if let v = allCases.first(where: { $0.rawValue == key }) { return v }
        throw AgendaError.invalid(field: field, value: text,
                                  expected: "one of " + allCases.map(\.rawValue).joined(separator: ", "))
    }
}

extension CaseIterable where Self: RawRepresentable, RawValue == String {
    /// A word of the set read from a file (a scenario) as `parse` reads it from the command line: any case, `_`
    /// for `-`; a word outside the set is a decoding error listing the set ("'Secret' is not one of public,
    /// private, confidential"), where Foundation's said "Cannot initialize Classification from invalid String
    /// value Secret".
    static func decodeWord(_ decoder: any Decoder) throws -> Self {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        if let exact = Self(rawValue: text) { return exact }
        guard let word = try? parse(text, field: "") else {
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "'\(text)' is not one of " + allCases.map(\.rawValue).joined(separator: ", "))
        }
        return word
    }
}
