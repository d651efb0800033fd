import CLMDB
@_spi(Adapter) import LeaseholdCore

/// The read primitives of an LMDB transaction (the adapter tier: applications hold an
/// ``LMDBReadTransaction`` around it): `mdb_get` and cursors on one `MDB_txn`, lent from the map
/// through the transaction's lender.
///
/// - warning: What it lends is borrowed from the map until the transaction ends (in a write
///   transaction: until its next update).
public class LMDBReader: StoreReader {
    @usableFromInline package let txn: OpaquePointer
    @usableFromInline package let dbi: MDB_dbi
    let lender: Lender
    let keyLimit: Int
    let mapLimit: Int

    init(txn: OpaquePointer, store: LMDBStore, lender: Lender) {
        self.txn = txn
        dbi = store.dbi
        keyLimit = store.environment.maxKeySize
        mapLimit = store.environment.mapLimit
        self.lender = lender
    }

    /// The value under `key`, lent from the map without a copy.
    public final func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? {
        var k = MDB_val(key), v = MDB_val()
        guard try LMDBCall.found(mdb_get(txn, dbi, &k, &v), .read) else { return nil }
        return lender.lendBytes(v.buffer)
    }

    /// Calls `body` with the value under `key` (or `nil`), straight from the map.
    ///
    /// - warning: The buffer is valid only inside `body`.
    @inlinable
    public final func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        var k = MDB_val(key), v = MDB_val()
        guard try LMDBCall.found(mdb_get(txn, dbi, &k, &v), .read) else { return try body(nil) }
        return try body(v.buffer)
    }

    /// A new LMDB cursor on the transaction.
    public final func makeCursor() throws -> LMDBCursor {
        var cursor: OpaquePointer?
        try LMDBCall.check(mdb_cursor_open(txn, dbi, &cursor), .read)
        return LMDBCursor(cursor!)
    }
}

/// The write primitives of an LMDB write transaction: `mdb_put`, `mdb_del` and a cursor range
/// delete on the same `MDB_txn` as its reads. LMDB may move or reuse lent pages at any update;
/// the core ends the lease before each one (``Capabilities/writeReads`` is `untilNextUpdate`).
public final class LMDBWriter: LMDBReader, StoreWriter {
    /// An update hit `MDB_MAP_FULL`: the commit is refused and the map grows for a retry.
    var mapFull = false

    /// Stores `value` under `key` (`mdb_put`).
    public func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws {
        var k = MDB_val(key), v = MDB_val(value)
        try updated(mdb_put(txn, dbi, &k, &v, 0), keySize: key.count)
    }

    /// Removes `key` (`mdb_del`); returns whether it was there.
    public func delete(key: UnsafeRawBufferPointer) throws -> Bool {
        var k = MDB_val(key)
        let rc = mdb_del(txn, dbi, &k, nil)
        if rc == MDB_NOTFOUND { return false }
        try updated(rc, keySize: key.count)
        return true
    }

    /// Removes every key in `range` with one cursor (`mdb_cursor_del`); returns how many.
    public func deleteKeys(in range: KeyRange) throws -> Int {
        var cursor = try makeCursor()
        defer { cursor.close() }
        var positioned = try cursor.seekStart(of: range, reverse: false)
        var removed = 0
        while positioned, !range.isAboveUpper(cursor.key) {
            try updated(mdb_cursor_del(cursor.cursor, 0), keySize: cursor.key.count)
            removed += 1
            // After a delete the cursor already stands on the record that followed; LMDB's
            // MDB_NEXT then lands on that record rather than skipping it.
            positioned = try cursor.next()
        }
        return removed
    }

    /// Throws the error of a failed update, noting `MDB_MAP_FULL` for the retry.
    private func updated(_ code: Int32, keySize: Int) throws(LeaseholdError) {
        guard code != MDB_SUCCESS else { return }
        if code == MDB_MAP_FULL {
            mapFull = true
            throw .storeFull(limit: mapLimit)
        }
        throw LMDBCall.error(code, .update(keySize: keySize, keyLimit: keyLimit))
    }
}
