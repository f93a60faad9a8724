import Foundation
import Testing
@testable import AgendaCore

/// "Now" is Wednesday 2023-03-01 09:00 in Rome.
private let rome = TimeZone(identifier: "Europe/Rome")!
private let now = LocalDateTime(iso: "2023-03-01T09:00")!.instant(in: rome)

private func parse(_ s: String, zone: TimeZone = rome) throws -> When {
    try DateInput.parse(s, field: "--start", now: now, zone: zone)
}

@Suite("Dates as people type them")
struct DateInputTests {
    @Test("Accepted forms keep their precision", arguments: [
        ("2023-02-20", "2023-02-20", Precision.date),
        ("2023-02-20T10:30", "2023-02-20T10:30", .timed),
        ("2023-02-20 10:30", "2023-02-20T10:30", .timed),
        ("2023-02-20T10:30:15", "2023-02-20T10:30:15", .timed),
        ("2023-10", "2023-10", .month),
        ("2023-Q4", "2023-Q4", .quarter),
        ("2023-q4", "2023-Q4", .quarter),
        ("2023", "2023", .year),
        ("today", "2023-03-01", .date),
        ("tomorrow", "2023-03-02", .date),
        ("yesterday", "2023-02-28", .date),
        ("friday", "2023-03-03", .date),
        ("wednesday", "2023-03-01", .date),
        ("next wednesday", "2023-03-08", .date),
        ("next friday", "2023-03-03", .date),
        ("Mon", "2023-03-06", .date),
        ("+3d", "2023-03-04", .date),
        ("+2w", "2023-03-15", .date),
        ("-1d", "2023-02-28", .date),
        ("tomorrow 10:30", "2023-03-02T10:30", .timed),
        ("friday 14:00", "2023-03-03T14:00", .timed),
    ])
    func accepted(input: String, expected: String, precision: Precision) throws {
        let w = try parse(input)
        #expect(w.description == expected)
        #expect(w.precision == precision)
    }

    @Test("Offsets and Z give exact instants", arguments: [
        ("2023-02-20T10:30Z", "2023-02-20T10:30:00Z"),
        ("2023-02-20T10:30+01:00", "2023-02-20T09:30:00Z"),
        ("2023-02-20T10:30-0500", "2023-02-20T15:30:00Z"),
        ("2023-02-20 10:30+07:00", "2023-02-20T03:30:00Z"),
    ])
    func offsets(input: String, utc: String) throws {
        guard case let .instant(d) = try parse(input) else { Issue.record("not an instant"); return }
        #expect(ISO8601DateFormatter().string(from: d) == utc)
    }

    @Test("Rejected forms name the field and the value and say why", arguments: [
        ("2023-02-30", "February 2023 has 28 days"),
        ("2023-02-29", "February 2023 has 28 days"),
        ("2023-13-01", "there is no month 13"),
        ("2023-13", "there is no month 13"),
        ("2023-Q5", "a quarter is Q1 to Q4"),
        ("2023-02-20T25:00", "HH:MM"),
        ("someday", ""),
        ("", ""),
        ("2023-02-20T10:30+25:00", "offset"),
        ("next", ""),
        ("tomorrow 25:00", ""),
    ])
    func rejected(input: String, reason: String) {
        do {
            _ = try parse(input)
            Issue.record("accepted \(input)")
        } catch let e as AgendaError {
            let text = e.description
            #expect(text.hasPrefix("invalid --start '\(input)'"))
            if !reason.isEmpty { #expect(text.contains(reason)) }
            #expect(text.contains("2023-Q4"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test("'today' is today in the zone given, far east and far west of UTC")
    func todayDependsOnZone() throws {
        // At 2023-03-01T09:00 Rome (08:00Z) it is already 2023-03-01 22:00 in Kiritimati and 2023-02-28 21:00 in Pago Pago.
        #expect(try parse("today", zone: TimeZone(identifier: "Pacific/Kiritimati")!).description == "2023-03-01")
        #expect(try parse("today", zone: TimeZone(identifier: "Pacific/Pago_Pago")!).description == "2023-02-28")
    }

    @Test("Durations", arguments: [("+90m", DateInput.Duration.seconds(5400)), ("+2h", .seconds(7200)),
                                   ("+3d", .days(3)), ("+1w", .days(7))])
    func durations(input: String, expected: DateInput.Duration) {
        #expect(DateInput.duration(input) == expected)
    }

    @Test("Not durations", arguments: ["90m", "+0m", "+m", "+3y", "-2h"])
    func notDurations(input: String) {
        #expect(DateInput.duration(input) == nil)
    }
}
