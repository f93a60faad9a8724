import AgendaStore
import Crypto
import Foundation
import NIOCore

/// A rendered response body with its validators.
struct Rendered: Sendable {
    var body: ByteBuffer
    /// Strong validator: a hash of the bytes, quoted.
    var etag: String
    var lastModified: Date
}

/// Rendered bodies by key, valid while the database's change token and the day are the same. A burst of requests
/// for the same key while it is being rendered waits for that one rendering. Bounded: past `capacity` keys the
/// cache starts afresh (keys come from request paths and queries, which anyone can vary).
final class ResponseCache: @unchecked Sendable {
    struct Validity: Hashable { var token: ChangeToken; var epoch: Int }
    private struct Entry { var validity: Validity; var rendered: Rendered }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var inFlight: [String: (Validity, Task<Rendered, any Error>)] = [:]
    private let capacity: Int
    private(set) var renders = 0

    init(capacity: Int = 512) { self.capacity = capacity }

    /// The cached body for `key` under `validity`, or the one `render` makes (once for concurrent callers).
    func body(_ key: String, validity: Validity, lastModified: @escaping @Sendable () -> Date,
              render: @escaping @Sendable () throws -> [UInt8]) async throws -> Rendered {
        let (cached, task): (Rendered?, Task<Rendered, any Error>?) = lock.withLock {
            if let e = entries[key], e.validity == validity { return (e.rendered, nil) }
            if let (v, t) = inFlight[key], v == validity { return (nil, t) }
            let previous = entries[key]?.rendered
            let t = Task<Rendered, any Error> {
                let bytes = try await Self.offPool(render)
                let etag = "\"" + Self.digest(bytes) + "\""
                // The same bytes as before keep their Last-Modified.
                let modified = previous?.etag == etag ? previous!.lastModified : lastModified()
                return Rendered(body: ByteBuffer(bytes: bytes), etag: etag, lastModified: modified)
            }
            inFlight[key] = (validity, t)
            return (nil, t)
        }
        if let cached { return cached }
        do {
            let rendered = try await task!.value
            lock.withLock {
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
                entries[key] = Entry(validity: validity, rendered: rendered)
                if inFlight[key]?.0 == validity { inFlight[key] = nil }
                renders += 1
            }
            return rendered
        } catch {
            lock.withLock { if inFlight[key]?.0 == validity { inFlight[key] = nil } }
            throw error
        }
    }

    /// Runs blocking database work on a Dispatch thread, not on Swift concurrency's cooperative pool.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// The first 128 bits of the bytes' SHA-256, as hex, and their length.
    static func digest(_ bytes: [UInt8]) -> String {
        let hash = SHA256.hash(data: bytes)
        return hash.prefix(16).map { String($0, radix: 16).leftPadded(2) }.joined() + "-\(bytes.count)"
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
