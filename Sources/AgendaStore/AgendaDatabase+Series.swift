import AgendaCore
import CAgendaSQLite
import Foundation
import GRDB
import ICalendar

/// Recurring events: the series row, its overrides, and windows that expand only the series they touch.
extension AgendaDatabase {
    /// Whether any event repeats (reads skip all series work when none does).
    static func seriesExist(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM event_series)")) ?? false
    }

    /// SQL text of the ids of the series overlapping a window (two `?`: window start, window end), for reads that
    /// take series by their extent rather than their first occurrence.
    static let seriesOverlapSQL = """
        SELECT event_id FROM event_series WHERE (series_end IS NULL OR series_end > ?) AND series_start < ?
        """

    /// Adds the series (rule, dates, overrides) to those of `events` that repeat. `ids`: `idsArgument(index)` when
    /// the caller has it already. `known`: series rows already read (a window's scan of the extent index hands over
    /// those it found tabled, which have no overrides), decoded for these events rather than read again.
    static func attachSeries(_ db: Database, to events: inout [Event], index: [Int64: Int],
                             ids given: StatementArguments? = nil, known: [Int64: StoredSeries] = [:]) throws {
        guard !index.isEmpty, try seriesExist(db) else { return }
        var index = index, ids = given
        if !known.isEmpty {
            var rest: [Int64: Int] = [:]
            for (id, i) in index {
                if let s = known[id] { events[i].series = try s.series(id: id) } else { rest[id] = i }
            }
            guard !rest.isEmpty else { return }
            if rest.count < index.count { (index, ids) = (rest, nil) }
        }
        let args = ids ?? idsArgument(index)
        let statement = try db.cachedStatement(sql: """
            SELECT event_id, rrule, rdates, exdates FROM event_series
            WHERE event_id IN (SELECT value FROM json_each(?))
            """)
        let columns = SeriesColumns(statement.columnNames)
        let rows = try Row.fetchCursor(statement, arguments: args)
        while let row = try rows.next() {
            guard let i = index[row[columns.id]] else { continue }
            events[i].series = try series(row, columns)
        }
        guard try holdsRows(db, "event_override") else { return }
        let overrides = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT event_id, recurrence_id, local_start, local_end, wall_fold, title, location, notes, status, sequence,
                   modified_at
            FROM event_override WHERE event_id IN (SELECT value FROM json_each(?)) ORDER BY event_id, recurrence_id
            """), arguments: args)
        while let row = try overrides.next() {
            guard let i = index[row["event_id"]], events[i].series != nil else { continue }
            let base = events[i].schedule
            var schedule: Schedule?
            if let start: String = row["local_start"] {
                schedule = Schedule(trustedPrecision: base.precision, start: start, end: row["local_end"],
                                    timeZone: base.timeZone, laterOccurrences: row["wall_fold"])
            }
            events[i].series!.overrides.append(OccurrenceOverride(
                recurrenceID: row["recurrence_id"], schedule: schedule, title: row["title"], location: row["location"],
                status: (row["status"] as String?).flatMap(EventStatus.init(rawValue:)), notes: row["notes"],
                sequence: row["sequence"], modified: Date(timeIntervalSince1970: TimeInterval(row["modified_at"] as Int64))))
        }
    }

    /// The series of an `event_series` row (columns `event_id`, `rrule`, `rdates`, `exdates`), its overrides aside.
    static func series(_ row: Row) throws -> Series {
        try series(row, SeriesColumns(row.columnNames))
    }

    /// `series(_:)` with the columns' positions looked up once for the statement (`SeriesColumns`).
    static func series(_ row: Row, _ c: SeriesColumns) throws -> Series {
        try StoredSeries(row, c).series(id: row[c.id])
    }

    /// A series row as stored (its rule and dates as text), read into a `Series` only for the events that need
    /// it: a window's scan finds thousands of series, and the filter's committees and classes drop some.
    struct StoredSeries {
        let rule: String?, rdates: String, exdates: String
        /// The occurrences' UTC starts, when the scan read them (tabled series).
        var starts: [Int]?

        init(_ row: Row, _ c: SeriesColumns, starts: [Int]? = nil) {
            (rule, rdates, exdates, self.starts) = (row[c.rrule], row[c.rdates], row[c.exdates], starts)
        }

        func series(id: Int64) throws -> Series {
            let rule = try rule.map { text in
                do { return try RecurrenceRule.cached(text) } catch {
                    throw AgendaError.database("event #\(id) has an unreadable rule: \(error)")
                }
            }
            return Series(rule: rule, rdates: dateList(rdates), exdates: dateList(exdates))
        }
    }

    /// The positions of `series(_:)`'s columns (`event_id`, `rrule`, `rdates`, `exdates`) among a statement's,
    /// found by name once rather than on every row.
    struct SeriesColumns {
        let id: Int, rrule: Int, rdates: Int, exdates: Int

        init(_ names: some Collection<String>) {
            func at(_ name: String) -> Int {
                guard let i = names.firstIndex(of: name) else { preconditionFailure("no column \(name)") }
                return names.distance(from: names.startIndex, to: i)
            }
            (id, rrule, rdates, exdates) = (at("event_id"), at("rrule"), at("rdates"), at("exdates"))
        }
    }

    /// The recurrence set of an `event_series` row joined to its event (`series(_:)`'s columns and `precision`,
    /// `start`, `zone`), nil when its start, zone or rule does not read. `zones` caches the zones met.
    static func recurrenceSet(_ row: Row, zones: inout [String: TimeZone]) -> (Series, RecurrenceSet)? {
        let zoneName: String = row["zone"]
        guard let zone = zones[zoneName] ?? TimeZone(identifier: zoneName), let start = Event.wallSeconds(key: row["start"]),
              let series = try? series(row),
              let set = try? series.recurrenceSet(start: start, zone: zone, isDate: (row["precision"] as String) == "date") else {
            return nil
        }
        zones[zoneName] = zone
        return (series, set)
    }

    /// The strings of a stored JSON array of date keys.
    static func dateList(_ json: String) -> [String] {
        guard json != "[]" else { return [] }
        // The form `dateListJSON` writes (keys hold no quote, backslash or space), read without a JSON parser.
        if let keys = writtenDateList(json) { return keys }
        guard let data = json.data(using: .utf8),
              let list = try? JSONSerialization.jsonObject(with: data) as? [String] else { return [] }
        return list
    }

    /// The keys of `json` when it is in the form `dateListJSON` writes (`["k1","k2"]`, keys without a quote,
    /// backslash or space), nil otherwise: one pass over its bytes.
    static func writtenDateList(_ json: String) -> [String]? {
        var json = json
        return json.withUTF8 { b -> [String]? in
            let n = b.count
            guard n >= 4, b[0] == UInt8(ascii: "["), b[1] == UInt8(ascii: "\""), b[n - 2] == UInt8(ascii: "\""),
                  b[n - 1] == UInt8(ascii: "]") else { return nil }
            var keys: [String] = []
            var start = 2, i = 2
            while i < n - 2 {
                switch b[i] {
                case UInt8(ascii: "\""):
                    // A key ends only as `","`.
                    guard i + 2 < n - 2, b[i + 1] == UInt8(ascii: ","), b[i + 2] == UInt8(ascii: "\"") else { return nil }
                    keys.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self))
                    i += 3
                    start = i
                case UInt8(ascii: "\\"), UInt8(ascii: " "): return nil
                default: i += 1
                }
            }
            keys.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<(n - 2)]), as: UTF8.self))
            return keys
        }
    }

    /// A JSON array of date keys (digits, `-`, `T`, `:` only: checked before writing).
    static func dateListJSON(_ keys: [String]) -> String {
        "[" + keys.map { "\"\($0)\"" }.joined(separator: ",") + "]"
    }

    /// A series as its rows are written: checked, and its extent and tabled starts worked out (`seriesRow(_:)`).
    /// Pure, so a bulk write works it out on its preparing thread (`prepare`) rather than on the writing one.
    struct SeriesRow: Sendable {
        var rule: String?
        var rdates: String
        var exdates: String
        var start: Int
        var end: Int?
        var starts: Data?
        var overrides: [OccurrenceOverride]
    }

    /// Rewrites the series row and overrides of a stored event (none when it does not repeat), after checking
    /// that the series can be expanded and that every override names one of its occurrences. `isNew`: the event
    /// was just inserted, so it has no rows to replace (two statements fewer an event in a bulk write).
    static func writeSeries(_ db: Database, _ e: Event, isNew: Bool = false) throws {
        try writeSeries(db, e, row: seriesRow(e), isNew: isNew)
    }

    /// `writeSeries` with the series row already worked out (`seriesRow(e)`).
    static func writeSeries(_ db: Database, _ e: Event, row: SeriesRow?, isNew: Bool = false) throws {
        guard let id = e.id else { return }
        if !isNew {
            try db.cachedStatement(sql: "DELETE FROM event_override WHERE event_id = ?").execute(arguments: [id])
            try db.cachedStatement(sql: "DELETE FROM event_series WHERE event_id = ?").execute(arguments: [id])
        }
        guard let row else { return }
        try db.cachedStatement(sql: """
            INSERT INTO event_series(event_id, rrule, rdates, exdates, series_start, series_end, occurrence_starts,
                                     classification)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, row.rule, row.rdates, row.exdates, row.start, row.end, row.starts,
                                     e.classification.rawValue])
        for x in row.overrides {
            try db.cachedStatement(sql: """
                INSERT INTO event_override(event_id, recurrence_id, local_start, local_end, wall_fold, title, location,
                                           notes, status, sequence, modified_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [id, x.recurrenceID, x.schedule?.startText, x.schedule?.endText,
                                         x.schedule?.laterOccurrences ?? 0, x.title, x.location, x.notes,
                                         x.status?.rawValue, x.sequence, Int(x.modified.timeIntervalSince1970)])
        }
    }

    /// The series row of an event (nil when it does not repeat), after checking that the series can be expanded
    /// and that every override names one of its occurrences.
    static func seriesRow(_ e: Event) throws -> SeriesRow? {
        guard let series = e.series else { return nil }
        let isDate: Bool
        switch e.schedule.form {
        case .timed: isDate = false
        case .allDay: isDate = true
        case .period:
            throw AgendaError.invalid(field: "repeat", value: series.rule?.text ?? "RDATE",
                                      expected: "an event with a date or a time (a month, quarter or year cannot repeat)")
        }
        guard series.rule != nil || !series.rdates.isEmpty else {
            throw AgendaError.invalid(field: "repeat", value: "", expected: "a rule or extra dates")
        }
        // Date keys in the event's own form.
        func check(_ key: String, field: String) throws {
            let ok = isDate ? LocalDate(iso: key) != nil : LocalDateTime(iso: key) != nil
            guard ok, key.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x3A) || $0 == 0x2D || $0 == 0x54 }) else {
                throw AgendaError.invalid(field: field, value: key,
                                          expected: isDate ? "a date YYYY-MM-DD (the event lasts whole days)" : "a time YYYY-MM-DDTHH:MM in \(e.schedule.timeZone)")
            }
        }
        for k in series.rdates { try check(k, field: "rdate") }
        for k in series.exdates { try check(k, field: "exdate") }
        if let rule = series.rule, case let .dateTime(t)? = rule.until, case .floating = t.form {
            throw AgendaError.invalid(field: "until", value: t.text, expected: "a UTC time (ending in Z) or a date")
        }
        let shape = try e.seriesShape()
        let set = try e.recurrenceSet()
        for x in series.overrides { try check(x.recurrenceID, field: "occurrence") }
        let changed = series.overrides.map { set.occurrence(wall: Event.wallSeconds(key: $0.recurrenceID)!) }
        let instances = set.instances(among: changed.map(\.instant))
        for (x, o) in zip(series.overrides, changed) {
            var found = instances?.contains(o.instant) ?? false
            if instances == nil {
                do { found = try set.contains(o.instant) }
                catch { throw AgendaError.invalid(field: "occurrence", value: x.recurrenceID, expected: error.expectation) }
            }
            guard found else {
                // A stored event's occurrences can be listed; a new one's cannot yet.
                let listing = e.id.map { " (see `agenda event occurrences \($0)`)" } ?? ""
                throw AgendaError.invalid(field: "occurrence", value: x.recurrenceID,
                                          expected: "a start of an occurrence of event \(e.uid)\(listing)")
            }
            if let s = x.schedule, s.precision != e.schedule.precision || s.timeZone != e.schedule.timeZone {
                throw AgendaError.invalid(field: "occurrence", value: s.label,
                                          expected: "a time of the same kind as the series' (\(e.schedule.label))")
            }
        }
        return SeriesRow(rule: series.rule?.text, rdates: dateListJSON(series.rdates),
                         exdates: dateListJSON(series.exdates), start: shape.start, end: shape.end,
                         starts: shape.starts.map(OccurrenceStarts.encode), overrides: series.overrides)
    }

    /// The scan of `event_series_extent` for the series overlapping a window (three `?`: window start, window end,
    /// window end): each one's id, tabled starts, extent's end, rule and dates. Index entries only.
    /// The scan of the series of the classes `classes` (all when empty) whose extent overlaps a window, with its
    /// arguments: one range of the extent index per class and branch (series that end, series that never end).
    static func seriesWindowScan(_ window: Range<Int>, classes: Set<Classification>) -> (sql: String, arguments: StatementArguments) {
        let names = (classes.isEmpty ? Set(Classification.allCases) : classes).map(\.rawValue).sorted()
        let list = names.map { _ in "?" }.joined(separator: ", ")
        let sql = """
            SELECT event_id, occurrence_starts AS starts, series_end AS end, rrule, rdates, exdates FROM event_series
            WHERE classification IN (\(list)) AND series_end > ? AND series_start < ?
            UNION ALL SELECT event_id, NULL, NULL, rrule, rdates, exdates FROM event_series
            WHERE classification IN (\(list)) AND series_end IS NULL AND series_start < ?
            """
        return (sql, StatementArguments(names) + [window.lowerBound, window.upperBound] + StatementArguments(names)
                    + [window.upperBound])
    }

    /// What a window's scan of the series finds.
    struct SeriesInWindow {
        /// The series whose extent overlaps the window: their events' own rows are not listed as such.
        var candidates: Set<Int64> = []
        /// Those with an occurrence there, or overrides that may move one there, to be read and expanded.
        var hits: [Int64] = []
        /// Those with an occurrence there whose starts are tabled and that have no overrides: their series rows
        /// (rule, dates and starts as stored, from the scan; decoded only for the events the read keeps), so their
        /// occurrences are listed without a read of the series row or an expansion of the rule.
        var tabled: [Int64: StoredSeries] = [:]
    }

    /// The series whose extent overlaps `window`, and of those the ones with an occurrence overlapping it or
    /// overrides, which may move one into it. They come from two range scans of `event_series_extent`, which
    /// carries the whole series row: a tabled series without overrides is told from its index entry alone (its
    /// occurrences last its extent's end less its last start). The others are expanded from their stored rule,
    /// start and zone, for the window only.
    /// `classes`: the classifications listed (all when empty).
    static func seriesInWindow(_ db: Database, _ window: Range<Int>, classes: Set<Classification>) throws -> SeriesInWindow {
        var found = SeriesInWindow()
        var untabled: [Int64] = []
        // Whether one occurrence overlaps, with two hours to spare (all-day lengths vary with DST; the full
        // expansion decides exactly).
        let slack = 7200
        let widened = window.lowerBound..<(window.upperBound + slack)
        let (scanSQL, scanArguments) = seriesWindowScan(window, classes: classes)
        let statement = try db.cachedStatement(sql: scanSQL)
        let columns = SeriesColumns(statement.columnNames)
        let (startsAt, endAt) = (statement.columnNames.firstIndex(of: "starts")!, statement.columnNames.firstIndex(of: "end")!)
        let scan = try Row.fetchCursor(statement, arguments: scanArguments)
        while let row = try scan.next() {
            let id: Int64 = row[columns.id]
            found.candidates.insert(id)
            let end: Int? = row[endAt]
            // The starts are read where SQLite holds them (the row is the statement's current one).
            var count: Int32 = 0
            let bytes = agenda_column_blob(UnsafeMutableRawPointer(statement.sqliteStatement), Int32(startsAt), &count)
            let starts: [Int]?? = {
                let starts = UnsafeRawBufferPointer(start: bytes, count: Int(count))
                guard bytes != nil, let end, let last = OccurrenceStarts.last(in: starts) else { return nil }
                let hit = OccurrenceStarts.any(in: starts, length: end - last + slack, overlapping: widened)
                return .some(hit ? OccurrenceStarts.decode(starts) : nil)
            }()
            switch starts {
            case let starts??: found.tabled[id] = StoredSeries(row, columns, starts: starts)
            case .some(nil): break
            case nil: untabled.append(id)
            }
        }
        var hits: [Int64] = []
        guard !found.candidates.isEmpty else { return found }
        // Overrides may move an occurrence anywhere: those series are always expanded.
        if try holdsRows(db, "event_override") {
            let overridden = Set(try Int64.fetchAll(db.cachedStatement(sql: """
                SELECT DISTINCT event_id FROM event_override WHERE event_id IN (SELECT value FROM json_each(?))
                """), arguments: idsArgument(found.candidates)))
            hits = Array(overridden)
            for id in overridden { found.tabled[id] = nil }
            untabled.removeAll { overridden.contains($0) }
        }
        guard !untabled.isEmpty else { found.hits = hits; return found }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT s.event_id AS event_id, s.rrule AS rrule, s.rdates AS rdates, s.exdates AS exdates, e.precision AS precision,
                   e.local_start AS start, e.time_zone AS zone, e.span_start AS a, e.span_end AS b
            FROM event_series s JOIN event e ON e.id = s.event_id
            WHERE s.event_id IN (SELECT value FROM json_each(?))
            """, arguments: idsArgument(untabled))
        var zones: [String: TimeZone] = [:]
        while let row = try rows.next() {
            let id: Int64 = row["event_id"]
            // Anything that does not read is kept, so that the full read reports it.
            guard let (_, set) = recurrenceSet(row, zones: &zones) else { hits.append(id); continue }
            // A rule that fails is kept, so the full expansion reports it.
            let length = (row["b"] as Int) - (row["a"] as Int) + slack
            var it = set.makeIterator(from: window.lowerBound - length)
            do {
                while let o = try it.next() {
                    if o.instant >= window.upperBound + slack { break }
                    if o.instant + length > window.lowerBound { hits.append(id); break }
                }
            } catch {
                hits.append(id)
            }
        }
        found.hits = hits
        return found
    }

    /// The events of a window read with each series replaced by its occurrences in the window (overrides
    /// applied; the filter's statuses tested on each occurrence), in listing order. `events` is the plain read of
    /// the window, in any order; series are found by their extent, so one that began long ago is not missed.
    static func expandingSeries(_ db: Database, _ events: [Event], filter: EventFilter, window: Range<Int>) throws -> [Event] {
        // A series whose extent spans the window may still have no occurrence in it (a yearly meeting, a monthly
        // one between two dates): those are told without reading the event.
        let found = try seriesInWindow(db, window, classes: filter.classifications)
        let idSet = found.candidates
        var series: [Event] = []
        if !found.hits.isEmpty || !found.tabled.isEmpty {
            var bases = EventFilter(committees: filter.committees, classifications: filter.classifications)
            bases.ids = found.hits + found.tabled.keys
            bases.withDetails = filter.withDetails
            // Sorted below with the window's other events.
            bases.ordered = false
            // The tabled series came whole with the scan; the others' rows are read.
            series = try fetchEvents(db, bases, knownSeries: found.tabled)
            if !filter.withDetails {
                var index: [Int64: Int] = [:]
                for (i, e) in series.enumerated() { index[e.id!] = i }
                try attachSeries(db, to: &series, index: index, known: found.tabled)
            }
        }
        // Listing order (start, end, UID: `eventOrder`): sort keys first, then move each event once.
        var merged: [Event] = []
        var keys: [(start: Int, end: Int, uid: String, index: Int)] = []
        merged.reserveCapacity(events.count)
        for e in events where !idSet.contains(e.id ?? 0) {
            let span = e.schedule.utcSpan
            keys.append((span.lowerBound, span.upperBound, e.uid, merged.count))
            merged.append(e)
        }
        for s in series where s.series != nil {
            let listed = try found.tabled[s.id!]?.starts.flatMap { s.occurrencesWithSpans(starts: $0, overlapping: window) }
                ?? s.occurrencesWithSpans(overlapping: window)
            for (o, span) in listed where filter.statuses.isEmpty || filter.statuses.contains(o.status) {
                keys.append((span.lowerBound, span.upperBound, o.uid, merged.count))
                merged.append(o)
            }
        }
        keys.sort { ($0.start, $0.end, $0.uid, $0.index) < ($1.start, $1.end, $1.uid, $1.index) }
        return keys.map { merged[$0.index] }
    }
}

extension AgendaDatabase {
    /// The occurrences of series `key` overlapping `window` (all of them when nil and the series ends), overrides
    /// applied, cancelled ones included.
    public func occurrences(of key: String, window: Range<Int>?) throws -> (series: Event, occurrences: [Event]) {
        try read { db in
            let e = try Self.fetchEvent(db, key: key)
            guard e.series != nil else {
                throw AgendaError.invalid(field: "event", value: key, expected: "a recurring event (event #\(e.id!) does not repeat)")
            }
            let extent = try e.seriesExtent()
            let w = window ?? extent.start..<(extent.end ?? extent.start)
            return (e, try e.occurrences(overlapping: w))
        }
    }

    /// Changes one occurrence of a series (time, title, place, status, notes), as an override; the rest of the
    /// series is untouched. Returns the occurrence as it now is, and notes on how the time was read.
    @discardableResult
    public func editOccurrence(_ key: String, occurrence text: String, _ change: EventChange) throws -> (event: Event, notes: [String]) {
        guard change.fitsOneOccurrence else {
            throw AgendaError.invalid(field: "occurrence", value: text,
                                      expected: "a change of time, title, location, status or notes only: the other fields belong to the whole series (leave out the occurrence)")
        }
        let now = clock()
        return try write { db in
            var notes: [String] = []
            var result: Event?
            _ = try Self.update(db, key: key, now: now) { e in
                let (k, occ) = try Self.namedOccurrence(e, text, now: now)
                let overrides = e.series!.overridesByID
                var current = e.occurrence(occ, overrides: overrides)
                let before = current
                notes = try change.apply(to: &current, now: now)
                let sequence = max(e.sequence, overrides[k]?.sequence ?? 0) + (current.isSignificantlyDifferent(from: before) ? 1 : 0)
                e.series!.setOverride(OccurrenceOverride(
                    recurrenceID: k, changed: current, from: e.occurrence(occ), sequence: sequence,
                    modified: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))))
                current.sequence = sequence
                result = current
            }
            return (result!, notes)
        }
    }

    /// Cancels one occurrence (an override with STATUS:CANCELLED: subscribers see it go).
    @discardableResult
    public func cancelOccurrence(_ key: String, occurrence text: String, reason: String? = nil) throws -> Event {
        let current = try occurrenceNamed(key, text)
        guard current.status != .cancelled else {
            throw AgendaError.conflict("occurrence \(current.occurrence!.recurrenceID) of event \(key) is already cancelled")
        }
        let note = try Self.reason(reason).map { Self.appending("Cancelled: \($0)", to: current.notes) }
        return try editOccurrence(key, occurrence: text, EventChange(status: .cancelled, notes: note)).event
    }

    /// The occurrence `text` names of series `key`, as it now is.
    func occurrenceNamed(_ key: String, _ text: String) throws -> Event {
        let now = clock()
        return try read { db in
            let e = try Self.fetchEvent(db, key: key)
            let (_, occ) = try Self.namedOccurrence(e, text, now: now)
            return e.occurrence(occ, overrides: e.series!.overridesByID)
        }
    }

    static func namedOccurrence(_ e: Event, _ text: String, now: Date) throws -> (String, ICalendar.Occurrence) {
        guard e.series != nil else {
            throw AgendaError.invalid(field: "occurrence", value: text, expected: "an occurrence of a recurring event; event #\(e.id!) does not repeat")
        }
        return try e.occurrence(named: text, now: now)
    }

    /// "This and following": the series ends before the occurrence `text` names (its UID, earlier occurrences and
    /// their overrides unchanged), and a new series with a new UID starts there with the rest of the rule (COUNT
    /// reduced by what came before), its dates and overrides, and `change` applied. At the first occurrence this
    /// is a change of the whole series. Returns the earlier and the later series.
    @discardableResult
    public func splitSeries(_ key: String, from text: String, _ change: EventChange) throws -> (earlier: Event, later: Event, notes: [String]) {
        let now = clock()
        return try write { db in
            let e = try Self.fetchEvent(db, key: key)
            let (_, occ) = try Self.namedOccurrence(e, text, now: now)
            let set = try e.recurrenceSet()
            let first: ICalendar.Occurrence?
            do { first = try set.prefix(1).first } catch { throw AgendaError.invalid(field: "occurrence", value: text, expected: "\(error)") }
            if occ.instant == first?.instant {
                let (after, notes) = try Self.apply(change, to: key, db, now: now)
                return (after, after, notes)
            }
            let (earlier, later): (Series, Series)
            do { (earlier, later) = try e.splitSeries(at: occ) }
            catch let error as AgendaError { throw error }
            catch { throw AgendaError.invalid(field: "occurrence", value: text, expected: "\(error)") }
            let updated = try Self.update(db, key: key, now: now) { $0.series = earlier }
            var next = e.occurrence(occ)
            next.id = nil
            next.uid = ""
            next.occurrence = nil
            next.series = later
            let notes = try change.apply(to: &next, now: now)
            let stored = try Self.insertEvent(db, next, now: now)
            return (updated, stored, notes)
        }
    }
}
