import CRocksDB
@_spi(Adapter) import LeaseholdCore

/// The read primitives of a RocksDB transaction (the adapter tier: applications hold a
/// ``RocksDBReadTransaction`` around it): one `rocksdb_create_snapshot` and read options naming
/// it (and `pin_data`). A write transaction reads the store through one too (the base of its
/// overlay).
///
/// Point reads are `rocksdb_get_pinned`: the returned `Bytes` owns the pinnable slice and keeps
/// the table block it points into pinned until the value (and every slice of it) is dropped —
/// zero-copy, and never copied, even long after the transaction and the engine are gone.
/// - warning: What a cursor lends is borrowed until it moves (values with `pinData`: until it
///   is closed).
public final class RocksDBReader: StoreReader {
    @usableFromInline package let db: OpaquePointer
    /// Read options naming the snapshot (and `pin_data`), shared by every read of the transaction.
    @usableFromInline package let readOptions: OpaquePointer
    let snapshot: OpaquePointer
    let pinData: Bool

    init(store: RocksDBStore) {
        db = store.db
        snapshot = rocksdb_create_snapshot(db)
        readOptions = rocksdb_readoptions_create()
        rocksdb_readoptions_set_snapshot(readOptions, snapshot)
        rocksdb_readoptions_set_verify_checksums(readOptions, store.options.verifyChecksums ? 1 : 0)
        pinData = store.options.pinData
        if pinData { rocksdb_readoptions_set_pin_data(readOptions, 1) }
    }

    /// Releases the snapshot (the core has closed every cursor by then).
    func release() {
        rocksdb_release_snapshot(db, snapshot)
        rocksdb_readoptions_destroy(readOptions)
    }

    /// The value under `key` (`rocksdb_get_pinned`), owning its pinnable slice.
    ///
    /// The `Bytes` points into RocksDB's block cache (or a private buffer RocksDB filled, for a
    /// value still in the memtable) and keeps it pinned while it lives; ``Bytes/residence`` is
    /// `.pinned`. It is never copied and stays valid after the transaction and the engine end.
    public func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? {
        try pinnedSlice(key).map(RocksDBPinnedValue.bytes(owning:))
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
    func pinnedSlice(_ key: UnsafeRawBufferPointer) throws(LeaseholdError) -> OpaquePointer? {
        try RocksDBCall.check(.read) { rocksdb_get_pinned(db, readOptions, key.cString, key.count, $0) }
    }

    /// A new iterator on the snapshot, standing before the first record.
    ///
    /// - warning: Its keys are borrowed until it moves; its values too, or with `pinData` until
    ///   it is closed.
    public func makeCursor() -> RocksDBCursor {
        RocksDBCursor(rocksdb_create_iterator(db, readOptions), lending: pinData ? .stepKeysCursorValues : .step)
    }

    /// The snapshot's last key, or `nil` when it is empty.
    func lastKey() throws -> [UInt8]? {
        var cursor = makeCursor()
        defer { cursor.close() }
        return try cursor.last() ? Array(cursor.key) : nil
    }
}
