import CRocksDB
import LeaseholdCore

/// A cursor of a RocksDB transaction: one `rocksdb_iterator_t` on the transaction's snapshot
/// (the adapter tier; the core's cursor around it keeps its place, its leases and its end).
///
/// RocksDB reuses its key buffer at every `Next`/`Prev`/`Seek`, so keys are lent for one step.
/// Values too, unless the store was opened with ``RocksDBEngine/Options/pinData``: then the
/// blocks the iterator visits stay pinned until it is destroyed, and values are lent until the
/// cursor closes (``lending`` is ``CursorLending/stepKeysCursorValues``).
/// - warning: ``key`` is borrowed until the next move; ``value`` too, or with `pinData` until
///   the iterator is destroyed.
public struct RocksDBCursor: StoreCursor {
    @usableFromInline let iterator: OpaquePointer
    @usableFromInline var currentKey = UnsafeRawBufferPointer(start: nil, count: 0)
    @usableFromInline var currentValue = UnsafeRawBufferPointer(start: nil, count: 0)
    /// ``CursorLending/step``, or with `pinData` ``CursorLending/stepKeysCursorValues``.
    public let lending: CursorLending

    init(_ iterator: OpaquePointer, pinData: Bool) {
        self.iterator = iterator
        lending = pinData ? .stepKeysCursorValues : .step
    }

    /// The current key, in RocksDB's iterator buffer.
    @inlinable public var key: UnsafeRawBufferPointer { currentKey }
    /// The current value, in a table block (or the memtable).
    @inlinable public var value: UnsafeRawBufferPointer { currentValue }

    /// Reads where the iterator landed.
    @inlinable @inline(__always)
    mutating func landed() throws -> Bool {
        guard rocksdb_iter_valid(iterator) != 0 else { return try missed() }
        var count = 0
        let k = rocksdb_iter_key(iterator, &count)
        currentKey = UnsafeRawBufferPointer(start: k, count: count)
        let v = rocksdb_iter_value(iterator, &count)
        currentValue = UnsafeRawBufferPointer(start: v, count: count)
        return true
    }

    /// The iterator stands on no record: the end of the data, or an error RocksDB kept.
    @usableFromInline
    mutating func missed() throws -> Bool {
        currentKey = UnsafeRawBufferPointer(start: nil, count: 0)
        currentValue = currentKey
        try RocksDBCall.check(.read) { rocksdb_iter_get_error(iterator, $0) }
        return false
    }

    /// `rocksdb_iter_seek_to_first`.
    public mutating func first() throws -> Bool {
        rocksdb_iter_seek_to_first(iterator)
        return try landed()
    }

    /// `rocksdb_iter_seek_to_last`.
    public mutating func last() throws -> Bool {
        rocksdb_iter_seek_to_last(iterator)
        return try landed()
    }

    /// `rocksdb_iter_next`.
    @inlinable @inline(__always)
    public mutating func next() throws -> Bool {
        rocksdb_iter_next(iterator)
        return try landed()
    }

    /// `rocksdb_iter_prev`.
    @inlinable @inline(__always)
    public mutating func previous() throws -> Bool {
        rocksdb_iter_prev(iterator)
        return try landed()
    }

    /// `rocksdb_iter_seek`: the first record whose key is `>= target`.
    public mutating func seek(_ target: UnsafeRawBufferPointer) throws -> Bool {
        rocksdb_iter_seek(iterator, target.cString, target.count)
        return try landed()
    }

    /// `rocksdb_iter_destroy` (the core closes every cursor before its transaction ends).
    public mutating func close() { rocksdb_iter_destroy(iterator) }
}
