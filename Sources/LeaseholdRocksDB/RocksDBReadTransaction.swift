import CRocksDB
import Leasehold

/// A read transaction of a ``RocksDBEngine``: every read sees one snapshot
/// (`rocksdb_create_snapshot`), taken when the transaction began.
///
/// Point reads are `rocksdb_get_pinned`: the returned `Bytes` owns the pinnable slice and keeps
/// the table block it points into pinned until the value (and every slice of it) is dropped —
/// zero-copy, and never copied, even long after the transaction and the engine are gone.
/// Cursors and scans lend keys for one step (the lease ends at every move and when the cursor
/// closes); values too, or with ``RocksDBEngine/Options/pinData`` for the cursor's whole life.
/// It also serves as the snapshot under a write transaction (an `OverlayWriteTransaction`).
/// - warning: Scanned keys and values are borrowed until the cursor moves (values with
///   `pinData`: until the cursor or scan is finished); kept ones are copied then. Do not use the
///   transaction after its closure returns (it throws ``LeaseholdError/transactionEnded``).
public final class RocksDBReadTransaction: ReadTransaction {
    @usableFromInline let db: OpaquePointer
    /// Read options naming the snapshot (and `pin_data`), shared by every read of the transaction.
    @usableFromInline let readOptions: OpaquePointer
    let snapshot: OpaquePointer
    let statistics: LeaseStatistics
    let pinData: Bool
    /// The engine's capabilities.
    public let capabilities: Capabilities
    @exclusivity(unchecked) @usableFromInline var active = true
    /// The cursors still open, linked through themselves: the transaction closes them at its end
    /// (RocksDB iterators must not outlive the snapshot or the database).
    @exclusivity(unchecked) var openCursors: Unmanaged<RocksDBCursor>?
    /// The iterator of the last cursor dropped, destroyed at the next `makeCursor()` or the end.
    @exclusivity(unchecked) var parked: Parked?

    /// An iterator whose cursor is gone, with the leases of what it lent.
    struct Parked {
        let iterator: OpaquePointer
        let lease: Lease
        let valueLease: Lease

        /// Ends the leases (kept records copy themselves), then destroys the iterator.
        func destroy() {
            lease.end()
            if valueLease !== lease { valueLease.end() }
            rocksdb_iter_destroy(iterator)
        }
    }

    init(store: RocksDBStore, capabilities: Capabilities, statistics: LeaseStatistics) {
        db = store.handles.db
        snapshot = rocksdb_create_snapshot(db)
        readOptions = rocksdb_readoptions_create()
        rocksdb_readoptions_set_snapshot(readOptions, snapshot)
        rocksdb_readoptions_set_verify_checksums(readOptions, store.options.verifyChecksums ? 1 : 0)
        pinData = store.options.pinData
        if pinData { rocksdb_readoptions_set_pin_data(readOptions, 1) }
        self.capabilities = capabilities
        self.statistics = statistics
    }

    deinit { end() }

    @inlinable @inline(__always)
    func checkActive() throws(LeaseholdError) {
        guard active else { throw .transactionEnded }
    }

    /// The value under `key` (`rocksdb_get_pinned`), owning its pinnable slice.
    ///
    /// The `Bytes` points into RocksDB's block cache (or a private buffer RocksDB filled, for a
    /// value still in the memtable) and keeps it pinned while it lives; ``Bytes/residence`` is
    /// `.pinned`. It is never copied and stays valid after the transaction and the engine end.
    public func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? {
        guard let slice = try pinnedSlice(key) else { return nil }
        return RocksDBPinnedValue.bytes(owning: slice)
    }

    /// Calls `body` with the value under `key` (or `nil`), pinned for the call and released
    /// after: no `Bytes`, no copy.
    ///
    /// - warning: The buffer is valid only inside `body`.
    public func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        guard let slice = try pinnedSlice(key) else { return try body(nil) }
        defer { rocksdb_pinnableslice_destroy(slice) }
        var count = 0
        let start = rocksdb_pinnableslice_value(slice, &count)
        return try body(UnsafeRawBufferPointer(start: start, count: count))
    }

    /// `rocksdb_get_pinned` on the snapshot: the slice, or `nil` when the key has no value.
    @inlinable @inline(__always)
    func pinnedSlice(_ key: UnsafeRawBufferPointer) throws(LeaseholdError) -> OpaquePointer? {
        try checkActive()
        return try RocksDBCall.check(.read) { error in
            rocksdb_get_pinned(db, readOptions, key.cString, key.count, error)
        }
    }

    /// A new iterator on the snapshot, lending each key for one step.
    ///
    /// - warning: Its records are borrowed until it moves (values with `pinData`: until it is
    ///   closed, which happens when it is dropped or the transaction ends).
    public func makeCursor() throws -> RocksDBCursor {
        try checkActive()
        if let previous = parked.take() { previous.destroy() }
        let cursor = RocksDBCursor(
            transaction: self, iterator: rocksdb_create_iterator(db, readOptions),
            statistics: statistics, pinData: pinData)
        if let head = openCursors { head._withUnsafeGuaranteedRef { $0.previousOpen = Unmanaged.passUnretained(cursor) } }
        cursor.nextOpen = openCursors
        openCursors = Unmanaged.passUnretained(cursor)
        return cursor
    }

    /// Unlinks a closing cursor.
    func forget(_ cursor: RocksDBCursor) {
        if let previous = cursor.previousOpen {
            previous._withUnsafeGuaranteedRef { $0.nextOpen = cursor.nextOpen }
        } else {
            openCursors = cursor.nextOpen
        }
        if let next = cursor.nextOpen { next._withUnsafeGuaranteedRef { $0.previousOpen = cursor.previousOpen } }
        cursor.previousOpen = nil
        cursor.nextOpen = nil
    }

    /// Takes the iterator of a dropped cursor, destroying the one parked before.
    func park(_ iterator: Parked) {
        if let previous = parked.take() { previous.destroy() }
        if active { parked = iterator } else { iterator.destroy() }
    }

    /// Ends the transaction: closes its open cursors (their leases end first, so kept records
    /// copy themselves out of RocksDB's memory), then releases the snapshot. Idempotent.
    func end() {
        guard active else { return }
        active = false
        while let cursor = openCursors { cursor._withUnsafeGuaranteedRef { $0.close() } }
        if let previous = parked.take() { previous.destroy() }
        rocksdb_release_snapshot(db, snapshot)
        rocksdb_readoptions_destroy(readOptions)
    }
}

extension UnsafeRawBufferPointer {
    /// The bytes as the `const char*` RocksDB takes (a valid pointer even when empty).
    @inlinable @inline(__always)
    var cString: UnsafePointer<CChar> {
        UnsafeRawPointer(baseAddress ?? UnsafeRawPointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
    }
}
