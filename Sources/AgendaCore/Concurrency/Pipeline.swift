import Foundation

/// A bounded hand-off of batches from a producing thread to a consuming one. The producer waits while `capacity`
/// batches are waiting, so memory stays bounded whatever the length of the stream.
public final class BatchChannel<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [[Element]] = []
    /// Batches the consumer is done with, released by the producer (`put`).
    private var spent: [[Element]] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private let capacity: Int

    public init(capacity: Int) { self.capacity = capacity }

    /// Called by the producer; false when the consumer gave up. Releases, on the producer's thread, the batches
    /// the consumer gave back.
    public func put(_ batch: [Element]) -> Bool {
        condition.lock()
        while queue.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else {
            condition.unlock()
            return false
        }
        queue.append(batch)
        let released = spent
        spent.removeAll(keepingCapacity: true)
        condition.broadcast()
        condition.unlock()
        _ = consume released
        return true
    }

    /// Called by the consumer with a batch it is done with, so that its elements are freed by the thread that
    /// made them. glibc's allocator locks the arena a block came from to free it: elements freed on the consuming
    /// thread made it wait for the producer's allocations (and the producer for its frees): 9 % of a bulk load's
    /// writing thread was that wait.
    public func giveBack(_ batch: consuming [Element]) {
        condition.lock()
        spent.append(batch)
        condition.unlock()
    }

    /// Called by the producer when it is done, with the error that stopped it, if any.
    public func finish(_ error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, nil at the end; rethrows the producer's error once the batches before it are taken.
    public func take() throws -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        if !queue.isEmpty {
            let b = queue.removeFirst()
            condition.broadcast()
            return b
        }
        if let failure { throw failure }
        return nil
    }

    /// Called by the consumer when it stops early: the producer's next `put` returns false.
    public func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Two stages on two threads: what needs no shared state (decoding, checking, folding text) is produced on a
/// second thread while the calling thread consumes the previous batch (writes to the database), so that a bulk
/// write uses both cores.
public enum Pipeline {
    /// Runs `produce` on a second thread, handing each element it emits to `consume` on the calling thread, in
    /// order, `batchSize` at a time, with at most `capacity` batches waiting. An error thrown by `produce` reaches
    /// the caller after the elements emitted before it were consumed; an error thrown by `consume` stops the
    /// producer at its next batch. Returns once the producer's thread is done, so `produce` may use what the caller
    /// holds (it does not outlive the call).
    public static func run<Element>(batchSize: Int = 256, capacity: Int = 4,
                                    produce: (_ emit: (Element) throws -> Void) throws -> Void,
                                    consume: (Element) throws -> Void) throws {
        try withoutActuallyEscaping(produce) { produce in
            let channel = BatchChannel<Element>(capacity: capacity)
            let done = DispatchSemaphore(value: 0)
            // The thread lets go of `produce` before it signals, so that nothing holds it once `run` returns
            // (the Thread object itself may outlive the call).
            let producer = ProducerSlot(produce)
            let thread = Thread {
                defer {
                    producer.clear()
                    done.signal()
                }
                var batch: [Element] = []
                batch.reserveCapacity(batchSize)
                var failure: (any Error)?
                do {
                    try producer.run { element in
                        batch.append(element)
                        if batch.count == batchSize {
                            guard channel.put(batch) else { throw CancellationError() }
                            batch = []
                            batch.reserveCapacity(batchSize)
                        }
                    }
                } catch is CancellationError {
                    return channel.finish(nil)
                } catch {
                    failure = error
                }
                // What was emitted before an error is consumed before the error is seen.
                if !batch.isEmpty { _ = channel.put(batch) }
                channel.finish(failure)
            }
            thread.stackSize = 8 << 20
            thread.start()
            defer { done.wait() }
            do {
                while let batch = try channel.take() {
                    for element in batch { try consume(element) }
                    channel.giveBack(batch)
                }
            } catch {
                channel.cancel()
                throw error
            }
        }
    }
}

/// The producer of a `Pipeline`, handed to its thread, which clears it when done. Only that thread uses it
/// while `run` waits for it.
private final class ProducerSlot<Element>: @unchecked Sendable {
    typealias Produce = (_ emit: (Element) throws -> Void) throws -> Void
    private var produce: Produce?
    init(_ produce: @escaping Produce) { self.produce = produce }
    func run(_ emit: (Element) throws -> Void) throws { try produce?(emit) }
    func clear() { produce = nil }
}
