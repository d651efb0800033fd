import LeaseholdCore

/// A streamed scan: the records of a range as an `AsyncSequence` of owned ``RecordBatch``es.
///
/// ```swift
/// for try await batch in store.records(in: Key("orders").range) {
///     for record in batch { total += try TupleDecoder().decode(Order.self, from: record.value).total }
/// }
/// ```
///
/// Each batch is read in one hop to one of the store's reader threads, and only when the loop
/// asks for it: nothing is read ahead (a consumer that stops after one batch has caused exactly
/// one read). A batch holds up to ``BatchLimit/records`` records and about
/// ``BatchLimit/bytes`` bytes. What the batches see of concurrent commits is the stream's
/// ``StreamConsistency``. Each iteration (each `makeAsyncIterator()`) is a scan of its own.
///
/// Errors of the engine, a cancelled task (`CancellationError`, before a batch starts) and
/// ``LeaseholdError/invalidArgument(_:)`` for bad limits end the stream with a throw.
/// Dropping the iterator (leaving the loop) releases the stream's snapshot.
public struct RecordStream: AsyncSequence, Sendable {
    /// A batch of records.
    public typealias Element = RecordBatch

    @usableFromInline let start: @Sendable () -> any BatchScanning<RecordBatch>

    @usableFromInline
    init(start: @escaping @Sendable () -> any BatchScanning<RecordBatch>) { self.start = start }

    /// An iteration of the stream: reads a batch at each ``next()``.
    public struct Iterator: AsyncIteratorProtocol {
        let scan: any BatchScanning<RecordBatch>

        /// The next batch, read now; `nil` at the end of the range or the limit.
        public mutating func next() async throws -> RecordBatch? { try await scan.next() }

        /// How many batches this iteration has read from the store (each in one hop to a reader
        /// thread).
        public var batchesRead: Int { scan.batchesRead }
    }

    /// Starts an iteration of the stream.
    public func makeAsyncIterator() -> Iterator { Iterator(scan: start()) }
}

/// One iteration of a stream, whatever the engine (``StreamScan`` erased).
@usableFromInline
protocol BatchScanning<Batch>: Sendable {
    associatedtype Batch: Sendable
    func next() async throws -> Batch?
    var batchesRead: Int { get }
}

extension StreamScan: BatchScanning {}

extension AsyncStore {
    /// The records of `range` as a stream of owned batches, read only as the loop asks.
    ///
    /// - Parameters:
    ///   - range: the keys to read.
    ///   - reverse: from the last key down.
    ///   - limit: the most records the whole stream yields (`nil`: all).
    ///   - batch: how big a batch grows (records and bytes).
    ///   - consistency: one snapshot for the stream (the default, where the engine can hold
    ///     one) or a transaction per batch; see ``StreamConsistency``.
    /// - warning: With ``StreamConsistency/snapshot`` the stream holds a snapshot until it ends
    ///   or its iterator is dropped: the engine's `close()` throws `busy` meanwhile.
    @inlinable
    public func records(
        in range: KeyRange = .all, reverse: Bool = false, limit: Int? = nil,
        batch: BatchLimit = .default, consistency: StreamConsistency = .snapshot
    ) -> RecordStream {
        let plan = ScanPlan(range: range, reverse: reverse, limit: limit, batch: batch, consistency: consistency)
        return RecordStream { [self] in
            StreamScan<E, RecordBatch>(store: self, plan: plan) { txn, rest, wanted, capacity in
                try txn.readBatch(rest, reverse: plan.reverse, records: wanted, limit: plan.batch, capacity: capacity)
            }
        }
    }
}
