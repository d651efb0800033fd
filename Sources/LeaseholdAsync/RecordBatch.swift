@_spi(Adapter) import LeaseholdCore

/// An owned batch of records from a streamed scan: every key and value of the batch copied once
/// into one buffer, handed out as `Bytes` views on it.
///
/// A batch is `Sendable` and owns its memory: keep it, pass it to another task, drop it when
/// done. Its records are a `RandomAccessCollection` in scan order; each record's ``Record/key``
/// and ``Record/value`` are zero-copy slices of the batch's buffer, which lives as long as any
/// of them (`residence` `.owned`; they are never copied again). Decode them where they are:
///
/// ```swift
/// for try await batch in store.records(in: Key("orders").range) {
///     for record in batch {
///         let id = try Key(packed: record.key)[1, as: Int.self]
///         let order = try TupleDecoder().decode(Order.self, from: record.value)
///     }
/// }
/// ```
///
/// Memory: one buffer for the bytes, one array of offsets and one small storage object per
/// batch; nothing per record.
public struct RecordBatch: @unchecked Sendable, RandomAccessCollection {
    // `@unchecked`: `storage` is an adopted buffer (no lease, never changed after the batch is
    // made), so its `Bytes` views may be read from any thread.

    /// One record of a batch: views on the batch's buffer.
    public struct Record {
        /// The key (a slice of the batch's buffer; no copy).
        public let key: Bytes
        /// The value (a slice of the batch's buffer; no copy).
        public let value: Bytes

        @usableFromInline
        init(key: Bytes, value: Bytes) {
            self.key = key
            self.value = value
        }
    }

    /// The keys and values, back to back.
    @usableFromInline let storage: Bytes
    /// Record `i`'s key is `offsets[2i] ..< offsets[2i + 1]`, its value runs to `offsets[2i + 2]`.
    @usableFromInline let offsets: [Int]

    @usableFromInline
    init(storage: Bytes, offsets: [Int]) {
        self.storage = storage
        self.offsets = offsets
    }

    /// The first record's position, 0.
    @inlinable public var startIndex: Int { 0 }
    /// One past the last record's position: the number of records.
    @inlinable public var endIndex: Int { (offsets.count - 1) / 2 }

    /// The record at `position`, as views on the batch's buffer.
    @inlinable
    public subscript(position: Int) -> Record {
        precondition(position >= 0 && position < endIndex, "record index out of range")
        let k = offsets[2 * position], v = offsets[2 * position + 1], end = offsets[2 * position + 2]
        return Record(key: storage.extracting(k ..< v), value: storage.extracting(v ..< end))
    }

    /// The number of key and value bytes in the batch.
    @inlinable public var byteCount: Int { offsets.last ?? 0 }

    /// The last record's key, owned (where a stream resumes).
    @usableFromInline var lastKey: [UInt8]? { isEmpty ? nil : Array(self[endIndex - 1].key) }
}

/// How big a streamed scan's batches grow: a batch ends at ``records`` records or when the next
/// record would take its keys and values past ``bytes``, whichever comes first. A single record
/// larger than ``bytes`` still forms a batch of its own.
public struct BatchLimit: Sendable, Hashable {
    /// The most records in a batch (at least 1).
    public var records: Int
    /// The most key and value bytes in a batch of more than one record (at least 1).
    public var bytes: Int

    /// A limit of `records` records or `bytes` bytes, whichever comes first.
    public init(records: Int = 1024, bytes: Int = 1 << 20) {
        self.records = records
        self.bytes = bytes
    }

    /// 1,024 records or 1 MiB, whichever comes first.
    public static let `default` = BatchLimit()

    /// Throws ``LeaseholdError/invalidArgument(_:)`` unless both limits are at least 1.
    func validate() throws(LeaseholdError) {
        guard records >= 1, bytes >= 1 else {
            throw .invalidArgument("batch limits must be at least 1 (records: \(records), bytes: \(bytes))")
        }
    }
}
