import Foundation

/// How the store uses SQLite; front ends read their settings (options, environment) and pass them in.
public struct StoreConfiguration: Sendable, Hashable {
    /// How long a write waits for another process's write before giving up, in seconds.
    public var busyTimeout: TimeInterval
    /// The page cache per connection, in KiB.
    public var cacheKiB: Int
    /// The page cache of a one-off read (`AgendaDatabase.open(path:access: .read)`), in KiB. Such a read starts
    /// cold and reads most pages once, so a large cache only takes new memory for every page it reads (a page
    /// fault each): `upcoming --days 7` at 1,000,000 events ran 1.22× faster with 4 MiB than with 32 MiB, a year's
    /// `event list` at 100,000 events 1.12× (interleaved medians of 21 and 7). Long-running readers
    /// (`openShared`) keep `cacheKiB`, warm across requests.
    public var readCacheKiB: Int
    /// How much of the file read-only connections map into memory (0: none). Mapping speeds up reads of scattered
    /// rows (a window), but mapped pages count as the process's memory: leave it 0 for reads that stream the
    /// whole file (exports), so their memory stays flat.
    public var mmapBytes: Int

    public init(busyTimeout: TimeInterval = 30, cacheKiB: Int = 32768, readCacheKiB: Int = 4096, mmapBytes: Int = 0) {
        self.busyTimeout = busyTimeout
        self.cacheKiB = cacheKiB
        self.readCacheKiB = readCacheKiB
        self.mmapBytes = mmapBytes
    }

    /// The accepted busy timeouts.
    public static let busyTimeoutRange: ClosedRange<TimeInterval> = 0...3600
}
