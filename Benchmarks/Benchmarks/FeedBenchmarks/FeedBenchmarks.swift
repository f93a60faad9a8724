import AgendaCore
import AgendaKit
import AgendaStore
import Benchmark
import Foundation
import ICalendar

/// Events like the peers' synthetic agenda (shared/bench): a 300-1500 byte description with line breaks, commas,
/// semicolons and backslashes in Vietnamese, Italian and English.
func benchmarkEvent(_ i: Int) -> Event {
    var e = SyntheticAgenda.event(i, committee: "GEN")
    let paragraph = "Ghi chú cuộc họp: hợp tác, phát triển; Riunione del Comitato, punto 3; follow-up \\ actions.\n"
    e.notes = String(repeating: paragraph, count: 3 + i % 12)
    return e
}

/// Counts bytes instead of keeping them: the writer streams, so memory must stay flat.
final class CountingSink: @unchecked Sendable {
    var bytes = 0
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, .throughput],
        maxDuration: .seconds(20), maxIterations: 10)

    // The writer alone: 100,000 events mapped and serialised to a byte sink.
    let events100k = (0..<100_000).map(benchmarkEvent)
    Benchmark("Serialise 100,000 events (mapping + writer, no database)",
              configuration: .init(scalingFactor: .one)) { benchmark in
        let sink = CountingSink()
        var zones: [String: ClosedRange<Int>] = [:]
        for e in events100k where e.schedule.precision == .timed {
            let s = e.schedule.utcSpan
            zones[e.schedule.timeZone] = zones[e.schedule.timeZone].map { min($0.lowerBound, s.lowerBound)...max($0.upperBound, s.upperBound) }
                ?? s.lowerBound...s.upperBound
        }
        benchmark.startMeasurement()
        var w = ICalendarWriter { sink.bytes += $0.count }
        try Feed(name: "Benchmark").write(zones: zones, to: &w) { w in
            for e in events100k { try Feed.write(e, to: &w) }
        }
        benchmark.stopMeasurement()
        blackHole(sink.bytes)
    }

    // The whole export: 100,000 events read from SQLite in batches and streamed.
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("agenda-bench-\(getpid()).sqlite").path
    let fill: @Sendable () -> Void = {
        let db = try! AgendaDatabase.open(path: path, access: .write)
        if try! db.eventCount() == 0 {
            try! db.importEvents((0..<100_000).lazy.map(benchmarkEvent),
                                 creating: Committee(code: "GEN", name: "Synthetic", timeZone: "Europe/Rome"))
        }
    }
    Benchmark("Export 100,000 events from the database", configuration: .init(scalingFactor: .one, setup: fill)) { benchmark in
        let db = try AgendaDatabase.open(path: path, access: .read)
        let sink = CountingSink()
        let filter = EventFilter()
        benchmark.startMeasurement()
        var w = ICalendarWriter { sink.bytes += $0.count }
        let feed = Feed(name: "Benchmark")
        try db.streamEvents(filter) { part in
            switch part {
            case let .zones(zones): try feed.writeHeader(zones: zones, to: &w)
            case let .events(batch): for e in batch { try Feed.write(e, to: &w) }
            }
        }
        try feed.writeEnd(to: &w)
        benchmark.stopMeasurement()
        blackHole(sink.bytes)
    }

    // A window query on a large agenda (the index range scan).
    Benchmark("Upcoming 30 days among 100,000 events", configuration: .init(scalingFactor: .one, setup: fill)) { benchmark in
        let db = try AgendaDatabase.open(path: path, access: .read)
        let from = Date(timeIntervalSince1970: 1_700_000_000)
        benchmark.startMeasurement()
        let n = try db.upcoming(from: from, until: from.addingTimeInterval(30 * 86400)).count
        benchmark.stopMeasurement()
        precondition(n > 500, "the window should hold hundreds of events, not \(n)")
        blackHole(n)
    }

    // Reading: the same 100,000 events' feed read back by the streaming reader, in 1 MiB pieces.
    var feedBytes: [UInt8] = []
    do {
        var w = ICalendarWriter { feedBytes += $0 }
        try! Feed(name: "Benchmark").write(zones: [:], to: &w) { w in
            for e in events100k.prefix(100_000) { try Feed.write(e, to: &w) }
        }
        try! w.flush()
    }
    let feed = feedBytes
    Benchmark("Read a 100,000-event feed (ICalendarReader, lenient)", configuration: .init(scalingFactor: .one)) { benchmark in
        var reader = ICalendarReader()
        var events = 0
        benchmark.startMeasurement()
        var i = 0
        while i < feed.count {
            let end = min(feed.count, i + (1 << 20))
            try feed[i..<end].withUnsafeBytes { try reader.read($0) { c in if c.name == "VEVENT" { events += 1 } } }
            i = end
        }
        try reader.finish { _ in }
        benchmark.stopMeasurement()
        precondition(events == 100_000, "read \(events) events")
    }

    // The JSON of a listing (what `upcoming --json` prints), written by hand rather than by JSONEncoder.
    let listed = Array(events100k.prefix(6_000))
    Benchmark("JSON of 6,000 listed events", configuration: .init(scalingFactor: .one)) { benchmark in
        benchmark.startMeasurement()
        let text = EventJSON.listing(AgendaListing(listed, viewer: TimeZone(identifier: "Europe/Rome")!)).text
        benchmark.stopMeasurement()
        blackHole(text.utf8.count)
    }

    // Recurrence: a year of 15,000 series (the peers' shapes: monthly by weekday, weekly, yearly, daily; COUNT or
    // UNTIL; zones with DST), expanded lazily for the window, as `event list --from 2026-01-01 --until 2026-12-31`
    // does for the peers' 100,000-event agenda.
    let shapes = ["FREQ=MONTHLY;BYDAY=2TU;COUNT=12", "FREQ=WEEKLY;BYDAY=MO,TH;COUNT=20", "FREQ=YEARLY;BYMONTH=9;BYDAY=3TU;COUNT=4",
                  "FREQ=DAILY;COUNT=5", "FREQ=MONTHLY;BYMONTHDAY=15;UNTIL=20270101T000000Z", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;COUNT=26"]
    let zones = ["Europe/Rome", "Asia/Bangkok", "America/New_York", "Australia/Sydney", "UTC"].map { TimeZone(identifier: $0)! }
    let series: [RecurrenceSet] = (0..<15_000).map { i in
        let day = CivilCalendar.dayNumber(year: 2025, month: 1, day: 1) + (i * 37) % 700
        return RecurrenceSet(start: day * 86400 + (8 + i % 10) * 3600, zone: zones[i % zones.count],
                             rule: try! RecurrenceRule(parsing: shapes[i % shapes.count]))
    }
    let year = (CivilCalendar.dayNumber(year: 2026, month: 1, day: 1) * 86400)..<(CivilCalendar.dayNumber(year: 2027, month: 1, day: 1) * 86400)
    Benchmark("Expand 15,000 series over a year (RecurrenceSet)", configuration: .init(scalingFactor: .one)) { benchmark in
        var n = 0
        benchmark.startMeasurement()
        for s in series { n += try s.occurrences(in: year).count }
        benchmark.stopMeasurement()
        blackHole(n)
    }
}
