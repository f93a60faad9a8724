import AgendaCore
import Foundation
import Testing

@Suite("Pipeline: produced on a second thread, consumed in order on the caller's")
struct PipelineTests {
    struct Stop: Error, Equatable { var at: Int }

    /// Counts what the producer emitted, from its thread.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func add() { lock.withLock { n += 1 } }
        var value: Int { lock.withLock { n } }
    }

    @Test("Every element arrives once and in order, across batches, whatever the batch size", arguments: [1, 7, 256])
    func order(batchSize: Int) throws {
        var seen: [Int] = []
        try Pipeline.run(batchSize: batchSize, capacity: 2, produce: { (emit: (Int) throws -> Void) in
            for i in 0..<1_000 { try emit(i) }
        }, consume: { seen.append($0) })
        #expect(seen == Array(0..<1_000))
    }

    @Test("Nothing produced: nothing consumed, no error")
    func empty() throws {
        var seen = 0
        try Pipeline.run(produce: { (_: (Int) throws -> Void) in }, consume: { _ in seen += 1 })
        #expect(seen == 0)
    }

    @Test("The producer's error arrives after everything it emitted before it, and is the error thrown")
    func producerError() throws {
        var seen: [Int] = []
        #expect(throws: Stop(at: 600)) {
            try Pipeline.run(batchSize: 256, produce: { (emit: (Int) throws -> Void) in
                for i in 0..<600 { try emit(i) }
                throw Stop(at: 600)
            }, consume: { seen.append($0) })
        }
        #expect(seen == Array(0..<600))
    }

    @Test("The consumer's error stops the producer within a few batches, and is the error thrown")
    func consumerError() throws {
        let emitted = Counter()
        #expect(throws: Stop(at: 10)) {
            try Pipeline.run(batchSize: 16, capacity: 2, produce: { (emit: (Int) throws -> Void) in
                for i in 0..<1_000_000 {
                    emitted.add()
                    try emit(i)
                }
            }, consume: { if $0 == 10 { throw Stop(at: 10) } })
        }
        // The producer was stopped (a million elements were never made): at most the batches in flight.
        #expect(emitted.value < 16 * 8, "\(emitted.value) emitted")
    }

    @Test("The producer runs on another thread than the consumer")
    func twoThreads() throws {
        nonisolated(unsafe) var producerThread: Thread?
        var consumerThreads = Set<ObjectIdentifier>()
        try Pipeline.run(produce: { (emit: (Int) throws -> Void) in
            producerThread = Thread.current
            try emit(1)
        }, consume: { _ in consumerThreads.insert(ObjectIdentifier(Thread.current)) })
        #expect(consumerThreads == [ObjectIdentifier(Thread.current)])
        #expect(producerThread.map(ObjectIdentifier.init) != ObjectIdentifier(Thread.current))
    }
}
