import Foundation

/// Streams iCalendar bytes: CRLF line ends, lines folded at 75 octets, values escaped by type.
///
/// Bytes accumulate in a buffer handed to `sink` whenever it passes `flushThreshold`, so memory stays flat however
/// many components are written.
public struct ICalendarWriter: ~Copyable, PropertySink {
    private var buffer: [UInt8] = []
    private var line: [UInt8] = []
    /// Scratch space for escaping and folding, kept from one line to the next.
    private var scratch: [UInt8] = []
    private let sink: ([UInt8]) throws -> Void
    private let flushThreshold: Int
    /// Octets written so far.
    public private(set) var octetsWritten = 0

    /// A writer that hands bytes to `sink` in chunks of about `flushThreshold` octets.
    public init(flushThreshold: Int = 1 << 16, sink: @escaping ([UInt8]) throws -> Void) {
        self.sink = sink
        self.flushThreshold = flushThreshold
        buffer.reserveCapacity(flushThreshold + 4096)
        line.reserveCapacity(1024)
    }

    /// `BEGIN:NAME`.
    public mutating func begin(_ name: String) throws { try write(Property("BEGIN", .raw(name))) }
    /// `END:NAME`.
    public mutating func end(_ name: String) throws { try write(Property("END", .raw(name))) }

    /// Writes a whole component, recursively.
    public mutating func write(_ component: Component) throws {
        try begin(component.name)
        for p in component.properties { try write(p) }
        for c in component.components { try write(c) }
        try end(component.name)
    }

    /// Writes one property (PropertySink).
    public mutating func add(_ property: Property) throws { try write(property) }

    /// Writes one property as a folded content line.
    public mutating func write(_ property: Property) throws {
        line.removeAll(keepingCapacity: true)
        line += property.name.utf8
        for p in property.parameters {
            line.append(UInt8(ascii: ";"))
            line += p.name.utf8
            line.append(UInt8(ascii: "="))
            for (i, v) in p.values.enumerated() {
                if i > 0 { line.append(UInt8(ascii: ",")) }
                ContentLine.appendParameterValue(v, to: &line)
            }
        }
        line.append(UInt8(ascii: ":"))
        switch property.value {
        case let .text(t): ContentLine.appendEscapedText(t, to: &line, scratch: &scratch)
        case let .textList(list):
            for (i, t) in list.enumerated() {
                if i > 0 { line.append(UInt8(ascii: ",")) }
                ContentLine.appendEscapedText(t, to: &line, scratch: &scratch)
            }
        case let .textLines(lines):
            for (i, t) in lines.enumerated() {
                // A line break between lines, as TEXT escaping writes "\n": none after a line ending in CR, whose
                // escape already is the break (CR LF is one break).
                if i > 0 && lines[i - 1].utf8.last != 0x0D {
                    line.append(UInt8(ascii: "\\")); line.append(UInt8(ascii: "n"))
                }
                ContentLine.appendEscapedText(t, to: &line, scratch: &scratch)
            }
        case let .raw(r): for b in r.utf8 where b >= 0x20 && b != 0x7F || b == 0x09 { line.append(b) }
        case let .date(d): d.append(to: &line)
        case let .dateTime(dt): dt.append(to: &line)
        case let .duration(d): line += d.text.utf8
        case let .recur(r): line += r.text.utf8
        case let .utcOffset(s): line += utcOffsetText(s).utf8
        }
        let before = buffer.count
        ContentLine.appendFolded(line[...], to: &buffer, scratch: &scratch)
        octetsWritten += buffer.count - before
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Hands any buffered bytes to the sink.
    public mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Serialises a component to a string (for single events and tests).
    public static func string(_ component: Component) throws -> String {
        var out: [UInt8] = []
        var w = ICalendarWriter { out += $0 }
        try w.write(component)
        try w.flush()
        return String(decoding: out, as: UTF8.self)
    }
}
