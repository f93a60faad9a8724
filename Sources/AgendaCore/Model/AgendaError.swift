/// Every error a user can cause, each a single line that names the field and the value and says what would do.
public indirect enum AgendaError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A value that is not acceptable for a field.
    case invalid(field: String, value: String, expected: String)
    /// A reference to something the agenda does not hold; `suggestions`: names it does hold that the key may mean.
    case notFound(entity: String, key: String, suggestions: [String] = [])
    /// A second thing where only one may exist.
    case duplicate(entity: String, key: String)
    /// A rule of the agenda that the write would break.
    case conflict(String)
    /// The database cannot be used as it is.
    case database(String)
    /// No database file at the path (reads never create one).
    case missing(String)
    /// An error of one item of a file, said with where the item is (`at .events[2] (UID x)`): a scenario of
    /// 100,000 events must say which one.
    case at(String, AgendaError)

    /// The same error with its field said as `names` says (the store names domain fields, "term end"; a front end
    /// says them as its user typed them, "--to"). Fields `names` does not hold are kept.
    public func namingFields(_ names: [String: String]) -> AgendaError {
        if case let .at(place, inner) = self { return .at(place, inner.namingFields(names)) }
        guard case let .invalid(field, value, expected) = self, let name = names[field] else { return self }
        return .invalid(field: name, value: value, expected: expected)
    }

    public var description: String {
        switch self {
        case let .invalid(field, value, expected):
            "invalid \(field) '\(value)': expected \(expected)"
        case let .notFound(entity, key, suggestions):
            "no \(entity) '\(key)' in the agenda"
                + (suggestions.isEmpty ? "" : "; did you mean " + suggestions.map { "'\($0)'" }.joined(separator: " or ") + "?")
        case let .duplicate(entity, key):
            "\(entity) '\(key)' already exists"
        case let .conflict(message):
            message
        case let .database(message):
            message
        case let .at(place, inner):
            "\(place): \(inner.description)"
        case let .missing(path):
            "no agenda database at '\(path)': create one with 'agenda init --db \(path)' (or load the demo with 'agenda demo --db \(path)')"
        }
    }
}
