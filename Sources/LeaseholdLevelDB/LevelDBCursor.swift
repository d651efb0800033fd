import CLevelDB
import LeaseholdCore

/// A cursor of a LevelDB transaction: one `leveldb_iterator_t` over the transaction's snapshot.
///
/// LevelDB's iterator memory is valid only until the iterator moves, so records are lent **per
/// step** (``CursorLending/step``): a key or value kept across a step is copied at that step; one
/// dropped before it never is.
/// - warning: `key` and `value` are borrowed from the iterator until its next move or its
///   destruction.
public typealias LevelDBCursor = IteratorCursor<LevelDBIterator>

/// LevelDB's `leveldb_iter_*` functions, for ``LevelDBCursor``.
public enum LevelDBIterator: IteratorFunctions {
    @inlinable public static func seekToFirst(_ iterator: OpaquePointer) { leveldb_iter_seek_to_first(iterator) }
    @inlinable public static func seekToLast(_ iterator: OpaquePointer) { leveldb_iter_seek_to_last(iterator) }
    @inlinable public static func seek(_ iterator: OpaquePointer, _ key: UnsafeRawBufferPointer) {
        leveldb_iter_seek(iterator, key.cChars, key.count)
    }
    @inlinable public static func next(_ iterator: OpaquePointer) { leveldb_iter_next(iterator) }
    @inlinable public static func previous(_ iterator: OpaquePointer) { leveldb_iter_prev(iterator) }
    @inlinable public static func isValid(_ iterator: OpaquePointer) -> Bool { leveldb_iter_valid(iterator) != 0 }
    @inlinable public static func key(_ iterator: OpaquePointer) -> UnsafeRawBufferPointer {
        var n = 0
        return UnsafeRawBufferPointer(start: leveldb_iter_key(iterator, &n), count: n)
    }
    @inlinable public static func value(_ iterator: OpaquePointer) -> UnsafeRawBufferPointer {
        var n = 0
        return UnsafeRawBufferPointer(start: leveldb_iter_value(iterator, &n), count: n)
    }
    /// An iterator also stops at an error (a damaged block): report it rather than an end.
    public static func checkError(_ iterator: OpaquePointer) throws {
        try LevelDBCall.check { leveldb_iter_get_error(iterator, $0) }
    }
    public static func destroy(_ iterator: OpaquePointer) { leveldb_iter_destroy(iterator) }
}
