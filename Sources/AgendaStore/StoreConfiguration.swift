import Foundation

/// How the store uses SQLite; front ends read their settings (options, environment) and pass them in.
public struct StoreConfiguration: Sendable, Hashable {
    /// How long a write waits for another process's write before giving up, in seconds.
    public var busyTimeout: TimeInterval
    /// The page cache per connection, in KiB.
    public var cacheKiB: Int

    public init(busyTimeout: TimeInterval = 30, cacheKiB: Int = 32768) {
        self.busyTimeout = busyTimeout
        self.cacheKiB = cacheKiB
    }

    /// The accepted busy timeouts.
    public static let busyTimeoutRange: ClosedRange<TimeInterval> = 0...3600
}
