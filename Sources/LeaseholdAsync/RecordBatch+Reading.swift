import LeaseholdCore
import LeaseholdTuple

/// What one batch read produced, and where the stream goes on from.
@usableFromInline
struct BatchOutcome<Batch: Sendable>: Sendable {
    /// The batch.
    @usableFromInline var batch: Batch
    /// Its number of records.
    @usableFromInline var count: Int
    /// Its last key, owned: the next batch starts after it.
    @usableFromInline var lastKey: [UInt8]?
    /// The key and value bytes it read.
    @usableFromInline var byteCount: Int
    /// Whether the range has no records past this batch (it ended below its record count for
    /// a reason other than the byte limit).
    @usableFromInline var exhausted: Bool

    @usableFromInline
    init(batch: Batch, count: Int, lastKey: [UInt8]?, byteCount: Int, exhausted: Bool) {
        self.batch = batch
        self.count = count
        self.lastKey = lastKey
        self.byteCount = byteCount
        self.exhausted = exhausted
    }
}

/// Ends a batch scan at the byte limit (thrown from inside the scan, caught around it).
@usableFromInline
struct BatchFull: Error {
    @usableFromInline init() {}
}

extension ReadTransaction {
    /// Reads up to `records` records of `range` into one ``RecordBatch``, stopping before a
    /// record that would take it past `limit.bytes` (unless the batch is still empty).
    /// Inlinable, so that it is specialized for the engine's reader where the stream is made.
    @inlinable
    func readBatch(
        _ range: KeyRange, reverse: Bool, records: Int, limit: BatchLimit, capacity: Int
    ) throws -> BatchOutcome<RecordBatch> {
        let builder = RecordBatchBuilder(capacity: min(capacity, limit.bytes), records: records)
        var full = false
        do {
            try scanSpans(range, reverse: reverse, limit: records) { key, value in
                if builder.count > 0 && builder.byteCount + key.byteCount + value.byteCount > limit.bytes {
                    throw BatchFull()
                }
                key.withUnsafeBytes { k in value.withUnsafeBytes { v in builder.append(key: k, value: v) } }
            }
        } catch is BatchFull {
            full = true
        }
        let batch = builder.finish()
        return BatchOutcome(batch: batch, count: batch.count, lastKey: batch.lastKey, byteCount: batch.byteCount,
                            exhausted: !full && batch.count < records)
    }

    /// Reads up to `records` records of `range` with their values decoded as `T` into one
    /// ``TypedRecordBatch``: the keys are copied into one buffer, the values decoded from the
    /// engine's memory (a `DecodingError` names the record's key).
    @inlinable
    func readTypedBatch<T: Decodable & Sendable>(
        _ range: KeyRange, as type: T.Type, reverse: Bool, records: Int, limit: BatchLimit, capacity: Int
    ) throws -> BatchOutcome<TypedRecordBatch<T>> {
        let builder = RecordBatchBuilder(capacity: min(capacity, limit.bytes), records: records)
        var values: [T] = []
        values.reserveCapacity(records)
        var bytes = 0
        var full = false
        var iterator = try self.records(range, as: T.self, reverse: reverse, limit: records)
        while let record = try iterator.next() {
            let size = record.key.byteCount + record.bytes.count
            if !values.isEmpty && bytes + size > limit.bytes {
                full = true
                break
            }
            values.append(try record.value)
            bytes += size
            record.key.bytes.withUnsafeBytes { builder.append(key: $0, value: UnsafeRawBufferPointer(start: nil, count: 0)) }
        }
        let keys = builder.finish()
        return BatchOutcome(batch: TypedRecordBatch(keys: keys, values: values), count: values.count,
                            lastKey: keys.lastKey, byteCount: bytes, exhausted: !full && values.count < records)
    }
}
