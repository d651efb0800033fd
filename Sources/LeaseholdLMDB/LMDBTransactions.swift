import CLMDB
import Leasehold

/// A read transaction of an ``LMDBEngine``: one snapshot, lent for the whole transaction.
///
/// Keys and values read in it point straight into LMDB's memory map. It also serves the reads of
/// an ``LMDBWriteTransaction`` (whose lease ends at every update).
/// - warning: What it lends (values from `get`, keys and values from scans and cursors) is
///   borrowed from the map until the transaction ends; values you keep longer are copied then.
///   Do not use the transaction after its closure returns (it throws
///   ``LeaseholdError/transactionEnded``).
public final class LMDBReadTransaction: ReadTransaction {
    @usableFromInline let handle: LMDBTransactionHandle
    /// The engine's capabilities.
    public let capabilities: Capabilities

    init(handle: LMDBTransactionHandle, capabilities: Capabilities) {
        self.handle = handle
        self.capabilities = capabilities
    }

    /// The value under `key`, lent from the map without a copy.
    ///
    /// - warning: Borrowed from the map until the transaction ends, then copied if still held.
    @inlinable
    public func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? { try handle.value(forKey: key) }

    /// Calls `body` with the value under `key` (or `nil`), straight from the map.
    ///
    /// - warning: The buffer is valid only inside `body`.
    @inlinable
    public func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try handle.withValue(forKey: key, body)
    }

    /// A new cursor, lending under this transaction's lease.
    ///
    /// - warning: Its records are borrowed from the map until the transaction ends.
    public func makeCursor() throws -> LMDBCursor { LMDBCursor(handle: handle, cursor: try handle.openCursor()) }
}

/// A write transaction of an ``LMDBEngine``: reads its own writes; committed when its closure
/// returns. Its reads are those of ``LMDBReadTransaction`` over the same `MDB_txn`.
///
/// LMDB invalidates memory it returned in a write transaction at the next update, so the lease
/// of everything read here ends at every `put`, `delete` and range delete, and at commit or abort.
/// LMDB keeps cursors positioned across updates made in the transaction.
/// - warning: What it lends is borrowed from the map only until the next update in this
///   transaction (or its end); values you hold across an update are copied at that moment.
///   Do not use the transaction after its closure returns.
public final class LMDBWriteTransaction: WriteTransaction, ForwardingReadTransaction {
    @usableFromInline let handle: LMDBTransactionHandle
    /// The read primitives, over this write transaction (they read its own writes).
    public let reader: LMDBReadTransaction

    init(handle: LMDBTransactionHandle, capabilities: Capabilities) {
        self.handle = handle
        reader = LMDBReadTransaction(handle: handle, capabilities: capabilities)
    }

    /// Ends the lease of everything lent so far: LMDB may move or reuse those pages now.
    public func willUpdate() { handle.expireLease() }

    /// Stores `value` under `key` (`mdb_put`).
    public func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws {
        try handle.checkActive()
        var k = MDB_val(key), v = MDB_val(value)
        let rc = mdb_put(handle.txn, handle.dbi, &k, &v, 0)
        if rc != MDB_SUCCESS { throw handle.updateFailed(rc, keySize: key.count) }
    }

    /// Removes `key` (`mdb_del`); returns whether it was there.
    public func delete(key: UnsafeRawBufferPointer) throws -> Bool {
        try handle.checkActive()
        var k = MDB_val(key)
        let rc = mdb_del(handle.txn, handle.dbi, &k, nil)
        if rc == MDB_NOTFOUND { return false }
        if rc != MDB_SUCCESS { throw handle.updateFailed(rc, keySize: key.count) }
        return true
    }

    /// Removes every key in `range` with one cursor (`mdb_cursor_del`); returns how many.
    public func deleteKeys(in range: KeyRange) throws -> Int {
        let cursor = try handle.openCursor()
        defer { mdb_cursor_close(cursor) }
        var k = MDB_val(), v = MDB_val()
        var rc: Int32
        switch range.lower {
        case .unbounded:
            rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST)
        case .inclusive(let bound):
            rc = bound.withUnsafeBytes { b in
                k = MDB_val(b)
                return mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE)
            }
        case .exclusive(let bound):
            rc = bound.withUnsafeBytes { b in
                k = MDB_val(b)
                let rc = mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE)
                guard rc == MDB_SUCCESS, Bytes.compare(k.buffer, b) == 0 else { return rc }
                return mdb_cursor_get(cursor, &k, &v, MDB_NEXT)
            }
        }
        var removed = 0
        while rc == MDB_SUCCESS, !range.isAboveUpper(k.buffer) {
            let size = k.mv_size
            let deleted = mdb_cursor_del(cursor, 0)
            if deleted != MDB_SUCCESS { throw handle.updateFailed(deleted, keySize: size) }
            removed += 1
            // After a delete the cursor already stands on the record that followed; LMDB's
            // MDB_NEXT then lands on that record rather than skipping it.
            rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)
        }
        if rc != MDB_SUCCESS && rc != MDB_NOTFOUND { throw LMDBCall.error(rc, .write) }
        return removed
    }
}
