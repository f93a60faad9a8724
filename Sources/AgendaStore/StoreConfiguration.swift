import Foundation

/// How the store uses SQLite; front ends read their settings (options, environment) and pass them in.
public struct StoreConfiguration: Sendable, Hashable {
    /// How long a write waits for another process's write before giving up, in seconds.
    public var busyTimeout: TimeInterval
    /// The page cache per connection, in KiB.
    public var cacheKiB: Int
    /// How much of the file read-only connections map into memory (0: none). Mapping speeds up reads of scattered
    /// rows (a window), but mapped pages count as the process's memory: leave it 0 for reads that stream the
    /// whole file (exports), so their memory stays flat.
    public var mmapBytes: Int

    public init(busyTimeout: TimeInterval = 30, cacheKiB: Int = 32768, mmapBytes: Int = 0) {
        self.busyTimeout = busyTimeout
        self.cacheKiB = cacheKiB
        self.mmapBytes = mmapBytes
    }

    /// The accepted busy timeouts.
    public static let busyTimeoutRange: ClosedRange<TimeInterval> = 0...3600
}
