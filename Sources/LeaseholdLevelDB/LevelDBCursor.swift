import CLevelDB
import Leasehold

/// A cursor of a LevelDB transaction: one `leveldb_iterator_t` over the transaction's snapshot.
///
/// LevelDB's iterator memory is valid only until the iterator moves, so records are lent **per
/// step**: ``leaseEndsOnMove`` is `true`, and every positioning call ends ``lease`` before it
/// moves the iterator. A key or value you keep across a step is copied at that step; one you drop
/// before it never is. The cursor closes with its transaction (its lease ends, then the iterator
/// is destroyed), or earlier when it is released.
///
/// Like an LMDB cursor it remembers falling off either end: `next()` after the last record stays
/// there, `previous()` from past the end lands on the last record.
/// - warning: ``currentKey`` and ``currentValue`` are borrowed from the iterator until its next
///   move or the end of the transaction.
public final class LevelDBCursor: EngineCursor {
    @usableFromInline let snapshot: LevelDBSnapshot
    /// The iterator; `nil` once the cursor is closed.
    @exclusivity(unchecked) @usableFromInline var iterator: OpaquePointer?
    /// The step lease: expired at every move, ended at close.
    public let lease: Lease
    // Exclusivity is not checked at run time: every access is a short load or store on one
    // isolation domain, none held across a call.
    @exclusivity(unchecked) @usableFromInline var key = UnsafeRawBufferPointer(start: nil, count: 0)
    @exclusivity(unchecked) @usableFromInline var value = UnsafeRawBufferPointer(start: nil, count: 0)
    @usableFromInline enum Place: UInt8 { case beforeFirst, at, afterLast }
    @exclusivity(unchecked) @usableFromInline var place = Place.beforeFirst
    /// Where the snapshot keeps this cursor in its list of open ones.
    var index = 0

    init(snapshot: LevelDBSnapshot) throws(LeaseholdError) {
        self.snapshot = snapshot
        iterator = try snapshot.makeIterator()
        lease = Lease(statistics: snapshot.statistics)
        snapshot.adopt(self)
    }

    deinit {
        if iterator != nil {
            snapshot.forget(self)
            closeIterator()
        }
    }

    /// Ends the lease (kept records copy themselves out of the iterator), then destroys the
    /// iterator. Called at the end of the transaction, or when the cursor is released.
    func closeIterator() {
        guard let iterator else { return }
        lease.end()
        key = UnsafeRawBufferPointer(start: nil, count: 0)
        value = key
        leveldb_iter_destroy(iterator)
        self.iterator = nil
    }

    /// Always `true`: every move ends the lease.
    @inlinable public var leaseEndsOnMove: Bool { true }
    /// The current key, in the iterator's memory.
    ///
    /// - warning: Borrowed until the next move.
    @inlinable public var currentKey: UnsafeRawBufferPointer { key }
    /// The current value, in the iterator's memory.
    ///
    /// - warning: Borrowed until the next move.
    @inlinable public var currentValue: UnsafeRawBufferPointer { value }

    /// The iterator, once the lease of the current record has ended: what every move starts with.
    @inlinable @inline(__always)
    func prepareMove() throws(LeaseholdError) -> OpaquePointer {
        guard let iterator else { try Self.ended() }
        lease.expireIfOccupied()
        return iterator
    }

    /// Throws ``LeaseholdError/transactionEnded`` (out of line: the moves stay small).
    @usableFromInline @inline(never)
    static func ended() throws(LeaseholdError) -> Never { throw .transactionEnded }

    /// Reads where the iterator landed; on a miss the cursor is placed `otherwise`.
    @inlinable @inline(__always)
    func landed(_ iterator: OpaquePointer, otherwise: Place) throws(LeaseholdError) -> Bool {
        guard leveldb_iter_valid(iterator) != 0 else { return try missed(iterator, otherwise) }
        var n = 0
        let k = leveldb_iter_key(iterator, &n)
        key = UnsafeRawBufferPointer(start: k, count: n)
        let v = leveldb_iter_value(iterator, &n)
        value = UnsafeRawBufferPointer(start: v, count: n)
        place = .at
        return true
    }

    @usableFromInline
    func missed(_ iterator: OpaquePointer, _ otherwise: Place) throws(LeaseholdError) -> Bool {
        key = UnsafeRawBufferPointer(start: nil, count: 0)
        value = key
        place = otherwise
        // An iterator also stops at an error (a damaged block): report it rather than an end.
        try LevelDBCall.check { leveldb_iter_get_error(iterator, $0) }
        return false
    }

    /// Moves to the first record (`leveldb_iter_seek_to_first`).
    public func first() throws -> Bool {
        let it = try prepareMove()
        leveldb_iter_seek_to_first(it)
        return try landed(it, otherwise: .afterLast)
    }

    /// Moves to the last record (`leveldb_iter_seek_to_last`).
    public func last() throws -> Bool {
        let it = try prepareMove()
        leveldb_iter_seek_to_last(it)
        return try landed(it, otherwise: .beforeFirst)
    }

    /// Moves to the next record (`leveldb_iter_next`; the first from before the first).
    @inlinable
    public func next() throws -> Bool {
        let it = try prepareMove()
        switch place {
        case .at: leveldb_iter_next(it)
        case .beforeFirst: leveldb_iter_seek_to_first(it)
        case .afterLast: return false
        }
        return try landed(it, otherwise: .afterLast)
    }

    /// Moves to the previous record (`leveldb_iter_prev`; the last from past the last).
    @inlinable
    public func previous() throws -> Bool {
        let it = try prepareMove()
        switch place {
        case .at: leveldb_iter_prev(it)
        case .afterLast: leveldb_iter_seek_to_last(it)
        case .beforeFirst: return false
        }
        return try landed(it, otherwise: .beforeFirst)
    }

    /// Moves to the first record whose key is `>= key` (`leveldb_iter_seek`).
    public func seek(_ key: UnsafeRawBufferPointer) throws -> Bool {
        if overlapsCurrentRecord(key) {
            // The target is this cursor's own record (a key it lent, say). LevelDB may overwrite
            // that memory while it seeks (a reverse iterator keeps its key in the buffer the
            // seek target is built in), so seek from a copy.
            return try withUnsafeTemporaryAllocation(byteCount: key.count, alignment: 1) { copy in
                copy.copyMemory(from: key)
                return try seek(UnsafeRawBufferPointer(copy))
            }
        }
        let it = try prepareMove()
        leveldb_iter_seek(it, key.cChars, key.count)
        return try landed(it, otherwise: .afterLast)
    }

    /// Whether `buffer` lies (partly) in the memory of the current key or value.
    func overlapsCurrentRecord(_ buffer: UnsafeRawBufferPointer) -> Bool {
        func overlaps(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
            guard let x = a.baseAddress, let y = b.baseAddress, !a.isEmpty, !b.isEmpty else { return false }
            return x < y + b.count && y < x + a.count
        }
        return overlaps(buffer, key) || overlaps(buffer, value)
    }
}
