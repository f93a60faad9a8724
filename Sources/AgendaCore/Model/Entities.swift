import Foundation

/// A sovereign state, e.g. Viet Nam.
public struct StateInfo: Hashable, Sendable, Codable {
    public var id: Int64?
    public var name: String
    public var iso2: String?
    public init(id: Int64? = nil, name: String, iso2: String? = nil) {
        self.id = id; self.name = name; self.iso2 = iso2
    }
}

/// An intergovernmental body, association, company, embassy or government.
public struct Organisation: Hashable, Sendable, Codable {
    public var id: Int64?
    public var name: String
    public var shortName: String?
    public var localName: String?
    public var kind: OrganisationKind
    /// The state an embassy or government belongs to.
    public var stateName: String?
    public var city: String?
    /// Partial date: `2016`, `2020-09` or `2020-09-01`.
    public var founded: String?
    public var notes: String?
    public init(id: Int64? = nil, name: String, shortName: String? = nil, localName: String? = nil,
                kind: OrganisationKind, stateName: String? = nil, city: String? = nil, founded: String? = nil,
                notes: String? = nil) {
        self.id = id; self.name = name; self.shortName = shortName; self.localName = localName; self.kind = kind
        self.stateName = stateName; self.city = city; self.founded = founded; self.notes = notes
    }
}

/// "Italy is an ASEAN Development Partner since September 2020".
public struct OrganisationRelation: Hashable, Sendable, Codable {
    public var subject: String
    public var kind: String
    public var object: String
    /// Partial date.
    public var since: String?
    public var source: String?
    public init(subject: String, kind: String, object: String, since: String? = nil, source: String? = nil) {
        self.subject = subject; self.kind = kind; self.object = object; self.since = since; self.source = source
    }
}

/// A person, with the positions held over time.
public struct Person: Hashable, Sendable, Codable {
    public var id: Int64?
    public var name: String
    public var honorific: String?
    public var notes: String?
    public var positions: [Position]
    public init(id: Int64? = nil, name: String, honorific: String? = nil, notes: String? = nil,
                positions: [Position] = []) {
        self.id = id; self.name = name; self.honorific = honorific; self.notes = notes; self.positions = positions
    }
}

/// A title held at an organisation, from a partial date to a partial date (nil = unknown).
public struct Position: Hashable, Sendable, Codable {
    public var title: String
    public var organisation: String?
    public var start: String?
    public var end: String?
    /// Held in the past, dates unknown ("former Prime Minister of Italy").
    public var former: Bool
    public init(title: String, organisation: String? = nil, start: String? = nil, end: String? = nil,
                former: Bool = false) {
        self.title = title; self.organisation = organisation; self.start = start; self.end = end; self.former = former
    }

    /// "President, Italy-ASEAN Association" / "former Prime Minister of Italy".
    public var label: String {
        (former ? "former " : "") + title + (organisation.map { ", \($0)" } ?? "")
    }
}

/// A committee such as the ASEAN Committee in Rome.
public struct Committee: Hashable, Sendable, Codable {
    public var id: Int64?
    public var code: String
    public var name: String
    public var parent: String?
    public var seatCity: String?
    public var timeZone: String
    public var notes: String?
    public init(id: Int64? = nil, code: String, name: String, parent: String? = nil, seatCity: String? = nil,
                timeZone: String, notes: String? = nil) {
        self.id = id; self.code = code; self.name = name; self.parent = parent; self.seatCity = seatCity
        self.timeZone = timeZone; self.notes = notes
    }
}

/// A state's membership of a committee, represented by an embassy, between dates (nil = unknown or open).
public struct Membership: Hashable, Sendable, Codable {
    public var id: Int64?
    public var committee: String
    public var state: String
    public var embassy: String?
    public var start: LocalDate?
    public var end: LocalDate?
    public init(id: Int64? = nil, committee: String, state: String, embassy: String? = nil,
                start: LocalDate? = nil, end: LocalDate? = nil) {
        self.id = id; self.committee = committee; self.state = state; self.embassy = embassy
        self.start = start; self.end = end
    }

    /// Whether the membership holds on `date` (unknown bounds count as open).
    public func isCurrent(on date: LocalDate) -> Bool {
        (start.map { $0 <= date } ?? true) && (end.map { date <= $0 } ?? true)
    }
}

/// A recorded chairmanship term: a member chairs a committee from `start` to `end` inclusive.
public struct ChairTerm: Hashable, Sendable, Codable {
    public var id: Int64?
    public var committee: String
    /// The member state's name.
    public var member: String
    public var embassy: String?
    public var start: LocalDate
    public var end: LocalDate
    /// When the chair actually passed, when it differs from `start`.
    public var handover: LocalDate?
    public var source: String?
    public var uid: String?
    /// When the record last changed (feeds use it as DTSTAMP and LAST-MODIFIED).
    public var modified: Date
    /// The iCalendar SEQUENCE: raised by every change of a recorded term; for a projected term, the committee's
    /// rotation revision (raised by every change its projection depends on).
    public var sequence: Int
    /// Whether the term is a recorded fact or a projection of the rotation policy.
    public var origin: Origin

    /// Where a term comes from.
    public enum Origin: String, Hashable, Sendable, Codable {
        /// A fact, recorded with a source.
        case recorded
        /// Computed from the committee's rotation policy.
        case projected
    }

    public init(id: Int64? = nil, committee: String, member: String, embassy: String? = nil, start: LocalDate,
                end: LocalDate, handover: LocalDate? = nil, source: String? = nil, uid: String? = nil,
                modified: Date = Date(timeIntervalSince1970: 0), sequence: Int = 0, origin: Origin = .recorded) {
        self.id = id; self.committee = committee; self.member = member; self.embassy = embassy
        self.start = start; self.end = end; self.handover = handover; self.source = source; self.uid = uid
        self.modified = modified; self.sequence = sequence; self.origin = origin
    }

    /// The UID of the term of `committee` starting on `start`, projected or recorded: recording a projected term
    /// keeps the UID its subscribers already have (terms of a committee never share a start).
    public static func stableUID(committee: String, start: LocalDate) -> String {
        "chair-term-\(committee.lowercased())-\(start)@agenda"
    }

    public func contains(_ date: LocalDate) -> Bool { start <= date && date <= end }

    /// The UTC span of the term's days, taken in UTC (terms are calendar dates, the same everywhere).
    public var utcSpan: Range<Int> { (start.dayNumber * 86400)..<((end.dayNumber + 1) * 86400) }
}

/// Someone or some body taking part in an event, in a role, with the title held then.
public struct Participant: Hashable, Sendable, Codable {
    public enum Party: Hashable, Sendable, Codable {
        case person(String)
        case organisation(String)
    }
    public var party: Party
    public var role: String?
    public var title: String?
    public init(_ party: Party, role: String? = nil, title: String? = nil) {
        self.party = party; self.role = role; self.title = title
    }

    public var name: String {
        switch party {
        case let .person(n), let .organisation(n): n
        }
    }

    /// "Romano Prodi (President, Italy-ASEAN Association) — host".
    public var label: String {
        var s = name
        if let title, !title.isEmpty { s += " (\(title))" }
        if let role, !role.isEmpty { s += " — \(role)" }
        return s
    }
}

/// A meeting held or an event planned.
/// An event. Its fields live in one shared, copy-on-write box: listings, feeds and window reads pass events
/// around and hold them in several arrays at once, and a copy is then one reference count rather than one per
/// string, list and date (twenty fields); a change copies the fields only when the box is shared.
public struct Event: Hashable, Sendable {
    /// The fields, stored once however many copies of the event there are.
    @usableFromInline
    struct Fields: Hashable, Sendable {
        @usableFromInline var id: Int64?
        @usableFromInline var uid: String
        @usableFromInline var kind: EventKind
        @usableFromInline var title: String
        @usableFromInline var altTitle: String?
        @usableFromInline var schedule: Schedule
        @usableFromInline var status: EventStatus
        @usableFromInline var classification: Classification
        @usableFromInline var committee: String?
        @usableFromInline var chair: String?
        @usableFromInline var location: String?
        @usableFromInline var participants: [Participant]
        @usableFromInline var topics: [String]
        @usableFromInline var notes: String?
        @usableFromInline var source: String?
        @usableFromInline var sequence: Int
        @usableFromInline var created: Date
        @usableFromInline var modified: Date
        @usableFromInline var series: Series?
        @usableFromInline var occurrence: OccurrenceRef?
    }

    /// Mutated only while uniquely referenced (`fields`'s `_modify` copies a shared box first), so sharing it
    /// between threads is safe.
    @usableFromInline
    final class Box: @unchecked Sendable {
        @usableFromInline var fields: Fields
        @usableFromInline init(_ fields: Fields) { self.fields = fields }
    }

    @usableFromInline var box: Box

    /// All the fields at once, copied on write. The accessors are inlinable so that other modules change a field
    /// in place (a field appended to a thousand times, `topics`, took a call to a coroutine each).
    @inlinable
    var fields: Fields {
        get { box.fields }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            yield &box.fields
        }
    }

    @inlinable public var id: Int64? { get { box.fields.id } _modify { yield &fields.id } }
    /// Stable and opaque; never regenerated.
    @inlinable public var uid: String { get { box.fields.uid } _modify { yield &fields.uid } }
    @inlinable public var kind: EventKind { get { box.fields.kind } _modify { yield &fields.kind } }
    @inlinable public var title: String { get { box.fields.title } _modify { yield &fields.title } }
    /// The title in the source's language, e.g. "Đối thoại cấp cao Italy-ASEAN".
    @inlinable public var altTitle: String? { get { box.fields.altTitle } _modify { yield &fields.altTitle } }
    @inlinable public var schedule: Schedule { get { box.fields.schedule } _modify { yield &fields.schedule } }
    @inlinable public var status: EventStatus { get { box.fields.status } _modify { yield &fields.status } }
    @inlinable public var classification: Classification {
        get { box.fields.classification } _modify { yield &fields.classification }
    }
    @inlinable public var committee: String? { get { box.fields.committee } _modify { yield &fields.committee } }
    /// The chairing person's name.
    @inlinable public var chair: String? { get { box.fields.chair } _modify { yield &fields.chair } }
    @inlinable public var location: String? { get { box.fields.location } _modify { yield &fields.location } }
    @inlinable public var participants: [Participant] {
        get { box.fields.participants } _modify { yield &fields.participants }
    }
    @inlinable public var topics: [String] { get { box.fields.topics } _modify { yield &fields.topics } }
    @inlinable public var notes: String? { get { box.fields.notes } _modify { yield &fields.notes } }
    @inlinable public var source: String? { get { box.fields.source } _modify { yield &fields.source } }
    @inlinable public var sequence: Int { get { box.fields.sequence } _modify { yield &fields.sequence } }
    @inlinable public var created: Date { get { box.fields.created } _modify { yield &fields.created } }
    @inlinable public var modified: Date { get { box.fields.modified } _modify { yield &fields.modified } }
    /// The rule, dates and overrides of a recurring event; nil for a single one.
    @inlinable public var series: Series? { get { box.fields.series } _modify { yield &fields.series } }
    /// Set on an occurrence of a series read for a window: which one it is.
    @inlinable public var occurrence: OccurrenceRef? { get { box.fields.occurrence } _modify { yield &fields.occurrence } }

    public init(id: Int64? = nil, uid: String, kind: EventKind, title: String, altTitle: String? = nil,
                schedule: Schedule,
                status: EventStatus, classification: Classification = .public, committee: String? = nil,
                chair: String? = nil, location: String? = nil, participants: [Participant] = [],
                topics: [String] = [], notes: String? = nil, source: String? = nil, sequence: Int = 0,
                created: Date = Date(timeIntervalSince1970: 0), modified: Date = Date(timeIntervalSince1970: 0),
                series: Series? = nil) {
        box = Box(Fields(id: id, uid: uid, kind: kind, title: title, altTitle: altTitle, schedule: schedule,
                         status: status, classification: classification, committee: committee, chair: chair,
                         location: location, participants: participants, topics: topics, notes: notes,
                         source: source, sequence: sequence, created: created, modified: modified, series: series,
                         occurrence: nil))
    }

    public static func == (a: Event, b: Event) -> Bool { a.box === b.box || a.box.fields == b.box.fields }
    public func hash(into hasher: inout Hasher) { box.fields.hash(into: &hasher) }

    /// Changes that calendar clients must see as a new revision (RFC 5546 SEQUENCE): time, place, title, status.
    public func isSignificantlyDifferent(from other: Event) -> Bool {
        schedule != other.schedule || location != other.location || title != other.title || status != other.status
            || series?.rule != other.series?.rule || series?.rdates != other.series?.rdates
            || series?.exdates != other.series?.exdates
    }
}

extension Position {
    enum CodingKeys: String, CodingKey { case title, organisation, start, end, former }

    /// Absent `former` means false, so seed files stay short.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(title: try c.decode(String.self, forKey: .title),
                  organisation: try c.decodeIfPresent(String.self, forKey: .organisation),
                  start: try c.decodeIfPresent(String.self, forKey: .start),
                  end: try c.decodeIfPresent(String.self, forKey: .end),
                  former: try c.decodeIfPresent(Bool.self, forKey: .former) ?? false)
    }
}

extension Person {
    enum CodingKeys: String, CodingKey { case id, name, honorific, notes, positions }

    /// Absent `positions` means none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decodeIfPresent(Int64.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
                  honorific: try c.decodeIfPresent(String.self, forKey: .honorific),
                  notes: try c.decodeIfPresent(String.self, forKey: .notes),
                  positions: try c.decodeIfPresent([Position].self, forKey: .positions) ?? [])
    }
}

extension ChairTerm {
    enum CodingKeys: String, CodingKey { case id, committee, member, embassy, start, end, handover, source, uid }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decodeIfPresent(Int64.self, forKey: .id), committee: try c.decode(String.self, forKey: .committee),
                  member: try c.decode(String.self, forKey: .member), embassy: try c.decodeIfPresent(String.self, forKey: .embassy),
                  start: try c.decode(LocalDate.self, forKey: .start), end: try c.decode(LocalDate.self, forKey: .end),
                  handover: try c.decodeIfPresent(LocalDate.self, forKey: .handover),
                  source: try c.decodeIfPresent(String.self, forKey: .source), uid: try c.decodeIfPresent(String.self, forKey: .uid))
    }
}
