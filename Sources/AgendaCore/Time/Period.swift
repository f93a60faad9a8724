import Foundation

/// How precisely a date is known.
public enum Precision: String, Sendable, Codable, CaseIterable, Comparable {
    case timed, date, month, quarter, year

    private var rank: Int { Precision.allCases.firstIndex(of: self)! }
    /// Finer precisions sort first.
    public static func < (a: Precision, b: Precision) -> Bool { a.rank < b.rank }
}

/// A stretch of time known only to a month, a quarter or a year: "October 2023", "2023-Q4", "2023".
public struct Period: Hashable, Sendable, CustomStringConvertible {
    public enum Unit: String, Sendable, Codable { case month, quarter, year }

    public let unit: Unit
    public let year: Int
    /// Month 1...12, quarter 1...4, or 1 for a year.
    public let index: Int

    public init?(unit: Unit, year: Int, index: Int = 1) {
        guard (1...9999).contains(year) else { return nil }
        switch unit {
        case .month: guard (1...12).contains(index) else { return nil }
        case .quarter: guard (1...4).contains(index) else { return nil }
        case .year: guard index == 1 else { return nil }
        }
        self.unit = unit
        self.year = year
        self.index = index
    }

    public static func month(_ year: Int, _ month: Int) -> Period? { Period(unit: .month, year: year, index: month) }
    public static func quarter(_ year: Int, _ q: Int) -> Period? { Period(unit: .quarter, year: year, index: q) }
    public static func year(_ year: Int) -> Period? { Period(unit: .year, year: year) }

    /// Parses the stored forms `YYYY-MM`, `YYYY-Qn`, `YYYY`.
    public init?(iso text: some StringProtocol) {
        let s = String(text)
        let digits = { (t: Substring) in t.allSatisfy { $0.isASCII && $0.isNumber } }
        if s.count == 4, digits(Substring(s)), let y = Int(s) {
            self.init(unit: .year, year: y)
        } else if s.count == 7, digits(s.prefix(4)), let y = Int(s.prefix(4)), s.dropFirst(4).first == "-" {
            let rest = s.dropFirst(5)
            if rest.first == "Q" || rest.first == "q", let q = Int(rest.dropFirst()), rest.count == 2 {
                self.init(unit: .quarter, year: y, index: q)
            } else if digits(rest), let m = Int(rest) {
                self.init(unit: .month, year: y, index: m)
            } else { return nil }
        } else { return nil }
    }

    public var precision: Precision {
        switch unit {
        case .month: .month
        case .quarter: .quarter
        case .year: .year
        }
    }

    /// First day of the period.
    public var firstDay: LocalDate {
        switch unit {
        case .month: LocalDate(year: year, month: index, day: 1)!
        case .quarter: LocalDate(year: year, month: (index - 1) * 3 + 1, day: 1)!
        case .year: LocalDate(year: year, month: 1, day: 1)!
        }
    }

    /// Last day of the period (inclusive).
    public var lastDay: LocalDate {
        switch unit {
        case .month: LocalDate(year: year, month: index, day: LocalDate.daysIn(month: index, year: year))!
        case .quarter: LocalDate(year: year, month: index * 3, day: LocalDate.daysIn(month: index * 3, year: year))!
        case .year: LocalDate(year: year, month: 12, day: 31)!
        }
    }

    /// The stored form: `2023-10`, `2023-Q4`, `2023`.
    public var description: String {
        switch unit {
        case .month: zeroPadded(year, 4) + "-" + zeroPadded(index, 2)
        case .quarter: zeroPadded(year, 4) + "-Q\(index)"
        case .year: zeroPadded(year, 4)
        }
    }

    public static let monthAbbreviations = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    public static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]

    /// What people read: "Oct 2023", "2023-Q4", "2023".
    public var label: String {
        switch unit {
        case .month: "\(Period.monthAbbreviations[index - 1]) \(year)"
        case .quarter, .year: description
        }
    }

    /// Long form: "October 2023", "Q4 2023", "2023".
    public var longLabel: String {
        switch unit {
        case .month: "\(Period.monthNames[index - 1]) \(year)"
        case .quarter: "Q\(index) \(year)"
        case .year: "\(year)"
        }
    }
}

/// `n` in decimal, left-padded with zeros to `width` digits (String(format:) is slow on Linux).
func zeroPadded(_ n: Int, _ width: Int) -> String {
    let digits = String(n)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
