import Foundation
import ICalendar

/// A whole agenda as a readable, diff-friendly document (the seed files in `seeds/` are JSON of this shape).
public struct Scenario: Codable, Sendable {
    public struct ScheduleSpec: Codable, Sendable, Hashable {
        /// `2023-02-20T10:30`, `2023-02-20`, `2023-10`, `2023-Q4` or `2023`.
        public var start: String
        /// Exclusive end time for timed events, inclusive last day for all-day ones; absent for periods and
        /// single days.
        public var end: String?
        public var timeZone: String

        public init(start: String, end: String? = nil, timeZone: String) {
            self.start = start; self.end = end; self.timeZone = timeZone
        }

        /// The schedule it describes; throws naming the bad field.
        public func schedule() throws -> Schedule {
            if let s = LocalDateTime(iso: start) {
                guard let endText = end, let e = LocalDateTime(iso: endText) else {
                    throw AgendaError.invalid(field: "end", value: end ?? "", expected: "an end time YYYY-MM-DDTHH:MM")
                }
                return try Schedule(.timed(start: s, end: e), timeZone: timeZone)
            }
            if let d = LocalDate(iso: start) {
                let last = try end.map {
                    guard let l = LocalDate(iso: $0) else {
                        throw AgendaError.invalid(field: "end", value: $0, expected: "a last day YYYY-MM-DD")
                    }
                    return l
                } ?? d
                return try Schedule(.allDay(first: d, last: last), timeZone: timeZone)
            }
            if let p = Period(iso: start) { return try Schedule(.period(p), timeZone: timeZone) }
            throw AgendaError.invalid(field: "start", value: start,
                                      expected: "YYYY-MM-DDTHH:MM, YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY")
        }

        public init(_ schedule: Schedule) {
            self.start = schedule.startText
            self.timeZone = schedule.timeZone
            switch schedule.form {
            case .timed: self.end = schedule.endText
            case let .allDay(first, last): self.end = first == last ? nil : last.description
            case .period: self.end = nil
            }
        }
    }

    public struct ParticipantSpec: Codable, Sendable {
        public var person: String?
        public var organisation: String?
        public var role: String?
        public var title: String?
    }

    public struct EventSpec: Codable, Sendable {
        public var uid: String
        public var kind: EventKind
        public var title: String
        public var altTitle: String?
        public var schedule: ScheduleSpec
        public var status: EventStatus
        public var classification: Classification?
        public var committee: String?
        public var chair: String?
        public var location: String?
        public var participants: [ParticipantSpec]?
        public var topics: [String]?
        public var notes: String?
        public var source: String?
        /// A recurring event's RFC 5545 rule, extra and excluded dates (wall times in its zone, or dates).
        public var rrule: String?
        public var rdates: [String]?
        public var exdates: [String]?

        /// The series these fields describe, nil for a single event.
        public func series() throws -> Series? {
            guard rrule != nil || !(rdates ?? []).isEmpty else { return nil }
            let rule = try rrule.map { try RecurrenceRule.read($0, field: "rrule") }
            return Series(rule: rule, rdates: rdates ?? [], exdates: exdates ?? [])
        }
    }

    public struct MembershipSpec: Codable, Sendable {
        public var state: String
        public var embassy: String?
        public var start: LocalDate?
        public var end: LocalDate?
    }

    public struct CommitteeSpec: Codable, Sendable {
        public var code: String
        public var name: String
        public var parent: String?
        public var seatCity: String?
        public var timeZone: String
        public var notes: String?
        public var members: [MembershipSpec]
    }

    public struct ChairTermSpec: Codable, Sendable {
        public var uid: String
        public var committee: String
        public var member: String
        public var start: LocalDate
        public var end: LocalDate
        public var handover: LocalDate?
        public var source: String?
    }

    public struct PolicySpec: Codable, Sendable {
        public var committee: String
        public var effectiveFrom: LocalDate
        public var termMonths: Int
        /// Member names in order; absent for alphabetical order.
        public var order: [String]?
        public var anchorMember: String
        public var anchorDate: LocalDate
        public var source: String?

        public var policy: RotationPolicy {
            RotationPolicy(committee: committee, effectiveFrom: effectiveFrom, termMonths: termMonths,
                           order: order.map { .explicit($0) } ?? .alphabetical, anchorMember: anchorMember,
                           anchorDate: anchorDate, source: source)
        }
    }

    public var description: String?
    /// When the scenario's facts were recorded: the creation and modification time of what it loads, so that
    /// its feed is the same bytes whenever it is loaded.
    public var recorded: Date?
    public var sources: [String: String]?
    public var states: [StateInfo] = []
    public var organisations: [Organisation] = []
    public var relations: [OrganisationRelation] = []
    public var people: [Person] = []
    public var committees: [CommitteeSpec] = []
    public var chairTerms: [ChairTermSpec] = []
    public var events: [EventSpec] = []
    public var rotationPolicies: [PolicySpec]?
    public var rotationExceptions: [RotationException]?

    enum CodingKeys: String, CodingKey {
        case description, recorded, sources, states, organisations, relations, people, committees, chairTerms, events
        case rotationPolicies, rotationExceptions
    }

    /// Absent lists are empty, so a scenario may hold only events, or only people.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        recorded = try c.decodeIfPresent(Date.self, forKey: .recorded)
        sources = try c.decodeIfPresent([String: String].self, forKey: .sources)
        states = try c.decodeIfPresent([StateInfo].self, forKey: .states) ?? []
        organisations = try c.decodeIfPresent([Organisation].self, forKey: .organisations) ?? []
        relations = try c.decodeIfPresent([OrganisationRelation].self, forKey: .relations) ?? []
        people = try c.decodeIfPresent([Person].self, forKey: .people) ?? []
        committees = try c.decodeIfPresent([CommitteeSpec].self, forKey: .committees) ?? []
        chairTerms = try c.decodeIfPresent([ChairTermSpec].self, forKey: .chairTerms) ?? []
        events = try c.decodeIfPresent([EventSpec].self, forKey: .events) ?? []
        rotationPolicies = try c.decodeIfPresent([PolicySpec].self, forKey: .rotationPolicies)
        rotationExceptions = try c.decodeIfPresent([RotationException].self, forKey: .rotationExceptions)
    }

    /// Decodes a scenario from JSON. A key the scenario does not know, at any depth, is an error (`ScenarioKeys`).
    public static func decode(_ data: Data) throws -> Scenario {
        try data.withUnsafeBytes { try ScenarioKeys.scenario.check($0) }
        return try decoder().decode(Scenario.self, from: data)
    }

    /// The decoder of scenario JSON (dates in ISO 8601), for the whole file or a part of it.
    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
