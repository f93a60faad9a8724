import Foundation

/// How a committee's chair rotates, from a date on.
public struct RotationPolicy: Hashable, Sendable, Codable {
    public enum Order: Hashable, Sendable, Codable {
        /// Alphabetical by the members' names as the committee records them, among members current at each
        /// term's start.
        case alphabetical
        /// An explicit order of member names (members not current at a term's start are passed over).
        case explicit([String])
    }

    public var committee: String
    /// The policy applies to terms starting on or after this date.
    public var effectiveFrom: LocalDate
    /// Term length in months (1, 6, 12 or any N), aligned on the anchor.
    public var termMonths: Int
    public var order: Order
    /// The member holding the term that starts on `anchorDate`.
    public var anchorMember: String
    public var anchorDate: LocalDate
    public var source: String?

    public init(committee: String, effectiveFrom: LocalDate, termMonths: Int, order: Order, anchorMember: String,
                anchorDate: LocalDate, source: String? = nil) {
        self.committee = committee; self.effectiveFrom = effectiveFrom; self.termMonths = termMonths; self.order = order
        self.anchorMember = anchorMember; self.anchorDate = anchorDate; self.source = source
    }
}

/// A recorded departure from the rule, honoured by projections.
public struct RotationException: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        public init(from decoder: any Decoder) throws { self = try Self.decodeWord(decoder) }

        /// The member's next turn on or after `date` is skipped: the next member takes it and the cycle continues.
        case skip
        /// The member's term due on or after `date` is withdrawn and everyone after moves up (like the UK's 2017
        /// EU presidency).
        case shift
        /// `member` and `other` exchange their next turns on or after `date`.
        case swap
        /// `member` holds the term starting on `date`, whatever the rule says; the cycle is not otherwise changed.
        case designate
    }

    public var kind: Kind
    public var committee: String
    public var member: String
    public var other: String?
    public var date: LocalDate
    public var source: String?

    public init(kind: Kind, committee: String, member: String, other: String? = nil, date: LocalDate, source: String? = nil) {
        self.kind = kind; self.committee = committee; self.member = member; self.other = other; self.date = date
        self.source = source
    }
}

/// One term of a projection.
public struct ProjectedTerm: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable { case recorded, projected }
    public var member: String
    public var start: LocalDate
    /// Inclusive.
    public var end: LocalDate
    public var kind: Kind
    /// What shaped it: "skip of Myanmar", "swap with Brunei", "designated", or nil.
    public var note: String?

    public init(member: String, start: LocalDate, end: LocalDate, kind: Kind, note: String? = nil) {
        self.member = member; self.start = start; self.end = end; self.kind = kind; self.note = note
    }
}

/// Projects chair terms from rotation policies, memberships, exceptions and recorded terms.
///
/// The rule: terms of `termMonths` months aligned on the anchor; the member after the previous holder, in the
/// policy's order among the members current at the term's start, holds the next term (a member who joined enters at
/// its alphabetical place; one who left is passed over). A recorded term always wins, and the projection continues
/// from the last recorded holder. Exceptions: skip and shift pass over a member once; swap exchanges two members'
/// next turns; designate sets one term's holder.
public struct RotationEngine: Sendable {
    public var policies: [RotationPolicy]
    public var memberships: [Membership]
    public var exceptions: [RotationException]
    public var recorded: [ChairTerm]
    /// Names as the committee records them (state name → recorded name), for alphabetical order.
    public var recordedNames: [String: String]

    public init(policies: [RotationPolicy], memberships: [Membership], exceptions: [RotationException] = [],
                recorded: [ChairTerm] = [], recordedNames: [String: String] = [:]) {
        self.policies = policies.sorted { $0.effectiveFrom < $1.effectiveFrom }
        self.memberships = memberships
        self.exceptions = exceptions.sorted { $0.date < $1.date }
        self.recorded = recorded.sorted { $0.start < $1.start }
        self.recordedNames = recordedNames
    }

    func sortName(_ member: String) -> String { recordedNames[member] ?? member }

    /// Alphabetical order of the names the committee records (case-insensitive, locale-independent).
    func alphabeticallyBefore(_ a: String, _ b: String) -> Bool {
        sortName(a).compare(sortName(b), options: [.caseInsensitive], locale: Locale(identifier: "en_US_POSIX")) == .orderedAscending
    }

    /// The members of the cycle for a term starting on `date`, in the policy's order.
    func cycle(_ policy: RotationPolicy, on date: LocalDate) -> [String] {
        let current = Set(memberships.filter { $0.isCurrent(on: date) }.map(\.state))
        switch policy.order {
        case .alphabetical:
            return current.sorted(by: alphabeticallyBefore)
        case let .explicit(list):
            return list.filter { current.contains($0) }
        }
    }

    /// The member after `previous` in `cycle`; when `previous` is not in it (it left, or the order changed), the
    /// first that would follow its place.
    func successor(of previous: String, in cycle: [String], policy: RotationPolicy) -> String? {
        guard !cycle.isEmpty else { return nil }
        if let i = cycle.firstIndex(of: previous) { return cycle[(i + 1) % cycle.count] }
        switch policy.order {
        case .alphabetical:
            return cycle.first { alphabeticallyBefore(previous, $0) } ?? cycle[0]
        case let .explicit(list):
            guard let p = list.firstIndex(of: previous) else { return cycle[0] }
            for k in 1...list.count where cycle.contains(list[(p + k) % list.count]) { return list[(p + k) % list.count] }
            return cycle[0]
        }
    }

    /// Term boundaries of `policy`: the term containing `date`.
    public static func term(_ policy: RotationPolicy, containing date: LocalDate) -> (start: LocalDate, end: LocalDate) {
        let a = policy.anchorDate, m = policy.termMonths
        let months = (date.year - a.year) * 12 + (date.month - a.month)
        var k = Int((Double(months) / Double(m)).rounded(.down))
        if a.adding(months: k * m) > date { k -= 1 }
        if a.adding(months: (k + 1) * m) <= date { k += 1 }
        return (a.adding(months: k * m), a.adding(months: (k + 1) * m).adding(days: -1))
    }

    /// The policy in force for a term starting on `date`.
    public func policy(on date: LocalDate) -> RotationPolicy? {
        policies.last { $0.effectiveFrom <= date }
    }

    /// The sequence of terms overlapping [from, until], recorded where recorded, projected elsewhere.
    public func project(from: LocalDate, until: LocalDate) -> [ProjectedTerm] {
        var out: [ProjectedTerm] = []
        let starts = [policies.first.map { min($0.anchorDate, $0.effectiveFrom) }, recorded.first?.start].compactMap { $0 }
        guard var cursor = starts.min() else { return [] }
        var previous: String?
        var used = Set<Int>()
        var owed: [String: String] = [:]
        var steps = 0
        while cursor <= until, steps < 200_000 {
            steps += 1
            if let r = recorded.last(where: { $0.start <= cursor && cursor <= $0.end }) {
                if r.end >= from {
                    out.append(ProjectedTerm(member: r.member, start: r.start, end: r.end, kind: .recorded,
                                             note: r.handover.map { "actual handover \($0)" }))
                }
                previous = r.member
                cursor = r.end.adding(days: 1)
                continue
            }
            let nextRecorded = recorded.first { $0.start > cursor }?.start
            guard let p = policy(on: cursor) else {
                let nextPolicy = policies.first { $0.effectiveFrom > cursor }?.effectiveFrom
                guard let next = [nextRecorded, nextPolicy].compactMap({ $0 }).min() else { break }
                cursor = next
                continue
            }
            var end = Self.term(p, containing: cursor).end
            if let r = nextRecorded, r <= end { end = r.adding(days: -1) }
            if let np = policies.first(where: { $0.effectiveFrom > cursor })?.effectiveFrom, np <= end { end = np.adding(days: -1) }
            if let t = projectOne(p, start: cursor, end: end, previous: previous, used: &used, owed: &owed) {
                if t.term.end >= from { out.append(t.term) }
                previous = t.nominal
            }
            cursor = end.adding(days: 1)
        }
        return out
    }

    /// The holder on `date`: a recorded term (with handovers honoured), else the projection.
    public func holder(on date: LocalDate) -> ProjectedTerm? {
        if let r = ChairTerm.holder(on: date, among: recorded) {
            return ProjectedTerm(member: r.member, start: r.start, end: r.end, kind: .recorded,
                                 note: r.handover.map { "actual handover \($0)" })
        }
        return project(from: date, until: date).first { $0.start <= date && date <= $0.end }
    }

    /// One projected term in [start, end] after `previous`; returns the term and the nominal holder that the cycle
    /// continues from.
    func projectOne(_ p: RotationPolicy, start: LocalDate, end: LocalDate, previous: String?,
                    used: inout Set<Int>, owed: inout [String: String]) -> (term: ProjectedTerm, nominal: String)? {
        let cycle = self.cycle(p, on: start)
        guard !cycle.isEmpty else { return nil }
        var note: String?
        var nominal: String
        if start == p.anchorDate {
            nominal = p.anchorMember
        } else if let previous {
            nominal = successor(of: previous, in: cycle, policy: p)!
        } else {
            // Before the anchor with nothing recorded: count back from the anchor in this cycle.
            let anchorCycle = self.cycle(p, on: p.anchorDate)
            let terms = ((p.anchorDate.year - start.year) * 12 + (p.anchorDate.month - start.month) + p.termMonths - 1) / p.termMonths
            let i = anchorCycle.firstIndex(of: p.anchorMember) ?? 0
            nominal = anchorCycle.isEmpty ? p.anchorMember : anchorCycle[((i - terms) % anchorCycle.count + anchorCycle.count) % anchorCycle.count]
        }
        // Skips and shifts pass over a member once.
        var passes = 0
        while passes < cycle.count, let i = exceptions.indices.first(where: {
            !used.contains($0) && (exceptions[$0].kind == .skip || exceptions[$0].kind == .shift)
                && exceptions[$0].member == nominal && exceptions[$0].date <= end
        }) {
            used.insert(i)
            note = "\(exceptions[i].kind == .skip ? "skip" : "withdrawn term") of \(nominal)"
            nominal = successor(of: nominal, in: cycle, policy: p)!
            passes += 1
        }
        var holder = nominal
        // Swaps: the first of the pair to be due gives its turn to the other, who owes it back.
        if let owedTo = owed[nominal] {
            holder = owedTo
            owed[nominal] = nil
            note = "swap with \(nominal)"
        } else if let i = exceptions.indices.first(where: {
            !used.contains($0) && exceptions[$0].kind == .swap && exceptions[$0].date <= end
                && (exceptions[$0].member == nominal || exceptions[$0].other == nominal)
        }) {
            used.insert(i)
            let e = exceptions[i]
            let other = e.member == nominal ? e.other! : e.member
            holder = other
            owed[other] = nominal
            note = "swap with \(nominal)"
        }
        // A designation sets this term's holder only.
        if let i = exceptions.indices.first(where: { exceptions[$0].kind == .designate && exceptions[$0].date >= start && exceptions[$0].date <= end }) {
            holder = exceptions[i].member
            note = "designated"
        }
        return (ProjectedTerm(member: holder, start: start, end: end, kind: .projected, note: note), nominal)
    }
}
