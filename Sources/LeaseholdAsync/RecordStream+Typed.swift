import LeaseholdCore
import LeaseholdTuple

/// An owned batch of typed records: keys as ``Key``s on one buffer, values decoded.
///
/// `Sendable` and owned like ``RecordBatch``: its keys are zero-copy views on the batch's one
/// key buffer; its values were decoded on the store's thread, straight from the engine's memory.
public struct TypedRecordBatch<Value: Sendable>: @unchecked Sendable, RandomAccessCollection {
    // `@unchecked`: the keys' buffer is owned and never changed (see ``RecordBatch``).

    /// The keys (with empty values) in one buffer.
    let keys: RecordBatch
    /// The decoded values, in the keys' order.
    public let values: [Value]

    @usableFromInline
    init(keys: RecordBatch, values: [Value]) {
        self.keys = keys
        self.values = values
    }

    /// The first record's position, 0.
    public var startIndex: Int { 0 }
    /// The number of records.
    public var endIndex: Int { values.count }

    /// The record at `position`: its key (a view on the batch's buffer) and its value.
    public subscript(position: Int) -> (key: Key, value: Value) {
        (Key(packed: keys[position].key), values[position])
    }
}

/// A streamed typed scan: the records of a range with their values decoded as `Value`, as an
/// `AsyncSequence` of owned ``TypedRecordBatch``es.
///
/// Reading, backpressure and consistency are ``RecordStream``'s. Values are decoded on the
/// store's reader thread as each batch is read; a value that does not decode ends the stream
/// with the `DecodingError`, whose description names the record's key (as the synchronous
/// typed scan's does).
public struct TypedRecordStream<Value: Decodable & Sendable>: AsyncSequence, Sendable {
    /// A batch of typed records.
    public typealias Element = TypedRecordBatch<Value>

    @usableFromInline let start: @Sendable () -> any BatchScanning<TypedRecordBatch<Value>>

    @usableFromInline
    init(start: @escaping @Sendable () -> any BatchScanning<TypedRecordBatch<Value>>) { self.start = start }

    /// An iteration of the stream: reads and decodes a batch at each ``next()``.
    public struct Iterator: AsyncIteratorProtocol {
        let scan: any BatchScanning<TypedRecordBatch<Value>>

        /// The next batch, read and decoded now; `nil` at the end of the range or the limit.
        public mutating func next() async throws -> TypedRecordBatch<Value>? { try await scan.next() }

        /// How many batches this iteration has read from the store.
        public var batchesRead: Int { scan.batchesRead }
    }

    /// Starts an iteration of the stream.
    public func makeAsyncIterator() -> Iterator { Iterator(scan: start()) }
}

extension AsyncStore {
    /// The records of `range` with their values decoded as `Value`, as a stream of owned
    /// batches read only as the loop asks (see ``records(in:reverse:limit:batch:consistency:)``).
    ///
    /// The byte limit counts each record's key and packed value. A `DecodingError` names the
    /// field at fault and, in its description, the record's key.
    /// - warning: With ``StreamConsistency/snapshot`` the stream holds a snapshot until it ends
    ///   or its iterator is dropped: the engine's `close()` throws `busy` meanwhile.
    @inlinable
    public func records<Value: Decodable & Sendable>(
        in range: KeyRange = .all, as type: Value.Type, reverse: Bool = false, limit: Int? = nil,
        batch: BatchLimit = .default, consistency: StreamConsistency = .snapshot
    ) -> TypedRecordStream<Value> {
        let plan = ScanPlan(range: range, reverse: reverse, limit: limit, batch: batch, consistency: consistency)
        return TypedRecordStream { [self] in
            StreamScan<E, TypedRecordBatch<Value>>(store: self, plan: plan) { txn, rest, wanted, capacity in
                try txn.readTypedBatch(rest, as: Value.self, reverse: plan.reverse, records: wanted,
                                       limit: plan.batch, capacity: capacity)
            }
        }
    }
}
