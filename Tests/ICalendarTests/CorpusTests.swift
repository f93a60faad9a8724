import Foundation
import Testing
@testable import ICalendar

/// The real-world files of the workplace's ics-corpus (third-party test data, not in this repository: found at
/// `$AGENDA_ICS_CORPUS`, else `../shared/ics-corpus` beside the checkout).
enum Corpus {
    static let folder: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let beside: String = root.deletingLastPathComponent().appendingPathComponent("shared/ics-corpus").path
        let candidates: [String] = [ProcessInfo.processInfo.environment["AGENDA_ICS_CORPUS"], beside].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/MANIFEST.tsv") }
    }()

    /// (file, VEVENTs Python's icalendar finds or nil when it refuses the file).
    static var manifest: [(file: String, events: Int?)] {
        guard let folder, let text = try? String(contentsOfFile: folder + "/MANIFEST.tsv", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            return (String(f[0]), f[8] == "yes" ? Int(f[7]) : nil)
        }
    }
}

@Suite("Real-world files (ics-corpus)", .enabled(if: Corpus.folder != nil, "the ics-corpus is not beside this checkout"))
struct CorpusTests {
    @Test("Every file reads leniently without an error, with the VEVENTs Python's icalendar finds")
    func everyFile() throws {
        let manifest = Corpus.manifest
        #expect(manifest.count >= 60)
        var deviating = 0, total = 0
        for (file, expected) in manifest {
            var events = 0
            do {
                // Counted as icalendar's walk counts them: at any depth.
                let (_, deviations) = try ICalendarReader.readFile(Corpus.folder! + "/" + file) { c in
                    events += (c.name == "VEVENT" ? 1 : 0) + c.descendants(named: "VEVENT").count
                }
                if !deviations.isEmpty { deviating += 1 }
                if expected != nil { total += events }
                if let expected { #expect(events == expected, "\(file): \(events) VEVENTs, icalendar finds \(expected)") }
            } catch {
                // Only a file icalendar refuses too may be refused, and then with a line number.
                #expect(expected == nil, "\(file): \(error)")
            }
        }
        #expect(total == manifest.compactMap(\.events).reduce(0, +) && total > 100)
        // The corpus is there for its quirks: lenient reading must have reported some.
        #expect(deviating > 0)
    }

    @Test("Looking ahead for RECURRENCE-ID never misses one the reader finds, in any file")
    func lookAheadAgreesWithTheReader() throws {
        var withOverrides = 0, saidYes = 0
        for (file, _) in Corpus.manifest {
            let path = Corpus.folder! + "/" + file
            var found = false
            func visit(_ c: ICalendarReader.RawComponent) {
                if c.lines.contains(where: { $0.name == "RECURRENCE-ID" }) { found = true }
                c.components.forEach(visit)
            }
            _ = try? ICalendarReader.readFile(path) { visit($0) }
            let scan = PropertyScan.file(path, mayContain: "RECURRENCE-ID")
            if found {
                withOverrides += 1
                #expect(scan == true, "\(file): the reader finds RECURRENCE-ID, the look-ahead does not")
            }
            if scan == true { saidYes += 1 }
        }
        // The corpus has files with overrides, and most files without them are told apart.
        #expect(withOverrides >= 5)
        #expect(saidYes < Corpus.manifest.count)
    }
}
