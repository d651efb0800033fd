import CRocksDB
import Leasehold

/// A cursor of a RocksDB read transaction: one `rocksdb_iterator_t` on the transaction's
/// snapshot, lending each key for one step.
///
/// RocksDB reuses its key buffer at every `Next`/`Prev`/`Seek`, so ``lease`` ends inside every
/// positioning call, before the iterator moves, and when the cursor closes: a key kept across a
/// step is copied then, one dropped before is never copied. Values share that lease, unless the
/// store was opened with ``RocksDBEngine/Options/pinData``: then the blocks the iterator visits
/// stay pinned until it is destroyed, and values are lent under ``valueLease``, which ends only
/// when the cursor closes (it is dropped, or its transaction ends).
///
/// The cursor remembers whether it fell off either end, so `next()` after the last record stays
/// there and `previous()` from past the end lands on the last record.
/// - warning: ``currentKey`` is borrowed until the cursor moves; ``currentValue`` too, or with
///   `pinData` until the cursor closes.
public final class RocksDBCursor: EngineCursor {
    @usableFromInline let iterator: OpaquePointer
    /// The lease of keys (and values without `pinData`): one step.
    public let lease: Lease
    /// The lease of values: ``lease`` itself, or with `pinData` one that lasts until the cursor
    /// closes.
    public let valueLease: Lease
    /// Always `true`: RocksDB reuses its key buffer at every move.
    @inlinable public var leaseEndsOnMove: Bool { true }
    /// `false` with `pinData` (values live as long as the iterator), `true` otherwise.
    public let valueLeaseEndsOnMove: Bool
    /// Keeps the transaction (and its snapshot) alive while the cursor is; it closes the cursor
    /// when it ends.
    let transaction: RocksDBReadTransaction

    // Exclusivity is not checked at run time: every access is a short load or store on one
    // isolation domain, none held across a call.
    @exclusivity(unchecked) @usableFromInline var key = UnsafeRawBufferPointer(start: nil, count: 0)
    @exclusivity(unchecked) @usableFromInline var value = UnsafeRawBufferPointer(start: nil, count: 0)
    @usableFromInline enum Place: UInt8 { case beforeFirst, at, afterLast, closed }
    @exclusivity(unchecked) @usableFromInline var place = Place.beforeFirst
    /// Links of the transaction's list of open cursors.
    @exclusivity(unchecked) var previousOpen: Unmanaged<RocksDBCursor>?
    @exclusivity(unchecked) var nextOpen: Unmanaged<RocksDBCursor>?

    init(transaction: RocksDBReadTransaction, iterator: OpaquePointer, statistics: LeaseStatistics, pinData: Bool) {
        self.transaction = transaction
        self.iterator = iterator
        lease = Lease(statistics: statistics)
        valueLease = pinData ? Lease(statistics: statistics) : lease
        valueLeaseEndsOnMove = !pinData
    }

    /// A dropped cursor hands its iterator to the transaction, which destroys it at its next
    /// `makeCursor()` or its end: the cursor dies while the scan or `LeaseCursor` holding it is
    /// being destroyed, before that holder's reusable slots are, so ending the leases right here
    /// would copy the slots' last record although nobody keeps it.
    deinit {
        guard place != .closed else { return }
        transaction.forget(self)
        transaction.park(RocksDBReadTransaction.Parked(iterator: iterator, lease: lease, valueLease: valueLease))
    }

    /// The current key, in RocksDB's iterator buffer.
    ///
    /// - warning: Borrowed until the cursor moves.
    @inlinable public var currentKey: UnsafeRawBufferPointer { key }
    /// The current value, in a table block (or the memtable).
    ///
    /// - warning: Borrowed until the cursor moves; with `pinData` until it closes.
    @inlinable public var currentValue: UnsafeRawBufferPointer { value }

    /// Ends the step lease, then moves with `step` and reads where the iterator landed; on a miss
    /// the cursor is placed `otherwise`.
    @inlinable @inline(__always)
    func move(_ otherwise: Place, _ step: (OpaquePointer) -> Void) throws -> Bool {
        if place == .closed { throw LeaseholdError.transactionEnded }
        lease.expireIfOccupied()
        step(iterator)
        if rocksdb_iter_valid(iterator) != 0 {
            var count = 0
            let k = rocksdb_iter_key(iterator, &count)
            key = UnsafeRawBufferPointer(start: k, count: count)
            let v = rocksdb_iter_value(iterator, &count)
            value = UnsafeRawBufferPointer(start: v, count: count)
            place = .at
            return true
        }
        return try missed(otherwise)
    }

    /// The iterator stands on no record: the end of the data, or an error RocksDB kept.
    @usableFromInline
    func missed(_ otherwise: Place) throws -> Bool {
        key = UnsafeRawBufferPointer(start: nil, count: 0)
        value = key
        place = otherwise
        try RocksDBCall.check(.read) { rocksdb_iter_get_error(iterator, $0) }
        return false
    }

    /// Moves to the first record (`rocksdb_iter_seek_to_first`).
    public func first() throws -> Bool { try move(.afterLast) { rocksdb_iter_seek_to_first($0) } }
    /// Moves to the last record (`rocksdb_iter_seek_to_last`).
    public func last() throws -> Bool { try move(.beforeFirst) { rocksdb_iter_seek_to_last($0) } }

    /// Moves to the next record (`rocksdb_iter_next`; the first from before the first).
    @inlinable
    public func next() throws -> Bool {
        switch place {
        case .at: return try move(.afterLast) { rocksdb_iter_next($0) }
        case .beforeFirst: return try move(.afterLast) { rocksdb_iter_seek_to_first($0) }
        case .afterLast:
            lease.expireIfOccupied()
            return false
        case .closed: throw LeaseholdError.transactionEnded
        }
    }

    /// Moves to the previous record (`rocksdb_iter_prev`; the last from past the last).
    @inlinable
    public func previous() throws -> Bool {
        switch place {
        case .at: return try move(.beforeFirst) { rocksdb_iter_prev($0) }
        case .afterLast: return try move(.beforeFirst) { rocksdb_iter_seek_to_last($0) }
        case .beforeFirst:
            lease.expireIfOccupied()
            return false
        case .closed: throw LeaseholdError.transactionEnded
        }
    }

    /// Moves to the first record whose key is `>= key` (`rocksdb_iter_seek`).
    public func seek(_ key: UnsafeRawBufferPointer) throws -> Bool {
        try move(.afterLast) { rocksdb_iter_seek($0, key.cString, key.count) }
    }

    /// Ends both leases (kept keys and values copy themselves out of RocksDB's memory), then
    /// destroys the iterator. Later moves throw ``LeaseholdError/transactionEnded``. Idempotent.
    func close() {
        guard place != .closed else { return }
        place = .closed
        transaction.forget(self)
        RocksDBReadTransaction.Parked(iterator: iterator, lease: lease, valueLease: valueLease).destroy()
        key = UnsafeRawBufferPointer(start: nil, count: 0)
        value = key
    }
}
