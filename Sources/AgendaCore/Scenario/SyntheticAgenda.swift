import Foundation

/// A reproducible synthetic agenda for interop checks and benchmarks: event i depends only on i.
///
/// It mixes Vietnamese, Italian and English text with the characters exporters get wrong (commas, semicolons,
/// backslashes, quotes, line breaks), every schedule form (timed in zones far east and west of UTC and across DST
/// changes, all-day, month, quarter, year), and every status and classification.
public enum SyntheticAgenda {
    static let titles = [
        "Đối thoại cấp cao Italy-ASEAN", "Cuộc họp của ACR với Hiệp hội Italy-ASEAN", "Hội nghị Bộ trưởng; phiên toàn thể",
        "Riunione del Comitato, sessione plenaria", "Incontro con l'Università \"La Sapienza\"", "Città e perché: dialogo",
        "Working session on space cooperation", "Budget review, Q3; follow-up", "Reception at the Embassy \\ Rome",
        "Ngày hội văn hóa ASEAN 🎉 tại Roma", "Tiếp xúc song phương: Việt Nam – Italy", "Seminar: \"Sustainable development\", part 2",
    ]
    static let locations = ["Rome, Italy", "Bangkok, Thailand", "Hà Nội, Việt Nam", "Palazzo Farnese; Sala d'Ercole",
                            "Online", "New York, NY, USA", "Jakarta\\Indonesia"]
    static let zones = ["Europe/Rome", "Asia/Bangkok", "America/New_York", "Asia/Ho_Chi_Minh", "Pacific/Kiritimati",
                        "Pacific/Pago_Pago", "Europe/London", "Australia/Sydney", "UTC"]

    /// Event number `i` (0-based) of the synthetic agenda, for `committee` when given.
    public static func event(_ i: Int, committee: String?) -> Event {
        // A cheap deterministic mix of i.
        var x = UInt64(i) &* 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int { x ^= x >> 31; x = x &* 0xBF58_476D_1CE4_E5B9; x ^= x >> 27; return Int(x % UInt64(n)) }
        let zone = zones[next(zones.count)]
        let day = LocalDate(year: 2020, month: 1, day: 1)!.adding(days: next(3650))
        let schedule: Schedule
        switch i % 10 {
        case 0...4:
            let start = LocalDateTime(date: day, hour: 6 + next(12), minute: [0, 15, 30, 45][next(4)])!
            let minutes = [30, 60, 90, 120, 240, 480, 1440 + 120][next(7)]
            schedule = try! Schedule(.timed(start: start, end: LocalDateTime(wallSeconds: start.wallSeconds + minutes * 60)),
                                     timeZone: zone)
        case 5, 6:
            schedule = try! Schedule(.allDay(first: day, last: day.adding(days: next(3))), timeZone: zone)
        case 7: schedule = try! Schedule(.period(Period.month(day.year, day.month)!), timeZone: zone)
        case 8: schedule = try! Schedule(.period(Period.quarter(day.year, (day.month - 1) / 3 + 1)!), timeZone: zone)
        default: schedule = try! Schedule(.period(Period.year(day.year)!), timeZone: zone)
        }
        let status: EventStatus = i % 13 == 0 ? .cancelled : i % 17 == 0 ? .postponed : i % 7 == 0 ? .tentative : .confirmed
        let classification: Classification = i % 23 == 0 ? .confidential : i % 11 == 0 ? .private : .public
        let title = titles[next(titles.count)] + " #\(i)"
        let notes = i % 3 == 0 ? "Ghi chú: dòng 1\nRiga 2, con virgola; e punto e virgola\r\nLine 3 \\ backslash" : nil
        let stamp = Date(timeIntervalSince1970: 1_672_531_200 + Double(i))
        return Event(uid: "synthetic-\((committee ?? "none").lowercased())-" + String(format: "%08d", i), kind: EventKind.allCases[i % EventKind.allCases.count],
                     title: title, schedule: schedule, status: status, classification: classification,
                     committee: committee, location: locations[next(locations.count)],
                     topics: i % 5 == 0 ? ["Hợp tác, phát triển", "Cooperazione; sviluppo"] : [], notes: notes,
                     source: "synthetic", sequence: i % 4, created: stamp, modified: stamp)
    }
}
