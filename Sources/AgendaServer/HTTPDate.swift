import AgendaCore
import Foundation

/// RFC 9110 dates (IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`), written and read with the C library (no shared
/// formatter state between threads).
enum HTTPDate {
    static func string(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var tm = tm()
        gmtime_r(&t, &tm)
        var buffer = [CChar](repeating: 0, count: 64)
        let n = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &tm)
        return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// IMF-fixdate only (the form every current client sends); anything else is nil, and the header is ignored.
    static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].count == 4, parts[5] == "GMT", let day = Int(parts[1]),
              let month = months.firstIndex(of: String(parts[2])), let year = Int(parts[3]) else { return nil }
        let clock = parts[4].split(separator: ":")
        guard clock.count == 3, let h = Int(clock[0]), let m = Int(clock[1]), let sec = Int(clock[2]),
              (0...23).contains(h), (0...59).contains(m), (0...60).contains(sec),
              let date = LocalDate(year: year, month: month + 1, day: day) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(date.dayNumber * 86400 + h * 3600 + m * 60 + sec))
    }
}
