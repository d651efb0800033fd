import CLevelDB
import LeaseholdCore

/// A cursor of a LevelDB transaction: one `leveldb_iterator_t` over the transaction's snapshot
/// (the adapter tier; the core's cursor around it keeps its place, its leases and its end).
///
/// LevelDB's iterator memory is valid only until the iterator moves, so records are lent **per
/// step** (``lending`` is ``CursorLending/step``): a key or value kept across a step is copied at
/// that step; one dropped before it never is.
/// - warning: ``key`` and ``value`` are borrowed from the iterator until its next move or its
///   destruction.
public struct LevelDBCursor: StoreCursor {
    @usableFromInline let iterator: OpaquePointer
    @usableFromInline var currentKey = UnsafeRawBufferPointer(start: nil, count: 0)
    @usableFromInline var currentValue = UnsafeRawBufferPointer(start: nil, count: 0)

    init(_ iterator: OpaquePointer) { self.iterator = iterator }

    /// Records live until the next move.
    @inlinable public var lending: CursorLending { .step }
    /// The current key, in the iterator's memory.
    @inlinable public var key: UnsafeRawBufferPointer { currentKey }
    /// The current value, in the iterator's memory.
    @inlinable public var value: UnsafeRawBufferPointer { currentValue }

    /// Reads where the iterator landed.
    @inlinable @inline(__always)
    mutating func landed() throws -> Bool {
        guard leveldb_iter_valid(iterator) != 0 else { return try missed() }
        var n = 0
        let k = leveldb_iter_key(iterator, &n)
        currentKey = UnsafeRawBufferPointer(start: k, count: n)
        let v = leveldb_iter_value(iterator, &n)
        currentValue = UnsafeRawBufferPointer(start: v, count: n)
        return true
    }

    @usableFromInline
    mutating func missed() throws -> Bool {
        currentKey = UnsafeRawBufferPointer(start: nil, count: 0)
        currentValue = currentKey
        // An iterator also stops at an error (a damaged block): report it rather than an end.
        try LevelDBCall.check { leveldb_iter_get_error(iterator, $0) }
        return false
    }

    /// `leveldb_iter_seek_to_first`.
    public mutating func first() throws -> Bool {
        leveldb_iter_seek_to_first(iterator)
        return try landed()
    }

    /// `leveldb_iter_seek_to_last`.
    public mutating func last() throws -> Bool {
        leveldb_iter_seek_to_last(iterator)
        return try landed()
    }

    /// `leveldb_iter_next`.
    @inlinable @inline(__always)
    public mutating func next() throws -> Bool {
        leveldb_iter_next(iterator)
        return try landed()
    }

    /// `leveldb_iter_prev`.
    @inlinable @inline(__always)
    public mutating func previous() throws -> Bool {
        leveldb_iter_prev(iterator)
        return try landed()
    }

    /// `leveldb_iter_seek`: the first record whose key is `>= target`.
    public mutating func seek(_ target: UnsafeRawBufferPointer) throws -> Bool {
        if overlaps(target, currentKey) || overlaps(target, currentValue) {
            // The target is this cursor's own record (a key it lent, say). LevelDB may overwrite
            // that memory while it seeks (a reverse iterator keeps its key in the buffer the
            // seek target is built in), so seek from a copy.
            return try withUnsafeTemporaryAllocation(byteCount: target.count, alignment: 1) { copy in
                copy.copyMemory(from: target)
                return try seek(UnsafeRawBufferPointer(copy))
            }
        }
        leveldb_iter_seek(iterator, target.cChars, target.count)
        return try landed()
    }

    /// `leveldb_iter_destroy` (the core closes every cursor before its transaction ends).
    public mutating func close() { leveldb_iter_destroy(iterator) }
}

/// Whether two buffers share memory.
func overlaps(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard let x = a.baseAddress, let y = b.baseAddress, !a.isEmpty, !b.isEmpty else { return false }
    return x < y + b.count && y < x + a.count
}
