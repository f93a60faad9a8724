import Foundation
import Testing
@testable import ICalendar

/// A small deterministic generator (SplitMix64), so a failing input can be found again from its seed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutations of real and generated iCalendar: truncation, byte flips, duplicated and deleted lines, huge lines,
/// deep nesting, random bytes. `FUZZ_INPUTS` sets how many: 10,000 by default; `scripts/test` (CI) runs
/// 100,000, and a longer run is `FUZZ_INPUTS=2000000 swift test -c release --filter FuzzTests`.
enum Fuzz {
    static var inputs: Int { Int(ProcessInfo.processInfo.environment["FUZZ_INPUTS"] ?? "") ?? 10_000 }

    static func seeds() -> [[UInt8]] {
        var seeds: [[UInt8]] = []
        if let folder = Corpus.folder,
           let names = try? FileManager.default.contentsOfDirectory(atPath: folder).filter({ $0.hasSuffix(".ics") }) {
            for n in names.sorted() {
                if let d = FileManager.default.contents(atPath: folder + "/" + n) { seeds.append([UInt8](d)) }
            }
        }
        // A feed as we write it, with the TEXT and zones our tests use.
        var event = Component("VEVENT")
        event.properties = [.text("UID", "fuzz-seed-1@agenda"), .text("SUMMARY", "Đối thoại; a,b \\ c\nline"),
                            Property("DTSTART", .dateTime(DateTimeValue(date: DateValue(year: 2023, month: 3, day: 26), hour: 2,
                                                                        minute: 30, form: .zoned("Europe/Rome")))),
                            Property("DURATION", .duration(DurationValue(seconds: 5400))),
                            Property("X-P", .raw("v"), parameters: [Parameter("CN", "Prodi, \"R\"\n^")])]
        var calendar = Component("VCALENDAR")
        calendar.components = [event, event]
        seeds.append(Array((try? ICalendarWriter.string(calendar))?.utf8 ?? "".utf8))
        return seeds
    }

    static func mutate(_ seed: [UInt8], _ rng: inout SplitMix) -> [UInt8] {
        var b = seed
        let lines = { (b: [UInt8]) -> [ArraySlice<UInt8>] in b.split(separator: 0x0A, omittingEmptySubsequences: false) }
        switch rng.next() % 9 {
        case 0: b = Array(b.prefix(Int(rng.next() % UInt64(b.count + 1))))                       // truncate
        case 1: for _ in 0..<(1 + rng.next() % 8) where !b.isEmpty {                              // flip bytes
            b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next())
        }
        case 2: var l = lines(b); if !l.isEmpty { l.remove(at: Int(rng.next() % UInt64(l.count))) }   // delete a line
            b = Array(l.joined(separator: [0x0A]))
        case 3: var l = lines(b); if !l.isEmpty { let i = Int(rng.next() % UInt64(l.count)); l.insert(l[i], at: i) }
            b = Array(l.joined(separator: [0x0A]))                                                  // duplicate a line
        case 4: var l = lines(b); l.shuffle(using: &rng); b = Array(l.joined(separator: [0x0A]))   // shuffle lines
        case 5: b += Array("X-HUGE:".utf8) + [UInt8](repeating: 0x61, count: Int(rng.next() % 300_000)) // a long line
        case 6: let depth = Int(rng.next() % 40)                                                    // deep nesting
            b = Array("BEGIN:VCALENDAR\r\n".utf8) + Array(String(repeating: "BEGIN:X\r\n", count: depth).utf8) + b
        case 7: b = (0..<Int(rng.next() % 2000)).map { _ in UInt8(truncatingIfNeeded: rng.next()) } // noise
        default: let cut = Int(rng.next() % UInt64(b.count + 1))                                    // fold mid-way
            b.insert(contentsOf: [0x0D, 0x0A, 0x20], at: cut)
        }
        return b
    }
}

@Suite("Fuzzing the reader")
struct FuzzTests {
    @Test("Mutated files never crash or hang the reader or the value parsers; every input ends in components or one error",
          .timeLimit(.minutes(10)))
    func mutations() throws {
        let seeds = Fuzz.seeds()
        #expect(!seeds.isEmpty)
        var rng = SplitMix(state: 20_230_220)
        var errors = 0, components = 0
        for n in 0..<Fuzz.inputs {
            var input = seeds[n % seeds.count]
            for _ in 0..<(1 + rng.next() % 3) { input = Fuzz.mutate(input, &rng) }
            var reader = ICalendarReader(mode: rng.next() % 4 == 0 ? .strict : .lenient)
            do {
                // In pieces, so lines cut across reads are exercised too.
                var i = 0
                while i < input.count {
                    let size = 1 + Int(rng.next() % 4096)
                    try reader.read(Array(input[i..<min(input.count, i + size)])) { c in
                        components += 1
                        for line in c.lines {
                            _ = line.text; _ = line.textList; _ = line.dateOrDateTime
                            _ = DurationValue(icalendar: line.value)
                        }
                    }
                    i += size
                }
                try reader.finish { _ in components += 1 }
            } catch is ICalendarReader.ReadError {
                errors += 1
            }
        }
        // Both outcomes occur (a hang fails by the time limit).
        #expect(errors > 0 && components > 0)
    }
}
