import Foundation
import Testing
@testable import ICalendar

/// Wall seconds of `YYYYMMDDTHHMMSS` (or `YYYYMMDD`).
func wall(_ s: String) -> Int {
    let b = Array(s.utf8)
    func n(_ from: Int, _ count: Int) -> Int { Int(String(decoding: b[from..<(from + count)], as: UTF8.self))! }
    let day = CivilCalendar.dayNumber(year: n(0, 4), month: n(4, 2), day: n(6, 2))
    guard b.count > 8 else { return day * 86400 }
    return day * 86400 + n(9, 2) * 3600 + n(11, 2) * 60 + (b.count >= 15 ? n(13, 2) : 0)
}

/// `YYYYMMDDTHHMM` of wall seconds.
func wallText(_ w: Int) -> String {
    let day = floorDiv(w, 86400), s = w - day * 86400
    let c = CivilCalendar.date(dayNumber: day)
    let t = String(format: "%04d%02d%02dT%02d%02d", c.year, c.month, c.day, s / 3600, s % 3600 / 60)
    return s % 60 == 0 ? t : t + String(format: "%02d", s % 60)
}

/// Expands the compact expectation of a table row: space-separated `YYYYMMDD` days or `YYYYMMDD-YYYYMMDD` runs of
/// days, each at DTSTART's time unless it carries its own `THHMM`.
func expected(_ spec: String, time: Int) -> [String] {
    var out: [String] = []
    for item in spec.split(separator: " ") {
        let parts = item.split(separator: "T")
        let t = parts.count > 1 ? wall("19700101T" + parts[1]) : time
        let range = parts[0].split(separator: "-")
        let a = wall(String(range[0])) / 86400, b = range.count > 1 ? wall(String(range[1])) / 86400 : a
        for d in a...b { out.append(wallText(d * 86400 + t)) }
    }
    return out
}

struct RFCExample: Sendable, CustomStringConvertible {
    var name: String
    var start: String
    var rule: String
    var exdate: String? = nil
    /// The instances the RFC prints; `complete` when that is the whole set, else its first instances.
    var instances: String
    var complete: Bool
    var description: String { name }
}

/// RFC 5545 §3.8.5.3, every worked example as printed (DTSTART;TZID=America/New_York), with erratum 3883's UNTIL
/// for "every 3 hours".
let rfcExamples: [RFCExample] = [
    .init(name: "Daily for 10 occurrences", start: "19970902T090000", rule: "FREQ=DAILY;COUNT=10",
          instances: "19970902-19970911", complete: true),
    .init(name: "Daily until December 24, 1997", start: "19970902T090000", rule: "FREQ=DAILY;UNTIL=19971224T000000Z",
          instances: "19970902-19971223", complete: true),
    .init(name: "Every other day - forever", start: "19970902T090000", rule: "FREQ=DAILY;INTERVAL=2",
          instances: "19970902 19970904 19970906 19970908 19970910 19970912 19970914 19970916 19970918 19970920 19970922 19970924 19970926 19970928 19970930 19971002 19971004 19971006 19971008 19971010 19971012 19971014 19971016 19971018 19971020 19971022 19971024 19971026 19971028 19971030 19971101 19971103 19971105 19971107 19971109 19971111 19971113 19971115 19971117 19971119 19971121 19971123 19971125 19971127 19971129 19971201 19971203 19971205 19971207 19971209 19971211 19971213 19971215 19971217 19971219 19971221 19971223", complete: false),
    .init(name: "Every 10 days, 5 occurrences", start: "19970902T090000", rule: "FREQ=DAILY;INTERVAL=10;COUNT=5",
          instances: "19970902 19970912 19970922 19971002 19971012", complete: true),
    .init(name: "Every day in January, for 3 years (yearly)", start: "19980101T090000",
          rule: "FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA",
          instances: "19980101-19980131 19990101-19990131 20000101-20000131", complete: true),
    .init(name: "Every day in January, for 3 years (daily)", start: "19980101T090000",
          rule: "FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1",
          instances: "19980101-19980131 19990101-19990131 20000101-20000131", complete: true),
    .init(name: "Weekly for 10 occurrences", start: "19970902T090000", rule: "FREQ=WEEKLY;COUNT=10",
          instances: "19970902 19970909 19970916 19970923 19970930 19971007 19971014 19971021 19971028 19971104", complete: true),
    .init(name: "Weekly until December 24, 1997", start: "19970902T090000", rule: "FREQ=WEEKLY;UNTIL=19971224T000000Z",
          instances: "19970902 19970909 19970916 19970923 19970930 19971007 19971014 19971021 19971028 19971104 19971111 19971118 19971125 19971202 19971209 19971216 19971223", complete: true),
    .init(name: "Every other week - forever", start: "19970902T090000", rule: "FREQ=WEEKLY;INTERVAL=2;WKST=SU",
          instances: "19970902 19970916 19970930 19971014 19971028 19971111 19971125 19971209 19971223 19980106 19980120 19980203 19980217", complete: false),
    .init(name: "Weekly on Tuesday and Thursday for five weeks (UNTIL)", start: "19970902T090000",
          rule: "FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH",
          instances: "19970902 19970904 19970909 19970911 19970916 19970918 19970923 19970925 19970930 19971002", complete: true),
    .init(name: "Weekly on Tuesday and Thursday for five weeks (COUNT)", start: "19970902T090000",
          rule: "FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH",
          instances: "19970902 19970904 19970909 19970911 19970916 19970918 19970923 19970925 19970930 19971002", complete: true),
    .init(name: "Every other week on Monday, Wednesday, and Friday until December 24, 1997", start: "19970901T090000",
          rule: "FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR",
          instances: "19970901 19970903 19970905 19970915 19970917 19970919 19970929 19971001 19971003 19971013 19971015 19971017 19971027 19971029 19971031 19971110 19971112 19971114 19971124 19971126 19971128 19971208 19971210 19971212 19971222", complete: true),
    .init(name: "Every other week on Tuesday and Thursday, for 8 occurrences", start: "19970902T090000",
          rule: "FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH",
          instances: "19970902 19970904 19970916 19970918 19970930 19971002 19971014 19971016", complete: true),
    .init(name: "Monthly on the first Friday for 10 occurrences", start: "19970905T090000",
          rule: "FREQ=MONTHLY;COUNT=10;BYDAY=1FR",
          instances: "19970905 19971003 19971107 19971205 19980102 19980206 19980306 19980403 19980501 19980605", complete: true),
    .init(name: "Monthly on the first Friday until December 24, 1997", start: "19970905T090000",
          rule: "FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR",
          instances: "19970905 19971003 19971107 19971205", complete: true),
    .init(name: "Every other month on the first and last Sunday of the month for 10 occurrences", start: "19970907T090000",
          rule: "FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU",
          instances: "19970907 19970928 19971102 19971130 19980104 19980125 19980301 19980329 19980503 19980531", complete: true),
    .init(name: "Monthly on the second-to-last Monday of the month for 6 months", start: "19970922T090000",
          rule: "FREQ=MONTHLY;COUNT=6;BYDAY=-2MO",
          instances: "19970922 19971020 19971117 19971222 19980119 19980216", complete: true),
    .init(name: "Monthly on the third-to-the-last day of the month, forever", start: "19970928T090000",
          rule: "FREQ=MONTHLY;BYMONTHDAY=-3",
          instances: "19970928 19971029 19971128 19971229 19980129 19980226", complete: false),
    .init(name: "Monthly on the 2nd and 15th of the month for 10 occurrences", start: "19970902T090000",
          rule: "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15",
          instances: "19970902 19970915 19971002 19971015 19971102 19971115 19971202 19971215 19980102 19980115", complete: true),
    .init(name: "Monthly on the first and last day of the month for 10 occurrences", start: "19970930T090000",
          rule: "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1",
          instances: "19970930 19971001 19971031 19971101 19971130 19971201 19971231 19980101 19980131 19980201", complete: true),
    .init(name: "Every 18 months on the 10th thru 15th of the month for 10 occurrences", start: "19970910T090000",
          rule: "FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15",
          instances: "19970910-19970915 19990310-19990313", complete: true),
    .init(name: "Every Tuesday, every other month", start: "19970902T090000", rule: "FREQ=MONTHLY;INTERVAL=2;BYDAY=TU",
          instances: "19970902 19970909 19970916 19970923 19970930 19971104 19971111 19971118 19971125 19980106 19980113 19980120 19980127 19980303 19980310 19980317 19980324 19980331", complete: false),
    .init(name: "Yearly in June and July for 10 occurrences", start: "19970610T090000",
          rule: "FREQ=YEARLY;COUNT=10;BYMONTH=6,7",
          instances: "19970610 19970710 19980610 19980710 19990610 19990710 20000610 20000710 20010610 20010710", complete: true),
    .init(name: "Every other year on January, February, and March for 10 occurrences", start: "19970310T090000",
          rule: "FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3",
          instances: "19970310 19990110 19990210 19990310 20010110 20010210 20010310 20030110 20030210 20030310", complete: true),
    .init(name: "Every third year on the 1st, 100th, and 200th day for 10 occurrences", start: "19970101T090000",
          rule: "FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200",
          instances: "19970101 19970410 19970719 20000101 20000409 20000718 20030101 20030410 20030719 20060101", complete: true),
    .init(name: "Every 20th Monday of the year, forever", start: "19970519T090000", rule: "FREQ=YEARLY;BYDAY=20MO",
          instances: "19970519 19980518 19990517", complete: false),
    .init(name: "Monday of week number 20, forever", start: "19970512T090000", rule: "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
          instances: "19970512 19980511 19990517", complete: false),
    .init(name: "Every Thursday in March, forever", start: "19970313T090000", rule: "FREQ=YEARLY;BYMONTH=3;BYDAY=TH",
          instances: "19970313 19970320 19970327 19980305 19980312 19980319 19980326 19990304 19990311 19990318 19990325", complete: false),
    .init(name: "Every Thursday, but only during June, July, and August, forever", start: "19970605T090000",
          rule: "FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8",
          instances: "19970605 19970612 19970619 19970626 19970703 19970710 19970717 19970724 19970731 19970807 19970814 19970821 19970828 19980604 19980611 19980618 19980625 19980702 19980709 19980716 19980723 19980730 19980806 19980813 19980820 19980827 19990603 19990610 19990617 19990624 19990701 19990708 19990715 19990722 19990729 19990805 19990812 19990819 19990826", complete: false),
    .init(name: "Every Friday the 13th, forever", start: "19970902T090000", rule: "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",
          exdate: "19970902T090000", instances: "19980213 19980313 19981113 19990813 20001013", complete: false),
    .init(name: "The first Saturday that follows the first Sunday of the month, forever", start: "19970913T090000",
          rule: "FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13",
          instances: "19970913 19971011 19971108 19971213 19980110 19980207 19980307 19980411 19980509 19980613", complete: false),
    .init(name: "Every 4 years, the first Tuesday after a Monday in November, forever", start: "19961105T090000",
          rule: "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8",
          instances: "19961105 20001107 20041102", complete: false),
    .init(name: "The third instance into the month of one of Tuesday, Wednesday, or Thursday, for the next 3 months",
          start: "19970904T090000", rule: "FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3",
          instances: "19970904 19971007 19971106", complete: true),
    .init(name: "The second-to-last weekday of the month", start: "19970929T090000",
          rule: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2",
          instances: "19970929 19971030 19971127 19971230 19980129 19980226 19980330", complete: false),
    .init(name: "Every 3 hours from 9:00 AM to 5:00 PM on a specific day (erratum 3883)", start: "19970902T090000",
          rule: "FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T210000Z",
          instances: "19970902T0900 19970902T1200 19970902T1500", complete: true),
    .init(name: "Every 15 minutes for 6 occurrences", start: "19970902T090000", rule: "FREQ=MINUTELY;INTERVAL=15;COUNT=6",
          instances: "19970902T0900 19970902T0915 19970902T0930 19970902T0945 19970902T1000 19970902T1015", complete: true),
    .init(name: "Every hour and a half for 4 occurrences", start: "19970902T090000", rule: "FREQ=MINUTELY;INTERVAL=90;COUNT=4",
          instances: "19970902T0900 19970902T1030 19970902T1200 19970902T1330", complete: true),
    .init(name: "Every 20 minutes from 9:00 AM to 4:40 PM every day (daily)", start: "19970902T090000",
          rule: "FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40",
          instances: twentyMinutes, complete: false),
    .init(name: "Every 20 minutes from 9:00 AM to 4:40 PM every day (minutely)", start: "19970902T090000",
          rule: "FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16",
          instances: twentyMinutes, complete: false),
    .init(name: "WKST makes a difference (MO)", start: "19970805T090000", rule: "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO",
          instances: "19970805 19970810 19970819 19970824", complete: true),
    .init(name: "WKST makes a difference (SU)", start: "19970805T090000", rule: "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
          instances: "19970805 19970817 19970819 19970831", complete: true),
    .init(name: "An invalid date (February 30) is ignored", start: "20070115T090000", rule: "FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5",
          instances: "20070115 20070130 20070215 20070315 20070330", complete: true),
]

/// 9:00 to 16:40 every 20 minutes on 2 and 3 September 1997.
let twentyMinutes: String = ["19970902", "19970903"].flatMap { d in
    (9...16).flatMap { h in [0, 20, 40].map { m in d + "T" + String(format: "%02d%02d", h, m) } }
}.joined(separator: " ")

let newYork = TimeZone(identifier: "America/New_York")!

@Suite("RRULE: RFC 5545's examples, DST, limits, windows")
struct RecurrenceTests {
    @Test("RFC 5545 §3.8.5.3", arguments: rfcExamples)
    func rfcExample(_ e: RFCExample) throws {
        let rule = try RecurrenceRule(parsing: e.rule)
        let start = wall(e.start)
        var set = RecurrenceSet(start: start, zone: newYork, rule: rule)
        if let x = e.exdate { set.exdates = [WallClock.instant(wall: wall(x), in: newYork)] }
        let want = expected(e.instances, time: start % 86400)
        let got = try e.complete ? set.occurrences() : set.prefix(want.count)
        #expect(got.map { wallText($0.wall) } == want)
        // Each instant is its wall time read in New York (EDT or EST as the date has it).
        for o in got { #expect(o.instant == WallClock.instant(wall: o.wall, in: newYork)) }
        // The canonical text reads back as the same rule.
        #expect(try RecurrenceRule(parsing: rule.text) == rule)
    }

    @Test("contains answers as the expansion does: rule instances, RDATEs, an EXDATE that removes either, and instants between")
    func containsAgreesWithExpansion() throws {
        // Weekly on Tuesdays at 09:00 New York, ten times, with two extra dates (one of them excluded again) and one
        // rule instance excluded.
        let start = wall("19970902T090000")
        let rdates = [wall("19970904T150000"), wall("19970905T100000")].map { WallClock.instant(wall: $0, in: newYork) }
        let exdates = [wall("19970909T090000"), wall("19970905T100000")].map { WallClock.instant(wall: $0, in: newYork) }
        let set = RecurrenceSet(start: start, zone: newYork, rule: try RecurrenceRule(parsing: "FREQ=WEEKLY;COUNT=10"),
                                rdates: rdates, exdates: exdates)
        let expanded = Set(try set.occurrences().map(\.instant))
        #expect(expanded.count == 10)  // 10 rule instances - 1 excluded + 1 extra date kept
        var asked = Array(expanded) + rdates + exdates
        asked += expanded.map { $0 + 3600 } + [WallClock.instant(wall: wall("19971111T090000"), in: newYork)]
        for instant in asked {
            #expect(try set.contains(instant) == expanded.contains(instant), "\(wallText(instant))")
        }
    }

    @Test("Daily until 24 December keeps 09:00 on the wall clock across the change to EST (14:00Z after 26 October)")
    func wallClockAcrossDST() throws {
        let set = RecurrenceSet(start: wall("19970902T090000"), zone: newYork,
                                rule: try RecurrenceRule(parsing: "FREQ=DAILY;UNTIL=19971224T000000Z"))
        let all = try set.occurrences()
        #expect(all.count == 113)
        #expect(all.first!.instant % 86400 == 13 * 3600)
        #expect(all.last!.instant % 86400 == 14 * 3600)
    }

    struct DSTCase: Sendable, CustomStringConvertible {
        var name: String, zone: String, start: String, rule: String, instants: [String]
        var description: String { name }
    }

    static let dstCases: [DSTCase] = [
        .init(name: "Rome spring-forward: 02:30 takes the offset before the gap (03:30 CEST)", zone: "Europe/Rome",
              start: "20230325T023000", rule: "FREQ=DAILY;COUNT=3",
              instants: ["2023-03-25T01:30:00Z", "2023-03-26T01:30:00Z", "2023-03-27T00:30:00Z"]),
        .init(name: "Rome fall-back: 02:30 is its first occurrence (CEST)", zone: "Europe/Rome",
              start: "20231028T023000", rule: "FREQ=DAILY;COUNT=3",
              instants: ["2023-10-28T00:30:00Z", "2023-10-29T00:30:00Z", "2023-10-30T01:30:00Z"]),
        .init(name: "Rome hourly through the gap: 02:00 and 03:00 are one instant, kept once", zone: "Europe/Rome",
              start: "20230326T010000", rule: "FREQ=HOURLY;COUNT=3",
              instants: ["2023-03-26T00:00:00Z", "2023-03-26T01:00:00Z", "2023-03-26T02:00:00Z"]),
        .init(name: "Rome hourly through the overlap: wall-clock steps, the repeated hour once", zone: "Europe/Rome",
              start: "20231029T010000", rule: "FREQ=HOURLY;COUNT=4",
              instants: ["2023-10-28T23:00:00Z", "2023-10-29T00:00:00Z", "2023-10-29T02:00:00Z", "2023-10-29T03:00:00Z"]),
        .init(name: "Lord Howe's 30-minute spring-forward: 02:15 becomes 02:45 (+11)", zone: "Australia/Lord_Howe",
              start: "20230930T021500", rule: "FREQ=DAILY;COUNT=3",
              instants: ["2023-09-29T15:45:00Z", "2023-09-30T15:45:00Z", "2023-10-01T15:15:00Z"]),
        .init(name: "Lord Howe's 30-minute fall-back: 01:45 is its first occurrence (+11)", zone: "Australia/Lord_Howe",
              start: "20230401T014500", rule: "FREQ=DAILY;COUNT=3",
              instants: ["2023-03-31T14:45:00Z", "2023-04-01T14:45:00Z", "2023-04-02T15:15:00Z"]),
        .init(name: "Pacific/Apia skips 30 December 2011: its 10:00 is 31 December's, kept once", zone: "Pacific/Apia",
              start: "20111228T100000", rule: "FREQ=DAILY;COUNT=4",
              instants: ["2011-12-28T20:00:00Z", "2011-12-29T20:00:00Z", "2011-12-30T20:00:00Z", "2011-12-31T20:00:00Z"]),
    ]

    @Test("DST tables", arguments: dstCases)
    func dst(_ c: DSTCase) throws {
        let zone = try #require(TimeZone(identifier: c.zone))
        let set = RecurrenceSet(start: wall(c.start), zone: zone, rule: try RecurrenceRule(parsing: c.rule))
        let f = ISO8601DateFormatter()
        #expect(try set.occurrences().map { f.string(from: Date(timeIntervalSince1970: TimeInterval($0.instant))) } == c.instants)
    }

    @Test("UNTIL is inclusive; DTSTART is the first instance and counts toward COUNT even off the rule")
    func startAndBounds() throws {
        let utc = TimeZone(identifier: "UTC")!
        // 2026-01-01 is a Thursday; the rule asks for Mondays.
        let set = RecurrenceSet(start: wall("20260101T090000"), zone: utc, rule: try RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=MO;COUNT=3"))
        #expect(try set.occurrences().map { wallText($0.wall) } == ["20260101T0900", "20260105T0900", "20260112T0900"])
        let until = RecurrenceSet(start: wall("20260105T090000"), zone: utc, rule: try RecurrenceRule(parsing: "FREQ=WEEKLY;UNTIL=20260119T090000Z"))
        #expect(try until.occurrences().count == 3)
        // RDATE adds, EXDATE removes, an instant reached twice is kept once, all in order.
        var mixed = RecurrenceSet(start: wall("20260105T090000"), zone: utc, rule: try RecurrenceRule(parsing: "FREQ=WEEKLY;COUNT=3"))
        mixed.rdates = [wall("20260107T120000"), wall("20260112T090000"), wall("20260101T080000")]
        mixed.exdates = [wall("20260112T090000")]
        #expect(try mixed.occurrences().map { wallText($0.wall) } == ["20260101T0800", "20260105T0900", "20260107T1200", "20260119T0900"])
    }

    @Test("Leap days and short months are skipped, never moved")
    func invalidDates() throws {
        let utc = TimeZone(identifier: "UTC")!
        let leap = RecurrenceSet(start: wall("20240229T100000"), zone: utc, rule: try RecurrenceRule(parsing: "FREQ=YEARLY;COUNT=3"))
        #expect(try leap.occurrences().map { wallText($0.wall) } == ["20240229T1000", "20280229T1000", "20320229T1000"])
        let thirtyFirst = RecurrenceSet(start: wall("20260131T100000"), zone: utc, rule: try RecurrenceRule(parsing: "FREQ=MONTHLY;COUNT=4"))
        #expect(try thirtyFirst.occurrences().map { wallText($0.wall) } == ["20260131T1000", "20260331T1000", "20260531T1000", "20260731T1000"])
    }

    @Test("BYWEEKNO follows ISO weeks: week 1 may start in December, week -1 may end in January")
    func weekNumbers() throws {
        let utc = TimeZone(identifier: "UTC")!
        // ISO week 1 of 2026 is 29 December 2025 – 4 January 2026; the last week of 2026 (53) ends 3 January 2027.
        let first = RecurrenceSet(start: wall("20250101T090000"), zone: utc, rule: try RecurrenceRule(parsing: "FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO,SU;COUNT=4"))
        #expect(try first.occurrences().map { wallText($0.wall) } == ["20250101T0900", "20250105T0900", "20251229T0900", "20260104T0900"])
        let last = RecurrenceSet(start: wall("20260101T090000"), zone: utc, rule: try RecurrenceRule(parsing: "FREQ=YEARLY;BYWEEKNO=-1;BYDAY=SU;COUNT=3"))
        #expect(try last.occurrences().map { wallText($0.wall) } == ["20260101T0900", "20270103T0900", "20280102T0900"])
        // Week 53 exists only in long years.
        let w53 = RecurrenceSet(start: wall("20200101T090000"), zone: utc, rule: try RecurrenceRule(parsing: "FREQ=YEARLY;BYWEEKNO=53;BYDAY=TH;COUNT=3"))
        #expect(try w53.occurrences().map { wallText($0.wall) } == ["20200101T0900", "20201231T0900", "20261231T0900"])
    }

    @Test("Numbered BYDAY in YEARLY counts within the month when BYMONTH is given (erratum 1913), else the year")
    func yearlyOrdinals() throws {
        let utc = TimeZone(identifier: "UTC")!
        let inMonth = RecurrenceSet(start: wall("20260301T090000"), zone: utc, rule: try RecurrenceRule(parsing: "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=3"))
        #expect(try inMonth.occurrences().map { wallText($0.wall) } == ["20260301T0900", "20260329T0900", "20270328T0900"])
        let inYear = RecurrenceSet(start: wall("20260101T090000"), zone: utc, rule: try RecurrenceRule(parsing: "FREQ=YEARLY;BYDAY=-1SU;COUNT=3"))
        #expect(try inYear.occurrences().map { wallText($0.wall) } == ["20260101T0900", "20261227T0900", "20271226T0900"])
    }

    @Test("Hostile rules end or fail fast with a message; none hangs", arguments: [
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "end"),
        ("FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4,6,9,11", "end"),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=-30", "end"),
        ("FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30", "end"),
        ("FREQ=MINUTELY;INTERVAL=2;BYMINUTE=1", "error"),
        ("FREQ=SECONDLY;INTERVAL=7;BYSECOND=1;BYMINUTE=1;BYHOUR=1", "some"),
    ])
    func hostile(_ rule: String, _ outcome: String) throws {
        let set = RecurrenceSet(start: wall("20260101T000000"), zone: TimeZone(identifier: "Europe/Rome")!,
                                rule: try RecurrenceRule(parsing: rule))
        switch outcome {
        case "end": #expect(try set.prefix(5).count == 1)
        case "error":
            let error = #expect(throws: RecurrenceError.self) { try set.prefix(5) }
            #expect(error?.message.contains("finds no instance in 2000000 steps") == true, "\(String(describing: error))")
        default: #expect(try set.prefix(3).count == 3)
        }
        // A window with too many instances is refused, not truncated.
        let secondly = RecurrenceSet(start: wall("20260101T000000"), zone: nil, rule: try RecurrenceRule(parsing: "FREQ=SECONDLY"))
        let tooMany = #expect(throws: RecurrenceError.self) { try secondly.occurrences(in: wall("20260101")..<wall("20260201"), limit: 1000) }
        #expect(tooMany?.message.contains("more than 1000 occurrences") == true)
    }

    @Test("Malformed and forbidden rules are refused naming the part", arguments: [
        ("FREQ=DAILY;COUNT=2;UNTIL=20260101", "UNTIL and COUNT"),
        ("COUNT=2", "no FREQ"),
        ("FREQ=FORTNIGHTLY", "FREQ 'FORTNIGHTLY'"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY value '0'"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY value '32'"),
        ("FREQ=WEEKLY;BYDAY=1MO", "needs FREQ=MONTHLY or YEARLY"),
        ("FREQ=MONTHLY;BYWEEKNO=3", "BYWEEKNO is only allowed"),
        ("FREQ=WEEKLY;BYMONTHDAY=3", "BYMONTHDAY is not allowed"),
        ("FREQ=DAILY;BYYEARDAY=3", "BYYEARDAY is not allowed"),
        ("FREQ=YEARLY;BYWEEKNO=3;BYDAY=1MO", "not allowed with BYWEEKNO"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL '0'"),
        ("FREQ=DAILY;BYDAY=XX", "BYDAY value 'XX'"),
        ("FREQ=DAILY;FREQ=WEEKLY", "FREQ is given twice"),
        ("FREQ=DAILY;BYHOUR=24", "BYHOUR value '24'"),
        ("FREQ=DAILY;BYSETPOS=1", "BYSETPOS needs"),
        ("FREQ=DAILY;FOO=1", "FOO"),
    ])
    func refused(_ text: String, _ fragment: String) {
        do {
            _ = try RecurrenceRule(parsing: text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test("Canonical text: parts in one order, defaults left out, case and order of input do not matter")
    func canonical() throws {
        let r = try RecurrenceRule(parsing: "byday=-1su;bymonth=3;freq=yearly;wkst=mo;interval=1")
        #expect(r.text == "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
        let all = "FREQ=MONTHLY;UNTIL=20261231T235959Z;INTERVAL=2;BYMONTH=1,2;BYMONTHDAY=-1,15;BYDAY=MO,2TU;BYHOUR=9;BYMINUTE=30;BYSECOND=0;BYSETPOS=-1;WKST=SU"
        #expect(try RecurrenceRule(parsing: all).text == all)
    }

    @Test("Zone offsets from the tables equal the tz database's, asked in runs, out of order and across zones")
    func tabledOffsetsAgree() {
        let zones = ["Europe/Rome", "America/New_York", "Australia/Lord_Howe", "Asia/Ho_Chi_Minh", "America/Sao_Paulo",
                     "Pacific/Chatham", "UTC"].map { TimeZone(identifier: $0)! }
        var rng = SplitMix(state: 20261203)
        var instants: [Int] = []
        // Runs of neighbouring instants (a listing's), seconds either side of each change, random jumps.
        for _ in 0..<400 {
            let base = wall("20180101") + rng.next(12 * 365) * 86400 + rng.next(86400)
            for k in 0..<6 { instants.append(base + k * 3600) }
        }
        var asked: [(zone: TimeZone, at: Int)] = instants.enumerated().map { i, t in
            (zones[(i / 7 + (rng.next(5) == 0 ? 1 : 0)) % zones.count], t)
        }
        for zone in zones {
            var t = Date(timeIntervalSince1970: TimeInterval(wall("20180101")))
            while let next = zone.nextDaylightSavingTimeTransition(after: t), next.timeIntervalSince1970 < Double(wall("20300101")) {
                let at = Int(next.timeIntervalSince1970.rounded(.up))
                asked += [at - 3600, at - 1, at, at + 1, at - 1, at + 3600].map { (zone, $0) }
                t = next
            }
        }
        for (zone, t) in asked {
            let expected = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t)))
            #expect(WallClock.offset(at: t, in: zone) == expected, "\(zone.identifier) at \(t)")
        }
        #expect(asked.count > 2_800)
    }

    @Test("Each thread has its own offset tables and rules, which agree with the tz database and go with the thread")
    func perThreadCaches() throws {
        let zones = ["Europe/Rome", "America/New_York", "Australia/Lord_Howe", "Asia/Ho_Chi_Minh"].map { TimeZone(identifier: $0)! }
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var mismatches: [String] = []
            var tables: [ObjectIdentifier] = []
            weak var finished: OffsetTable?
        }
        let results = Results()
        let release = DispatchSemaphore(value: 0)
        // Four threads at once, each over every zone's clock changes from 2018 to 2030 and a shared rule; each
        // waits, its table alive, until all have reported.
        let threads = (0..<4).map { k in
            Thread {
                let table = OffsetTable.current
                var bad: [String] = OffsetTable.current === table ? [] : ["a second table on one thread"]
                for zone in zones.shuffled() {
                    var t = Date(timeIntervalSince1970: TimeInterval(wall("20180101")))
                    while let next = zone.nextDaylightSavingTimeTransition(after: t), next.timeIntervalSince1970 < Double(wall("20300101")) {
                        let at = Int(next.timeIntervalSince1970.rounded(.up))
                        for u in [at - 1, at, at + 86_400 * k] {
                            let expected = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(u)))
                            if WallClock.offset(at: u, in: zone) != expected { bad.append("\(zone.identifier) at \(u)") }
                        }
                        t = next
                    }
                }
                if (try? RecurrenceRule.cached("FREQ=WEEKLY;BYDAY=MO,WE"))?.text != "FREQ=WEEKLY;BYDAY=MO,WE" { bad.append("rule") }
                results.lock.withLock {
                    results.mismatches += bad
                    results.tables.append(ObjectIdentifier(table))
                    if k == 0 { results.finished = table }
                }
                release.wait()
            }
        }
        for thread in threads { thread.start() }
        let deadline = Date().addingTimeInterval(60)
        while results.lock.withLock({ results.tables.count }) < 4 && Date() < deadline { usleep(10_000) }
        results.lock.withLock {
            #expect(results.mismatches.isEmpty, "\(results.mismatches.prefix(5))")
            #expect(Set(results.tables).count == 4, "one table a thread")
            #expect(results.finished != nil)
        }
        for _ in threads { release.signal() }
        // A thread's table goes when the thread ends.
        while results.lock.withLock({ results.finished != nil }) && Date() < deadline { usleep(10_000) }
        #expect(results.lock.withLock { results.finished == nil }, "a finished thread's table is released")
    }

    @Test("The one-pass reading of canonical rules agrees with the general reading, rule for rule and error for error")
    func canonicalReadingAgrees() {
        func read(_ parse: () throws(RecurrenceRule.ParseError) -> RecurrenceRule) -> String {
            do { return "rule " + (try parse()).text } catch { return "error " + error.message }
        }
        // Each seeded rule, its canonical text, and mutations of both: the case, spaces, signs, zeros, repeats,
        // empty items, parts out of range or twice, a missing or unknown part, cut anywhere.
        let mutations: [(String) -> String] = [
            { $0 }, { $0.lowercased() }, { $0 + ";" }, { $0 + ";;COUNT=3" }, { $0 + ";UNTIL=20270101" },
            { $0.replacingOccurrences(of: "=", with: "=+") }, { $0.replacingOccurrences(of: "=", with: "=-") },
            { $0.replacingOccurrences(of: "=", with: "=0") }, { $0.replacingOccurrences(of: ",", with: ",,") },
            { $0.replacingOccurrences(of: ";", with: " ;") }, { $0.replacingOccurrences(of: ",", with: "") },
            { $0 + ";BYSETPOS=0" }, { $0 + ";BYHOUR=24" }, { $0 + ";BYDAY=0MO" }, { $0 + ";BYDAY=54MO" },
            { $0 + ";BYDAY=MO," }, { $0 + ";WKST=su" }, { $0 + ";WKST=SU" }, { $0 + ";X-NAME=1" }, { $0 + ";FOO=1" },
            { $0 + ";INTERVAL=1234567890" }, { $0 + ";BYMONTH=12,12,1" }, { $0 + ";BYDAY=-5FR,+2MO,MO,MO" },
            { $0.replacingOccurrences(of: "FREQ=", with: "FREQ=DAILY;FREQ=") }, { "RRULE:" + $0 },
            { String($0.dropFirst(5)) }, { String($0.prefix($0.count / 2)) }, { String($0.prefix($0.count - 1)) },
        ]
        var rng = SplitMix(state: 20261203)
        var compared = 0, oneQuick = 0
        for _ in 0..<400 {
            let seed = randomRule(&rng, bounded: rng.next(2) == 0)
            var texts = [seed]
            if let r = try? RecurrenceRule(generalParsing: seed) { texts.append(r.text) }
            for text in texts {
                for mutate in mutations {
                    let t = mutate(text)
                    #expect(read { () throws(RecurrenceRule.ParseError) in try RecurrenceRule(parsing: t) }
                            == read { () throws(RecurrenceRule.ParseError) in try RecurrenceRule(generalParsing: t) }, "\(t)")
                    compared += 1
                }
                // What the store keeps (canonical text) is read in one pass.
                if let r = try? RecurrenceRule(generalParsing: text), text == r.text {
                    #expect(RecurrenceRule(canonical: text) == r, "\(text)")
                    oneQuick += 1
                }
            }
        }
        #expect(compared > 20_000 && oneQuick > 300)
    }

    @Test("Any window's expansion equals the full expansion filtered to it (seeded random rules)")
    func windowsAgreeWithFullExpansion() throws {
        var rng = SplitMix(state: 20261201)
        let zones = ["Europe/Rome", "America/New_York", "Asia/Bangkok", "Australia/Lord_Howe", "UTC"]
        for _ in 0..<120 {
            let text = randomRule(&rng, bounded: true)
            guard let rule = try? RecurrenceRule(parsing: text) else { continue }
            let zone = TimeZone(identifier: zones[rng.next(zones.count)])!
            let start = wall("20240101T000000") + rng.next(700) * 86400 + rng.next(24) * 3600 + rng.next(4) * 900
            let set = RecurrenceSet(start: start, zone: zone, rule: rule,
                                    rdates: [WallClock.instant(wall: start + 86400 * 3 + 3600, in: zone)],
                                    exdates: [WallClock.instant(wall: start, in: zone)])
            guard let full = try? set.occurrences(limit: 5000) else { continue }
            for _ in 0..<4 {
                let a = start - 86400 * 30 + rng.next(86400 * 900)
                let b = a + rng.next(86400 * 200)
                let window = try set.occurrences(in: a..<b, limit: 5000)
                #expect(window == full.filter { (a..<b).contains($0.instant) }, "\(text) from \(wallText(start)) in \(zone.identifier)")
            }
        }
    }
}

extension SplitMix {
    mutating func next(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// A random RRULE text within §3.3.10's rules (bounded by COUNT or UNTIL when asked).
func randomRule(_ rng: inout SplitMix, bounded: Bool) -> String {
    let freqs = ["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY"]
    let freq = freqs[rng.next(freqs.count)]
    var parts = ["FREQ=" + freq]
    if rng.next(3) == 0 { parts.append("INTERVAL=\(1 + rng.next(4))") }
    if bounded || rng.next(2) == 0 {
        if rng.next(2) == 0 { parts.append("COUNT=\(1 + rng.next(40))") } else { parts.append("UNTIL=2027\(String(format: "%02d", 1 + rng.next(12)))15T120000Z") }
    }
    func some(_ range: ClosedRange<Int>, signed: Bool, max: Int) -> String {
        (0..<(1 + rng.next(max))).map { _ in
            let v = range.lowerBound + rng.next(range.count)
            return String(signed && rng.next(3) == 0 ? -v : v)
        }.joined(separator: ",")
    }
    let days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    if rng.next(3) == 0 { parts.append("BYMONTH=" + some(1...12, signed: false, max: 3)) }
    if freq == "YEARLY" && rng.next(4) == 0 { parts.append("BYWEEKNO=" + some(1...53, signed: true, max: 2)) }
    if ["YEARLY", "HOURLY"].contains(freq) && rng.next(4) == 0 { parts.append("BYYEARDAY=" + some(1...366, signed: true, max: 3)) }
    if freq != "WEEKLY" && rng.next(3) == 0 { parts.append("BYMONTHDAY=" + some(1...31, signed: true, max: 3)) }
    if rng.next(2) == 0 {
        let numbered = (freq == "MONTHLY" || freq == "YEARLY") && !parts.contains { $0.hasPrefix("BYWEEKNO") }
        let n = 1 + rng.next(3)
        let items = (0..<n).map { _ -> String in
            let d = days[rng.next(7)]
            guard numbered, rng.next(2) == 0 else { return d }
            let k = 1 + rng.next(parts.contains { $0.hasPrefix("BYMONTH=") } || freq == "MONTHLY" ? 5 : 53)
            return String(rng.next(3) == 0 ? -k : k) + d
        }
        parts.append("BYDAY=" + items.joined(separator: ","))
    }
    if freq != "HOURLY" && rng.next(4) == 0 { parts.append("BYHOUR=" + some(0...23, signed: false, max: 2)) }
    if rng.next(5) == 0 { parts.append("BYMINUTE=" + some(0...59, signed: false, max: 2)) }
    if parts.count > 2 && rng.next(4) == 0 { parts.append("BYSETPOS=" + some(1...5, signed: true, max: 2)) }
    if rng.next(4) == 0 { parts.append("WKST=" + days[rng.next(7)]) }
    return parts.joined(separator: ";")
}
