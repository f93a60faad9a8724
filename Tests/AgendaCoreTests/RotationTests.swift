import Testing
@testable import AgendaCore

private func d(_ s: String) -> LocalDate { LocalDate(iso: s)! }

private func members(_ names: [String], committee: String = "X", from: String? = nil, to: String? = nil) -> [Membership] {
    names.map { Membership(committee: committee, state: $0, start: from.map(d), end: to.map(d)) }
}

@Suite("Chairmanship rotations projected from rules and recorded exceptions")
struct RotationTests {
    /// EU Council presidency 2016-2020: six-month terms in a fixed order; the United Kingdom withdrew its
    /// July-December 2017 term and everyone after moved up six months (Estonia took July 2017).
    @Test("Six-month fixed order with a withdrawn term that shifts everyone after (EU Council, 2016-2020)")
    func euPresidency() {
        let order = ["Netherlands", "Slovakia", "Malta", "United Kingdom", "Estonia", "Bulgaria", "Austria", "Romania",
                     "Finland", "Croatia", "Germany", "Portugal", "Slovenia"]
        let policy = RotationPolicy(committee: "EU", effectiveFrom: d("2016-01-01"), termMonths: 6, order: .explicit(order),
                                    anchorMember: "Netherlands", anchorDate: d("2016-01-01"))
        let engine = RotationEngine(policies: [policy], memberships: members(order, committee: "EU"),
                                    exceptions: [RotationException(kind: .shift, committee: "EU", member: "United Kingdom",
                                                                   date: d("2016-07-20"), source: "Council decision, 2016")])
        let terms = engine.project(from: d("2016-01-01"), until: d("2021-12-31"))
        let expected = ["Netherlands", "Slovakia", "Malta", "Estonia", "Bulgaria", "Austria", "Romania", "Finland",
                        "Croatia", "Germany", "Portugal", "Slovenia"]
        #expect(terms.map(\.member) == expected)
        #expect(terms[3].start == d("2017-07-01") && terms[3].end == d("2017-12-31"))
        #expect(terms[3].note == "withdrawn term of United Kingdom")
        #expect(terms.allSatisfy { $0.kind == .projected })
        #expect(terms[9].member == "Germany" && terms[9].start == d("2020-07-01"))
    }

    /// ASEAN chairmanship: yearly, alphabetical (Brunei Darussalam, Cambodia, Indonesia, Lao PDR, Malaysia,
    /// Myanmar, Philippines, Singapore, Thailand, Viet Nam). Indonesia and Brunei swapped 2011/2013; Lao PDR and
    /// Myanmar swapped 2014/2016; Myanmar's 2026 turn was skipped (the Philippines took 2026); Timor-Leste joined
    /// in October 2025 and enters at its alphabetical place.
    @Test("Annual alphabetical rotation with swaps, a skip and a member joining (ASEAN, 2010-2031)")
    func aseanChairmanship() {
        let founding = ["Brunei Darussalam", "Cambodia", "Indonesia", "Lao PDR", "Malaysia", "Myanmar", "Philippines",
                        "Singapore", "Thailand", "Viet Nam"]
        let ms = members(founding, committee: "ASEAN") + [Membership(committee: "ASEAN", state: "Timor-Leste", start: d("2025-10-26"))]
        let policy = RotationPolicy(committee: "ASEAN", effectiveFrom: d("2010-01-01"), termMonths: 12, order: .alphabetical,
                                    anchorMember: "Viet Nam", anchorDate: d("2010-01-01"))
        let exceptions = [
            RotationException(kind: .swap, committee: "ASEAN", member: "Brunei Darussalam", other: "Indonesia", date: d("2011-01-01")),
            RotationException(kind: .swap, committee: "ASEAN", member: "Lao PDR", other: "Myanmar", date: d("2014-01-01")),
            RotationException(kind: .skip, committee: "ASEAN", member: "Myanmar", date: d("2026-01-01")),
        ]
        let engine = RotationEngine(policies: [policy], memberships: ms, exceptions: exceptions)
        let terms = engine.project(from: d("2010-01-01"), until: d("2031-12-31"))
        let byYear = Dictionary(uniqueKeysWithValues: terms.map { ($0.start.year, $0.member) })
        let history: [Int: String] = [
            2010: "Viet Nam", 2011: "Indonesia", 2012: "Cambodia", 2013: "Brunei Darussalam", 2014: "Myanmar",
            2015: "Malaysia", 2016: "Lao PDR", 2017: "Philippines", 2018: "Singapore", 2019: "Thailand", 2020: "Viet Nam",
            2021: "Brunei Darussalam", 2022: "Cambodia", 2023: "Indonesia", 2024: "Lao PDR", 2025: "Malaysia",
            2026: "Philippines", 2027: "Singapore", 2028: "Thailand", 2029: "Timor-Leste", 2030: "Viet Nam",
            2031: "Brunei Darussalam",
        ]
        for (year, member) in history { #expect(byYear[year] == member, "\(year)") }
        #expect(terms.first { $0.start.year == 2026 }?.note == "skip of Myanmar")
        #expect(terms.first { $0.start.year == 2011 }?.note == "swap with Brunei Darussalam")
        #expect(terms.first { $0.start.year == 2013 }?.note == "swap with Indonesia")
    }

    /// UN Security Council presidency: monthly, English alphabetical order among that year's members, carrying on
    /// across years. "Republic of Korea" is recorded under that name and sorts before "Russian Federation".
    @Test("Monthly alphabetical rotation over members that change every year (UN Security Council, 2023-2025)")
    func securityCouncil() {
        let permanent = ["China", "France", "Russian Federation", "United Kingdom", "United States"]
        func year(_ y: Int, _ elected: [String]) -> [Membership] {
            members(permanent + elected, committee: "UNSC", from: "\(y)-01-01", to: "\(y)-12-31")
        }
        let ms = year(2023, ["Albania", "Brazil", "Ecuador", "Gabon", "Ghana", "Japan", "Malta", "Mozambique", "Switzerland", "United Arab Emirates"])
            + year(2024, ["Algeria", "Ecuador", "Guyana", "Japan", "Malta", "Mozambique", "Korea", "Sierra Leone", "Slovenia", "Switzerland"])
            + year(2025, ["Algeria", "Denmark", "Greece", "Guyana", "Pakistan", "Panama", "Korea", "Sierra Leone", "Slovenia", "Somalia"])
        let policy = RotationPolicy(committee: "UNSC", effectiveFrom: d("2023-01-01"), termMonths: 1, order: .alphabetical,
                                    anchorMember: "Japan", anchorDate: d("2023-01-01"))
        let engine = RotationEngine(policies: [policy], memberships: ms, recordedNames: ["Korea": "Republic of Korea"])
        let got = engine.project(from: d("2023-01-01"), until: d("2025-12-31")).map(\.member)
        let real = [
            "Japan", "Malta", "Mozambique", "Russian Federation", "Switzerland", "United Arab Emirates", "United Kingdom",
            "United States", "Albania", "Brazil", "China", "Ecuador",
            "France", "Guyana", "Japan", "Malta", "Mozambique", "Korea", "Russian Federation", "Sierra Leone", "Slovenia",
            "Switzerland", "United Kingdom", "United States",
            "Algeria", "China", "Denmark", "France", "Greece", "Guyana", "Pakistan", "Panama", "Korea",
            "Russian Federation", "Sierra Leone", "Slovenia",
        ]
        #expect(got == real)
    }

    @Test("Recorded terms win, with handover dates; the projection continues from the last recorded holder")
    func recordedAndHandover() {
        let acr = ["Indonesia", "Malaysia", "Myanmar", "Philippines", "Thailand", "Viet Nam"]
        let policy = RotationPolicy(committee: "ACR", effectiveFrom: d("2017-01-01"), termMonths: 6, order: .alphabetical,
                                    anchorMember: "Viet Nam", anchorDate: d("2017-01-01"))
        let recorded = [
            ChairTerm(committee: "ACR", member: "Viet Nam", start: d("2023-01-01"), end: d("2023-06-30")),
            // Recorded out of turn: Philippines in the second half of 2023, handed over on 20 July.
            ChairTerm(committee: "ACR", member: "Philippines", start: d("2023-07-01"), end: d("2023-12-31"), handover: d("2023-07-20")),
        ]
        let engine = RotationEngine(policies: [policy], memberships: members(acr, committee: "ACR"), recorded: recorded)
        let terms = engine.project(from: d("2022-07-01"), until: d("2024-12-31"))
        #expect(terms.map(\.member) == ["Thailand", "Viet Nam", "Philippines", "Thailand", "Viet Nam"])
        #expect(terms.map(\.kind) == [.projected, .recorded, .recorded, .projected, .projected])
        // Before the handover meeting, Viet Nam still chairs.
        #expect(engine.holder(on: d("2023-07-19"))?.member == "Viet Nam")
        #expect(engine.holder(on: d("2023-07-20"))?.member == "Philippines")
        // First and last day of a projected term.
        #expect(engine.holder(on: d("2024-01-01"))?.member == "Thailand")
        #expect(engine.holder(on: d("2024-06-30"))?.member == "Thailand")
        #expect(engine.holder(on: d("2024-07-01"))?.member == "Viet Nam")
        // Counting back from the anchor when nothing is recorded.
        #expect(engine.holder(on: d("2017-01-01"))?.member == "Viet Nam")
        #expect(engine.holder(on: d("2017-07-01"))?.member == "Indonesia")
    }

    @Test("A designation overrides one term only; policies change over time")
    func designationAndPolicyChange() {
        let ms = members(["A", "B", "C", "D"])
        let p1 = RotationPolicy(committee: "X", effectiveFrom: d("2020-01-01"), termMonths: 12, order: .alphabetical,
                                anchorMember: "A", anchorDate: d("2020-01-01"))
        let p2 = RotationPolicy(committee: "X", effectiveFrom: d("2024-01-01"), termMonths: 6, order: .explicit(["D", "C", "B", "A"]),
                                anchorMember: "D", anchorDate: d("2024-01-01"))
        let engine = RotationEngine(policies: [p1, p2], memberships: ms,
                                    exceptions: [RotationException(kind: .designate, committee: "X", member: "D", date: d("2021-01-01"))])
        let terms = engine.project(from: d("2020-01-01"), until: d("2025-06-30"))
        #expect(terms.map(\.member) == ["A", "D", "C", "D", "D", "C", "B"])
        #expect(terms[1].note == "designated")
        #expect(terms[4].start == d("2024-01-01") && terms[4].end == d("2024-06-30"))
    }
}
