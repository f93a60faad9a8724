/// What kind of thing an event is.
public enum EventKind: String, Sendable, Codable, CaseIterable {
    case meeting, workingSession = "working-session", dialogue, conference, summit, reception, ceremony
    case project, milestone, award, other
}

/// Where an event stands. A cancelled event is kept (feeds must tell subscribers).
public enum EventStatus: String, Sendable, Codable, CaseIterable {
    case tentative, confirmed, postponed, cancelled
}

/// Who may see an event. Feeds for the public audience leave out private and confidential events.
public enum Classification: String, Sendable, Codable, CaseIterable {
    case `public`, `private`, confidential
}

/// What kind of body an organisation is.
public enum OrganisationKind: String, Sendable, Codable, CaseIterable {
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
