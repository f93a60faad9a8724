extension ChairTerm {
    /// The term whose holder chairs on `date` among recorded `terms` (sorted or not). A term with an actual
    /// handover after its nominal start leaves the previous term's holder in the chair until the handover day.
    public static func holder(on date: LocalDate, among terms: [ChairTerm]) -> ChairTerm? {
        let sorted = terms.sorted { $0.start < $1.start }
        for (i, t) in sorted.enumerated() where t.contains(date) {
            if let h = t.handover, date < h, i > 0, sorted[i - 1].end >= t.start.adding(days: -1) {
                return sorted[i - 1]
            }
            return t
        }
        // A handover earlier than the nominal start puts the next holder in the chair before its term.
        if let next = sorted.first(where: { ($0.handover ?? $0.start) <= date && date < $0.start }) { return next }
        return nil
    }
}
