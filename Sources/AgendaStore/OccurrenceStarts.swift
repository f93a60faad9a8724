import AgendaCore
import Foundation

/// The stored form of a series' occurrence starts (`event_series.occurrence_starts`): UTC seconds as 8-byte
/// little-endian integers, in order.
enum OccurrenceStarts {
    static func encode(_ starts: [Int]) -> Data {
        var data = Data(capacity: starts.count * 8)
        for s in starts { withUnsafeBytes(of: Int64(s).littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// The stored starts.
    static func decode(_ data: Data) -> [Int] { data.withUnsafeBytes { decode($0) } }

    static func decode(_ raw: UnsafeRawBufferPointer) -> [Int] { (0..<raw.count / 8).map { start(raw, $0) } }

    /// The last stored start (nil for no bytes).
    static func last(in raw: UnsafeRawBufferPointer) -> Int? { raw.count < 8 ? nil : start(raw, raw.count / 8 - 1) }

    /// The `i`th stored start.
    private static func start(_ raw: UnsafeRawBufferPointer, _ i: Int) -> Int {
        Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: Int64.self)))
    }

    /// Whether one of the stored starts `s` has `s + length > window.lowerBound` and `s < window.upperBound`:
    /// a binary search for the first start after `window.lowerBound - length` (`Series.firstEnding`).
    static func any(in raw: UnsafeRawBufferPointer, length: Int, overlapping window: Range<Int>) -> Bool {
        let n = raw.count / 8
        let first = Series.firstEnding(after: window.lowerBound, count: n, length: length) { start(raw, $0) }
        return first < n && start(raw, first) < window.upperBound
    }
}
