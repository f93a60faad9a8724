// read-ics FILE [--values] [--strict]: reads an .ics file with ICalendar's streaming reader (the one `agenda
// import` uses, 1 MiB pieces, one component held at a time) and prints what it found and how long it took, so that
// parsing alone can be timed against libical and Python's icalendar on the same file (compare-peers.sh).
// --values: also reads every value the import maps (dates and date-times with their zones, RRULE, TEXT
// unescaped), as libical does while parsing.
import Foundation
import ICalendar

let args = CommandLine.arguments.dropFirst()
guard let path = args.first(where: { !$0.hasPrefix("--") }) else {
    FileHandle.standardError.write(Data("usage: read-ics FILE [--values] [--strict]\n".utf8))
    exit(64)
}
let values = args.contains("--values")
let mode: ICalendarReader.Mode = args.contains("--strict") ? .strict : .lenient

func run() {
    var components = 0, events = 0, lines = 0, typed = 0, unreadable = 0
    func readValues(_ c: ICalendarReader.RawComponent) {
        for line in c.lines {
            switch line.name {
            case "DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "DTSTAMP", "CREATED", "LAST-MODIFIED":
                if line.dateOrDateTime != nil { typed += 1 } else { unreadable += 1 }
            case "RRULE":
                if (try? RecurrenceRule(parsing: line.value)) != nil { typed += 1 } else { unreadable += 1 }
            case "EXDATE", "RDATE":
                typed += line.value.split(separator: ",").count
            case "SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT":
                typed += line.text.isEmpty ? 0 : 1
            default: break
            }
        }
        for sub in c.components { readValues(sub) }
    }

    let start = Date()
    do {
        let found = try ICalendarReader.readFile(path, mode: mode) { c in
            components += 1
            if c.name == "VEVENT" { events += 1 }
            lines += c.lines.count
            if values { readValues(c) }
        }
        let seconds = Date().timeIntervalSince(start)
        print("\(components) components, \(events) events, \(lines) content lines"
              + (values ? ", \(typed) values read, \(unreadable) unreadable" : "")
              + ", \(found.deviations.count) kinds of deviation; "
              + String(format: "%.3f s", seconds))
    } catch {
        FileHandle.standardError.write(Data("read-ics: \(error)\n".utf8))
        exit(65)
    }
}

run()
