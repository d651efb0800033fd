import CRocksDB
import LeaseholdCore

/// A cursor of a RocksDB transaction: one `rocksdb_iterator_t` on the transaction's snapshot.
///
/// RocksDB reuses its key buffer at every `Next`/`Prev`/`Seek`, so keys are lent for one step.
/// Values too, unless the store was opened with ``RocksDBEngine/Options/pinData``: then the
/// blocks the iterator visits stay pinned until it is destroyed, and values are lent until the
/// cursor closes (``CursorLending/stepKeysCursorValues``).
/// - warning: `key` is borrowed until the next move; `value` too, or with `pinData` until the
///   iterator is destroyed.
public typealias RocksDBCursor = IteratorCursor<RocksDBIterator>

/// RocksDB's `rocksdb_iter_*` functions, for ``RocksDBCursor``.
public enum RocksDBIterator: IteratorFunctions {
    @inlinable public static func seekToFirst(_ iterator: OpaquePointer) { rocksdb_iter_seek_to_first(iterator) }
    @inlinable public static func seekToLast(_ iterator: OpaquePointer) { rocksdb_iter_seek_to_last(iterator) }
    @inlinable public static func seek(_ iterator: OpaquePointer, _ key: UnsafeRawBufferPointer) {
        rocksdb_iter_seek(iterator, key.cString, key.count)
    }
    @inlinable public static func next(_ iterator: OpaquePointer) { rocksdb_iter_next(iterator) }
    @inlinable public static func previous(_ iterator: OpaquePointer) { rocksdb_iter_prev(iterator) }
    @inlinable public static func isValid(_ iterator: OpaquePointer) -> Bool { rocksdb_iter_valid(iterator) != 0 }
    @inlinable public static func key(_ iterator: OpaquePointer) -> UnsafeRawBufferPointer {
        var n = 0
        return UnsafeRawBufferPointer(start: rocksdb_iter_key(iterator, &n), count: n)
    }
    @inlinable public static func value(_ iterator: OpaquePointer) -> UnsafeRawBufferPointer {
        var n = 0
        return UnsafeRawBufferPointer(start: rocksdb_iter_value(iterator, &n), count: n)
    }
    /// The iterator stands on no record: the end of the data, or an error RocksDB kept.
    public static func checkError(_ iterator: OpaquePointer) throws {
        try RocksDBCall.check(.read) { rocksdb_iter_get_error(iterator, $0) }
    }
    public static func destroy(_ iterator: OpaquePointer) { rocksdb_iter_destroy(iterator) }
}
