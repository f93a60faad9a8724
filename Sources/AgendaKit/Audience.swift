import AgendaCore

/// Who output is for. `public` (the default everywhere) leaves out private and confidential events entirely:
/// CLASS is only advisory in calendar clients, so such events are never written where the public can read them.
public enum Audience: String, Sendable, CaseIterable, Codable {
    case `public`, `internal`

    /// The classifications this audience may see; empty means all.
    public var classifications: Set<Classification> { self == .public ? [.public] : [] }

    /// Whether this audience may see an event of classification `c`.
    public func allows(_ c: Classification) -> Bool { self == .internal || c == .public }

    /// Refuses an event this audience may not see, naming the event and how to see it.
    public func check(_ e: Event) throws {
        guard allows(e.classification) else {
            throw AgendaError.invalid(field: "audience", value: rawValue,
                                      expected: "internal to see event \(e.id.map(String.init) ?? e.uid), which is \(e.classification.rawValue)")
        }
    }
}
