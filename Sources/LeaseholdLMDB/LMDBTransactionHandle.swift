import CLMDB
import Leasehold

/// What an LMDB transaction of either kind works with: the `MDB_txn`, the database, the one
/// lease everything read in it is lent under, and whether it is still open. Read and write
/// transactions share it, and so do their cursors.
@usableFromInline
final class LMDBTransactionHandle {
    @usableFromInline let txn: OpaquePointer
    @usableFromInline let dbi: MDB_dbi
    /// Read transaction: lent until it ends. Write transaction: lent until the next update or
    /// its end (expired in `willUpdate()` and at commit or abort).
    @usableFromInline let lease: Lease
    let isWrite: Bool
    let keyLimit: Int
    let mapLimit: Int
    @exclusivity(unchecked) @usableFromInline var active = true
    /// The sink of the last point read, re-pointed at the next one if the caller dropped it:
    /// a `get` whose value is dropped allocates nothing. Exclusivity is not checked at run time
    /// (the uniqueness check would otherwise pay a dynamic one): accesses are short, on one
    /// isolation domain, none held across a call.
    @exclusivity(unchecked) @usableFromInline var getSlot = LendingSlot()
    /// An update hit `MDB_MAP_FULL`: the write loop grows the map and runs the closure again.
    @exclusivity(unchecked) var mapFull = false

    init(txn: OpaquePointer, dbi: MDB_dbi, statistics: LeaseStatistics, isWrite: Bool, keyLimit: Int, mapLimit: Int) {
        self.txn = txn
        self.dbi = dbi
        self.lease = Lease(statistics: statistics)
        self.isWrite = isWrite
        self.keyLimit = keyLimit
        self.mapLimit = mapLimit
    }

    @inlinable @inline(__always)
    func checkActive() throws(LeaseholdError) {
        guard active else { throw .transactionEnded }
    }

    /// The value under `key`, lent from the map.
    @inlinable
    func value(forKey key: UnsafeRawBufferPointer) throws(LeaseholdError) -> Bytes? {
        try checkActive()
        var k = MDB_val(key), v = MDB_val()
        guard try LMDBCall.found(mdb_get(txn, dbi, &k, &v), .read) else { return nil }
        return getSlot.lend(v.buffer, on: lease)
    }

    @inlinable
    func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try checkActive()
        var k = MDB_val(key), v = MDB_val()
        guard try LMDBCall.found(mdb_get(txn, dbi, &k, &v), .read) else { return try body(nil) }
        return try body(v.buffer)
    }

    /// A new LMDB cursor on this transaction.
    func openCursor() throws(LeaseholdError) -> OpaquePointer {
        try checkActive()
        var cursor: OpaquePointer?
        try LMDBCall.check(mdb_cursor_open(txn, dbi, &cursor), .read)
        return cursor!
    }

    /// Throws the error for a failed update, noting `MDB_MAP_FULL` for the write loop.
    func updateFailed(_ code: Int32, keySize: Int) -> LeaseholdError {
        if code == MDB_MAP_FULL {
            mapFull = true
            return .storeFull(limit: mapLimit)
        }
        return LMDBCall.error(code, .update(keySize: keySize, keyLimit: keyLimit))
    }

    /// Ends a read transaction or abandons a write one: the lease ends first (kept values copy
    /// themselves out of the map), then LMDB lets go. Idempotent.
    func abort() {
        guard active else { return }
        active = false
        endLease()
        mdb_txn_abort(txn)
    }

    /// Commits a write transaction and returns LMDB's code. The lease ends first; LMDB frees
    /// the transaction whatever the outcome.
    func commit() -> Int32 {
        precondition(active, "commit of an ended transaction")
        active = false
        endLease()
        return mdb_txn_commit(txn)
    }

    /// Expires the lease before an update: the point-read sink nobody holds is unregistered
    /// first, so it is not copied.
    func expireLease() {
        getSlot.releaseIfUnshared()
        lease.expire()
    }

    /// Ends the lease (the point-read sink nobody holds is not copied).
    func endLease() {
        getSlot.releaseIfUnshared()
        lease.end()
    }

    deinit { abort() }
}
