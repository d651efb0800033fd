import CLevelDB
import Leasehold

/// What a LevelDB read transaction works with: one `leveldb_create_snapshot`, read options bound
/// to it, the iterators of its cursors, and whether it is still open. A write transaction's
/// reads of the store go through one too (the base of its overlay).
///
/// When it ends, every cursor still open is closed (its step lease ends first, so records kept
/// from it copy themselves; then the iterator is destroyed), and the snapshot is released.
@usableFromInline
final class LevelDBSnapshot {
    @usableFromInline let db: OpaquePointer
    /// Read options with the snapshot set (and `verify_checksums` as configured).
    @usableFromInline let readOptions: OpaquePointer
    let snapshot: OpaquePointer
    /// Keeps the C objects alive as long as this transaction may use them.
    let store: LevelDBStore
    let statistics: LeaseStatistics
    @exclusivity(unchecked) @usableFromInline var active = true
    /// The cursors still open, so the end of the transaction can close them. Each knows its index.
    var cursors: [Unmanaged<LevelDBCursor>] = []

    init(store: LevelDBStore, statistics: LeaseStatistics) {
        self.store = store
        self.statistics = statistics
        db = store.handles.db
        snapshot = leveldb_create_snapshot(db)
        readOptions = leveldb_readoptions_create()
        leveldb_readoptions_set_snapshot(readOptions, snapshot)
        if store.options.verifyChecksums { leveldb_readoptions_set_verify_checksums(readOptions, 1) }
    }

    @inlinable @inline(__always)
    func checkActive() throws(LeaseholdError) {
        guard active else { throw .transactionEnded }
    }

    /// The value under `key`: `leveldb_get`'s own `malloc`'d copy, adopted (freed with
    /// `leveldb_free` when the last `Bytes` made from it is gone). No lease, no second copy.
    @inlinable
    func value(forKey key: UnsafeRawBufferPointer) throws(LeaseholdError) -> Bytes? {
        try checkActive()
        var count = 0
        let found = try LevelDBCall.check { leveldb_get(db, readOptions, key.cChars, key.count, &count, $0) }
        guard let found else { return nil }
        if count == 0 {
            leveldb_free(found)
            return Bytes()
        }
        return Bytes(adopting: UnsafeRawBufferPointer(start: found, count: count), context: found, release: { leveldb_free($0) })
    }

    /// Calls `body` with the value under `key` (or `nil`), then frees LevelDB's copy.
    @inlinable
    func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try checkActive()
        var count = 0
        let found = try LevelDBCall.check { leveldb_get(db, readOptions, key.cChars, key.count, &count, $0) }
        guard let found else { return try body(nil) }
        defer { leveldb_free(found) }
        return try body(UnsafeRawBufferPointer(start: found, count: count))
    }

    /// A new iterator over the snapshot. Destroy it with `leveldb_iter_destroy` before the
    /// transaction ends (cursors are closed by ``end()``).
    func makeIterator() throws(LeaseholdError) -> OpaquePointer {
        try checkActive()
        return leveldb_create_iterator(db, readOptions)
    }

    /// Notes a new cursor, to close it at the end if it is still open.
    func adopt(_ cursor: LevelDBCursor) {
        cursor.index = cursors.count
        cursors.append(.passUnretained(cursor))
    }

    /// Forgets a cursor that closed itself (O(1): the last one takes its place).
    func forget(_ cursor: LevelDBCursor) {
        let i = cursor.index
        let last = cursors.removeLast()
        if i < cursors.count {
            cursors[i] = last
            last._withUnsafeGuaranteedRef { $0.index = i }
        }
    }

    /// Ends the transaction: closes the cursors still open, releases the snapshot. Idempotent.
    func end() {
        guard active else { return }
        active = false
        let open = cursors
        cursors = []
        for cursor in open { cursor._withUnsafeGuaranteedRef { $0.closeIterator() } }
        leveldb_readoptions_destroy(readOptions)
        leveldb_release_snapshot(db, snapshot)
    }

    deinit { end() }
}
