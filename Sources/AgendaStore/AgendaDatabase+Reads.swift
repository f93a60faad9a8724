import AgendaCore
import Foundation
import GRDB

extension AgendaDatabase {
    // MARK: Events

    /// Events matching `filter`, sorted by start (finer precision first on the same start), then UID.
    public func events(_ filter: EventFilter = EventFilter()) throws -> [Event] {
        try read { db in try Self.fetchEvents(db, filter) }
    }

    /// One event by id or UID.
    public func event(_ key: String) throws -> Event {
        try read { db in try Self.fetchEvent(db, key: key) }
    }

    /// The stored event with id or UID `key`, with its details.
    static func fetchEvent(_ db: Database, key: String) throws -> Event {
        try fetchEvents(db, EventFilter(ids: [try eventID(db, key: key)])).first!
    }

    /// Events still to come or under way at `from`, up to `until` (exclusive).
    public func upcoming(from: Date, until: Date, committees: [String] = [],
                         statuses: Set<EventStatus> = [.tentative, .confirmed, .postponed]) throws -> [Event] {
        try events(EventFilter(window: EventFilter.window(from: from, to: until), committees: committees,
                               statuses: statuses))
    }

    /// The SQL that selects event ids for a filter. A window is one range scan of the `event_class_span` index per
    /// length class (`SpanClass`): an event of class k overlapping [a, b) starts before b and after a minus the
    /// class's longest span, so the rows read stay proportional to the rows returned.
    /// `includingSeries` also takes the series whose extent (not only their first occurrence) overlaps the window,
    /// for reads that hand series on whole (feeds).
    static func whereClause(_ f: EventFilter, includingSeries: Bool = false) -> (sql: String, arguments: StatementArguments) {
        var clauses: [String] = []
        var args = StatementArguments()
        if let w = f.window {
            let classes = f.spanClasses
            let parts = classes.map { _ in
                "SELECT id FROM event WHERE span_class = ? AND span_start < ? AND span_start >= ? AND span_end > ?"
            }
            let series = includingSeries ? " OR e.id IN (\(seriesOverlapSQL))" : ""
            clauses.append("(e.id IN (\(parts.joined(separator: " UNION ALL ")))\(series))")
            for (k, longest) in classes {
                args += [k, w.upperBound, w.lowerBound - longest, w.lowerBound]
            }
            if includingSeries { args += [w.lowerBound, w.upperBound] }
        }
        if !f.committees.isEmpty {
            clauses.append("e.committee_id IN (SELECT id FROM committee WHERE code COLLATE NOCASE IN (\(f.committees.map { _ in "?" }.joined(separator: ","))))")
            args += StatementArguments(f.committees)
        }
        if !f.statuses.isEmpty {
            let s = f.statuses.map(\.rawValue).sorted()
            clauses.append("e.status IN (\(s.map { _ in "?" }.joined(separator: ",")))")
            args += StatementArguments(s)
        }
        if !f.classifications.isEmpty {
            let s = f.classifications.map(\.rawValue).sorted()
            clauses.append("e.classification IN (\(s.map { _ in "?" }.joined(separator: ",")))")
            args += StatementArguments(s)
        }
        if let since = f.cancelledSince {
            clauses.append("(e.status <> 'cancelled' OR e.modified_at >= ?)")
            args += [since]
        }
        if !f.ids.isEmpty {
            // One JSON argument, however many ids: a statement with a placeholder per id took longer to prepare
            // (thousands of them for a window's series) than to run.
            clauses.append("e.id IN (SELECT value FROM json_each(?))")
            args += idsArgument(f.ids)
        }
        return (clauses.isEmpty ? "1" : clauses.joined(separator: " AND "), args)
    }

    static let eventSelect = """
        SELECT \(EventColumns.list.sql)
        FROM event e LEFT JOIN committee c ON c.id = e.committee_id LEFT JOIN person p ON p.id = e.chair_id
        """

    /// The columns a summary read leaves out (read as NULL or 0): what a table of titles and times never shows.
    static let summaryOmits: [String: String] = [
        "alt_title": "NULL", "chair_name": "NULL", "notes": "NULL", "source": "NULL",
        "sequence": "0", "created_at": "0", "modified_at": "0",
    ]

    /// The columns of `event` a summary read takes, all of them in the `event_class_span` index.
    static let summaryColumns = """
        e.id, e.span_start, e.span_end, e.status, e.classification, e.committee_id, e.precision, e.local_start,
        e.local_end, e.time_zone, e.wall_fold, e.kind, e.uid, e.title, e.location
        """

    /// `eventSelect` without the columns of `summaryOmits`, over all events in index order (a listing without a
    /// window).
    static let eventSummarySelect = """
        SELECT \(EventColumns.list.sql(replacing: summaryOmits))
        FROM event e LEFT JOIN committee c ON c.id = e.committee_id
        """

    /// A summary read of a window: one range of the covering `event_class_span` index per length class, each
    /// filtered there, so no table row is read at all; in the listing order unless the filter leaves it to its
    /// caller (`EventFilter.ordered`).
    static func windowSummarySQL(_ f: EventFilter, window w: Range<Int>) -> (sql: String, arguments: StatementArguments) {
        // The other conditions (committees, statuses, classes) are checked in each range, on the index entries.
        let (otherSQL, otherArgs) = whereClause(EventFilter(committees: f.committees, statuses: f.statuses,
                                                            classifications: f.classifications))
        let branch = "SELECT \(summaryColumns) FROM event e WHERE e.span_class = ? AND e.span_start < ? AND e.span_start >= ? AND e.span_end > ? AND \(otherSQL)"
        var args = StatementArguments()
        let classes = f.spanClasses
        for (k, longest) in classes {
            args += [k, w.upperBound, w.lowerBound - longest, w.lowerBound]
            args += otherArgs
        }
        let sql = """
            SELECT \(EventColumns.list.sql(replacing: summaryOmits))
            FROM (\(classes.map { _ in branch }.joined(separator: " UNION ALL "))) e
            LEFT JOIN committee c ON c.id = e.committee_id
            """ + (f.ordered ? " ORDER BY \(eventOrder)" : "")
        return (sql, args)
    }

    /// Listing and feed order: by start, then the shorter span first (so on the same start a timed or one-day
    /// event comes before a month, a month before a quarter or a year), then UID: the order of the `event_span`
    /// index, so SQLite never sorts. UIDs rather than ids (the order events were stored) break ties so that a feed
    /// read into another agenda (where an import stores a file's series after its single events) lists and is
    /// written back in the same order.
    static let eventOrder = "e.span_start, e.span_end, e.uid"

    /// The events of `filter`. `knownSeries`: series already read, for `attachSeries`.
    static func fetchEvents(_ db: Database, _ filter: EventFilter, knownSeries: [Int64: StoredSeries] = [:]) throws -> [Event] {
        // Series are expanded for windows; a read of long items only leaves them out (occurrences are dated). The
        // window's events are then sorted once, with the series' occurrences, not by SQLite first.
        if let w = filter.window, filter.minimumSpan == 0, try seriesExist(db) {
            var unordered = filter
            unordered.ordered = false
            return try expandingSeries(db, readEvents(db, unordered, knownSeries: knownSeries), filter: filter, window: w)
        }
        return try readEvents(db, filter, knownSeries: knownSeries)
    }

    /// `fetchEvents` without the expansion of series. A summary read without a window (a listing of everything,
    /// where a series is one line) still reads each recurring event's series, so that the listing can say it
    /// repeats; a window lists occurrences instead, and a read by ids (a window's series) attaches them itself.
    private static func readEvents(_ db: Database, _ filter: EventFilter, knownSeries: [Int64: StoredSeries]) throws -> [Event] {
        var events: [Event] = []
        var index: [Int64: Int] = [:]
        let seriesOnly = !filter.withDetails && filter.window == nil && filter.ids.isEmpty
        let (sql, arguments) = readSQL(filter)
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            let event = try decodeEvent(row)
            if filter.withDetails || seriesOnly { index[event.id!] = events.count }
            events.append(event)
        }
        guard !events.isEmpty else { return events }
        if filter.withDetails { try attachDetails(db, to: &events, index: index, knownSeries: knownSeries) }
        if seriesOnly { try attachSeries(db, to: &events, index: index) }
        return events
    }

    /// The SQL of an event read: everything (`eventSelect`), or a summary read from the covering index alone
    /// when a window is given.
    static func readSQL(_ filter: EventFilter) -> (sql: String, arguments: StatementArguments) {
        if !filter.withDetails, let w = filter.window { return windowSummarySQL(filter, window: w) }
        let (whereSQL, args) = whereClause(filter)
        let select = filter.withDetails ? eventSelect : eventSummarySelect
        return ("\(select) WHERE \(whereSQL)" + (filter.ordered ? " ORDER BY \(eventOrder)" : ""), args)
    }

    /// Decodes a row of `eventSelect`, without participants and topics.
    static func decodeEvent(_ row: Row) throws -> Event {
        typealias C = EventColumns
        guard let schedule = Schedule(trustedPrecision: Precision(rawValue: row[C.precision])!, start: row[C.localStart],
                                      end: row[C.localEnd], timeZone: row[C.timeZone],
                                      laterOccurrences: row[C.wallFold]) else {
            throw AgendaError.database("event #\(row[C.id] as Int64) has an unreadable schedule")
        }
        return Event(id: row[C.id], uid: row[C.uid], kind: EventKind(rawValue: row[C.kind]) ?? .other,
                     title: row[C.title], altTitle: row[C.altTitle], schedule: schedule,
                     status: EventStatus(rawValue: row[C.status])!,
                     classification: Classification(rawValue: row[C.classification])!, committee: row[C.committee],
                     chair: row[C.chair], location: row[C.location], notes: row[C.notes], source: row[C.source],
                     sequence: row[C.sequence], created: Date(timeIntervalSince1970: TimeInterval(row[C.created] as Int64)),
                     modified: Date(timeIntervalSince1970: TimeInterval(row[C.modified] as Int64)))
    }

    /// Adds participants, topics and series to `events` (`index` maps their ids to their positions). The ids go
    /// to SQLite as one JSON array, so each detail table is read once, in id order, however many events there are;
    /// a table that holds no row at all (an agenda without participants, or without changed occurrences) is not
    /// read for each batch. `knownSeries`: series already read (`attachSeries`).
    static func attachDetails(_ db: Database, to events: inout [Event], index: [Int64: Int],
                              knownSeries: [Int64: StoredSeries] = [:]) throws {
        guard !index.isEmpty else { return }
        let idsSQL = "SELECT value FROM json_each(?)"
        let args = idsArgument(index)
        if try holdsRows(db, "event_participant") {
            typealias P = ParticipantColumns
            let participants = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT \(P.list.sql)
                FROM event_participant ep LEFT JOIN person pe ON pe.id = ep.person_id
                LEFT JOIN organisation o ON o.id = ep.organisation_id
                WHERE ep.event_id IN (\(idsSQL)) ORDER BY ep.event_id, ep.ordinal
                """), arguments: args)
            while let row = try participants.next() {
                guard let i = index[row[P.eventID]] else { continue }
                let party: Participant.Party = (row[P.person] as String?).map { .person($0) } ?? .organisation(row[P.organisation])
                events[i].participants.append(Participant(party, role: row[P.role], title: row[P.title]))
            }
        }
        if try holdsRows(db, "event_topic") {
            typealias T = TopicColumns
            let topics = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT \(T.list.sql) FROM event_topic t
                WHERE t.event_id IN (\(idsSQL)) ORDER BY t.event_id, t.ordinal
                """), arguments: args)
            while let row = try topics.next() {
                if let i = index[row[T.eventID]] { events[i].topics.append(row[T.topic]) }
            }
        }
        try attachSeries(db, to: &events, index: index, ids: args, known: knownSeries)
    }

    /// The ids of `index` as the one JSON array argument that `SELECT value FROM json_each(?)` reads.
    static func idsArgument(_ index: [Int64: Int]) -> StatementArguments { idsArgument(index.keys) }

    /// `ids` as the one JSON array argument that `SELECT value FROM json_each(?)` reads.
    static func idsArgument(_ ids: some Collection<Int64>) -> StatementArguments {
        var list = "["
        list.reserveCapacity(ids.count * 8 + 2)
        for (n, id) in ids.enumerated() {
            if n > 0 { list += "," }
            list += String(id)
        }
        list += "]"
        return [list]
    }

    /// Whether `table` (one of the store's own tables, named by the caller) holds any row.
    static func holdsRows(_ db: Database, _ table: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM \(table))")) ?? false
    }

    /// The query plan SQLite chooses for a window read (for tests proving the index is used).
    public func windowQueryPlan(_ filter: EventFilter) throws -> [String] {
        try read { db in
            let (sql, args) = Self.readSQL(filter)
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(sql)", arguments: args).map { $0["detail"] }
        }
    }

    /// What a window read costs: the index entries its range scans visit (one range per length class) and the
    /// events it returns. Tests hold the first proportional to the second.
    public func windowCost(_ window: Range<Int>) throws -> (read: Int, returned: Int) {
        try read { db in
            var visited = 0
            for (k, longest) in SpanClass.longest.enumerated() {
                visited += try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM event WHERE span_class = ? AND span_start < ? AND span_start >= ?
                    """, arguments: [k, window.upperBound, window.lowerBound - longest]) ?? 0
            }
            let returned = try Int.fetchOne(db, sql: "SELECT count(*) FROM event WHERE span_start < ? AND span_end > ?",
                                            arguments: [window.upperBound, window.lowerBound]) ?? 0
            return (visited, returned)
        }
    }

    /// True when no table holds a row (a database just created and migrated).
    public func holdsNoData() throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT NOT (EXISTS (SELECT 1 FROM state) OR EXISTS (SELECT 1 FROM organisation)
                    OR EXISTS (SELECT 1 FROM person) OR EXISTS (SELECT 1 FROM committee) OR EXISTS (SELECT 1 FROM event))
                """) ?? false
        }
    }

    /// Closes the connection (checkpointing the WAL when it is the last one).
    public func close() throws {
        if let queue = writer as? DatabaseQueue { try queue.close() }
    }

    public func eventCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM event")! }
    }

    // MARK: Search

    /// One search hit.
    public struct SearchHit: Sendable, Hashable {
        public enum Kind: String, Sendable { case event, person, organisation }
        public var kind: Kind
        public var id: Int64
        /// Title or name.
        public var label: String
        /// The event, for event hits.
        public var event: Event?
    }

    /// Finds events, people and organisations whose text contains every word of `query` (as prefixes), ignoring
    /// case and diacritics: "doi thoai" finds "Đối thoại cấp cao Italy-ASEAN". Those whose title or name (or an
    /// event's title in the source's language) holds every word come first, then the others; each group best
    /// match first (FTS5's bm25, which alone put a short event that mentions the words in a topic above the one
    /// named by them).
    public func search(_ query: String, limit: Int = 50) throws -> [SearchHit] {
        guard let match = SearchIndex.matchExpression(query) else {
            throw AgendaError.invalid(field: "query", value: query, expected: "at least one word or number")
        }
        let terms = TextFolding.queryTerms(query)
        func named(_ hit: SearchHit) -> Bool {
            let words = ([hit.label] + [hit.event?.altTitle].compactMap { $0 }).flatMap(TextFolding.queryTerms)
            return terms.allSatisfy { t in words.contains { $0.hasPrefix(t) } }
        }
        // The named ones among the best few hundred matches are brought forward (a stable partition).
        let hits = try read { db in try Self.searchHits(db, match, limit: min(limit * 4, limit + 200)) }
        var first: [SearchHit] = [], rest: [SearchHit] = []
        for hit in hits { if named(hit) { first.append(hit) } else { rest.append(hit) } }
        return Array((first + rest).prefix(limit))
    }

    /// The hits of an FTS5 `match`, best first, with their labels (and events): one read of the index, then one
    /// of each kind of thing it found.
    private static func searchHits(_ db: Database, _ match: String, limit: Int) throws -> [SearchHit] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT entity, entity_id FROM search_index WHERE search_index MATCH ? ORDER BY bm25(search_index), rowid LIMIT ?
            """, arguments: [match, limit])
        let found = rows.map { (entity: $0["entity"] as String, id: $0["entity_id"] as Int64) }
        func ids(_ entity: String) -> [Int64] { found.filter { $0.entity == entity }.map(\.id) }
        func names(_ table: String, _ ids: [Int64]) throws -> [Int64: String] {
            guard !ids.isEmpty else { return [:] }
            return Dictionary(try Row.fetchAll(db, sql: "SELECT id, name FROM \(table) WHERE id IN (SELECT value FROM json_each(?))",
                                               arguments: idsArgument(ids)).map { ($0["id"] as Int64, $0["name"] as String) },
                              uniquingKeysWith: { a, _ in a })
        }
        let eventIDs = ids("event")
        let events = eventIDs.isEmpty ? [:] : Dictionary(try fetchEvents(db, EventFilter(ids: eventIDs)).map { ($0.id!, $0) },
                                                          uniquingKeysWith: { a, _ in a })
        let people = try names("person", ids("person")), organisations = try names("organisation", ids("organisation"))
        return found.compactMap { f in
            switch f.entity {
            case "event": events[f.id].map { SearchHit(kind: .event, id: f.id, label: $0.title, event: $0) }
            case "person": people[f.id].map { SearchHit(kind: .person, id: f.id, label: $0) }
            default: organisations[f.id].map { SearchHit(kind: .organisation, id: f.id, label: $0) }
            }
        }
    }

    // MARK: Committees, members, terms

    /// All committees by code.
    public func committees() throws -> [Committee] {
        try read(Self.fetchCommittees)
    }

    static func fetchCommittees(_ db: Database) throws -> [Committee] {
        try Row.fetchAll(db, sql: "\(committeeSelect) ORDER BY c.code").map(committee)
    }

    /// One committee by code (case-insensitive).
    public func committee(_ code: String) throws -> Committee {
        try read { db in
            guard let c = try Self.fetchCommittee(db, code: code) else {
                throw AgendaError.notFound(entity: "committee", key: code)
            }
            return c
        }
    }

    static let committeeSelect = """
        SELECT c.id AS id, c.code AS code, c.name AS name, o.name AS parent, c.seat_city AS seat_city,
               c.time_zone AS time_zone, c.notes AS notes
        FROM committee c LEFT JOIN organisation o ON o.id = c.parent_id
        """

    static func committee(_ row: Row) -> Committee {
        Committee(id: row["id"], code: row["code"], name: row["name"], parent: row["parent"], seatCity: row["seat_city"],
                  timeZone: row["time_zone"], notes: row["notes"])
    }

    static func fetchCommittee(_ db: Database, code: String) throws -> Committee? {
        try Row.fetchOne(db, sql: "\(committeeSelect) WHERE c.code = ? COLLATE NOCASE", arguments: [code]).map(committee)
    }

    /// A committee's memberships, by state name then start.
    public func memberships(_ committee: String) throws -> [Membership] {
        try read { db in try Self.fetchMemberships(db, committeeID: Self.committeeID(db, code: committee)) }
    }

    static func fetchMemberships(_ db: Database, committeeID: Int64) throws -> [Membership] {
        try Row.fetchAll(db, sql: """
            SELECT m.id AS id, c.code AS code, s.name AS state, o.name AS embassy, m.start_date AS start_date,
                   m.end_date AS end_date FROM membership m
            JOIN committee c ON c.id = m.committee_id JOIN state s ON s.id = m.state_id
            LEFT JOIN organisation o ON o.id = m.embassy_id
            WHERE m.committee_id = ? ORDER BY s.name, coalesce(m.start_date, '')
            """, arguments: [committeeID]).map { row in
            Membership(id: row["id"], committee: row["code"], state: row["state"], embassy: row["embassy"],
                       start: (row["start_date"] as String?).flatMap { LocalDate(iso: $0) },
                       end: (row["end_date"] as String?).flatMap { LocalDate(iso: $0) })
        }
    }

    /// A committee's recorded chair terms, oldest first.
    public func chairTerms(_ committee: String) throws -> [ChairTerm] {
        try read { db in try Self.fetchTerms(db, committeeID: Self.committeeID(db, code: committee)) }
    }

    static func fetchTerms(_ db: Database, committeeID: Int64) throws -> [ChairTerm] {
        try Row.fetchAll(db, sql: """
            SELECT t.id AS id, c.code AS code, s.name AS member, o.name AS embassy, t.start_date AS start_date,
                   t.end_date AS end_date, t.handover_date AS handover_date, t.source AS source, t.uid AS uid,
                   t.modified_at AS modified_at, t.sequence AS sequence
            FROM chair_term t JOIN committee c ON c.id = t.committee_id JOIN membership m ON m.id = t.membership_id
            JOIN state s ON s.id = m.state_id LEFT JOIN organisation o ON o.id = m.embassy_id
            WHERE t.committee_id = ? ORDER BY t.start_date
            """, arguments: [committeeID]).map { row in
            ChairTerm(id: row["id"], committee: row["code"], member: row["member"], embassy: row["embassy"],
                      start: LocalDate(iso: row["start_date"] as String)!, end: LocalDate(iso: row["end_date"] as String)!,
                      handover: (row["handover_date"] as String?).flatMap { LocalDate(iso: $0) }, source: row["source"],
                      uid: row["uid"], modified: Date(timeIntervalSince1970: TimeInterval(row["modified_at"] as Int64)),
                      sequence: row["sequence"])
        }
    }

    /// The recorded term of the member chairing `committee` on `date`, if one is recorded. A term whose actual
    /// handover came after its nominal start leaves the previous chair in office until the handover.
    public func chair(_ committee: String, on date: LocalDate) throws -> ChairTerm? {
        try ChairTerm.holder(on: date, among: chairTerms(committee))
    }

    // MARK: People and organisations

    /// All people with their positions, by name.
    public func people() throws -> [Person] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, honorific, notes FROM person ORDER BY name").map { row in
                Person(id: row["id"], name: row["name"], honorific: row["honorific"], notes: row["notes"],
                       positions: try Self.fetchPositions(db, personID: row["id"]))
            }
        }
    }

    /// One person by name or id.
    public func person(_ key: String) throws -> Person {
        try read { db in
            let id = try Self.personID(db, name: key)
            let row = try Row.fetchOne(db, sql: "SELECT id, name, honorific, notes FROM person WHERE id = ?", arguments: [id])!
            return Person(id: row["id"], name: row["name"], honorific: row["honorific"], notes: row["notes"],
                          positions: try Self.fetchPositions(db, personID: id))
        }
    }

    static func fetchPositions(_ db: Database, personID: Int64) throws -> [Position] {
        try Row.fetchAll(db, sql: """
            SELECT p.title AS title, o.name AS organisation, p.start_date AS start_date, p.end_date AS end_date,
                   p.is_former AS is_former FROM position p
            LEFT JOIN organisation o ON o.id = p.organisation_id WHERE p.person_id = ? ORDER BY p.id
            """, arguments: [personID]).map { row in
            Position(title: row["title"], organisation: row["organisation"], start: row["start_date"], end: row["end_date"],
                     former: row["is_former"])
        }
    }

    static let organisationSelect = """
        SELECT o.id AS id, o.name AS name, o.short_name AS short_name, o.local_name AS local_name, o.kind AS kind,
               s.name AS state, o.city AS city, o.founded AS founded, o.notes AS notes
        FROM organisation o LEFT JOIN state s ON s.id = o.state_id
        """

    static func organisation(_ row: Row) -> Organisation {
        Organisation(id: row["id"], name: row["name"], shortName: row["short_name"], localName: row["local_name"],
                     kind: OrganisationKind(rawValue: row["kind"]) ?? .other, stateName: row["state"], city: row["city"],
                     founded: row["founded"], notes: row["notes"])
    }

    /// All organisations by name.
    public func organisations() throws -> [Organisation] {
        try read { db in try Row.fetchAll(db, sql: "\(Self.organisationSelect) ORDER BY o.name").map(Self.organisation) }
    }

    /// One organisation by name or short name.
    public func organisation(_ key: String) throws -> Organisation {
        try read { db in
            let id = try Self.organisationID(db, name: key)
            return Self.organisation(try Row.fetchOne(db, sql: "\(Self.organisationSelect) WHERE o.id = ?", arguments: [id])!)
        }
    }

    /// Relations an organisation takes part in.
    public func relations(of key: String) throws -> [OrganisationRelation] {
        try read { db in
            let id = try Self.organisationID(db, name: key)
            return try Row.fetchAll(db, sql: """
                SELECT s.name AS subject, r.kind AS kind, o.name AS object, r.since AS since, r.source AS source
                FROM organisation_relation r
                JOIN organisation s ON s.id = r.subject_id JOIN organisation o ON o.id = r.object_id
                WHERE r.subject_id = ?1 OR r.object_id = ?1 ORDER BY r.id
                """, arguments: [id]).map { row in
                OrganisationRelation(subject: row["subject"], kind: row["kind"], object: row["object"], since: row["since"],
                                     source: row["source"])
            }
        }
    }
}
