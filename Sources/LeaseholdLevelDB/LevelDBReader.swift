import CLevelDB
@_spi(Adapter) import LeaseholdCore

/// The read primitives of a LevelDB transaction (the adapter tier: applications hold a
/// ``LevelDBReadTransaction`` around it): one `leveldb_create_snapshot` and read options bound
/// to it. A write transaction reads the store through one too (the base of its overlay).
///
/// Point reads return LevelDB's own private copy (`leveldb_get` allocates one), adopted without a
/// second copy: ``Capabilities/pointReads`` is `.copy`, residence `.owned`. Cursors lend straight
/// from the iterator, per step.
/// - warning: What a cursor lends is borrowed from the iterator until it moves.
public final class LevelDBReader: StoreReader {
    @usableFromInline package let db: OpaquePointer
    /// Read options with the snapshot set (and `verify_checksums` as configured).
    @usableFromInline package let readOptions: OpaquePointer
    let snapshot: OpaquePointer

    init(store: LevelDBStore) {
        db = store.db
        snapshot = leveldb_create_snapshot(db)
        readOptions = leveldb_readoptions_create()
        leveldb_readoptions_set_snapshot(readOptions, snapshot)
        if store.options.verifyChecksums { leveldb_readoptions_set_verify_checksums(readOptions, 1) }
    }

    /// Releases the snapshot (the core has closed every cursor by then).
    func release() {
        leveldb_readoptions_destroy(readOptions)
        leveldb_release_snapshot(db, snapshot)
    }

    /// The value under `key`: `leveldb_get`'s own `malloc`'d copy, adopted (freed with
    /// `leveldb_free` when the last `Bytes` made from it is gone). No lease, no second copy.
    public func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? {
        var count = 0
        guard let found = try LevelDBCall.check({ leveldb_get(db, readOptions, key.cChars, key.count, &count, $0) }) else {
            return nil
        }
        if count == 0 {
            leveldb_free(found)
            return Bytes()
        }
        return Bytes(adopting: UnsafeRawBufferPointer(start: found, count: count), context: found, release: { leveldb_free($0) })
    }

    /// Calls `body` with the value under `key` (or `nil`), then frees LevelDB's copy.
    ///
    /// - warning: The buffer is valid only inside `body`.
    public func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        var count = 0
        guard let found = try LevelDBCall.check({ leveldb_get(db, readOptions, key.cChars, key.count, &count, $0) }) else {
            return try body(nil)
        }
        defer { leveldb_free(found) }
        return try body(UnsafeRawBufferPointer(start: found, count: count))
    }

    /// A new iterator over the snapshot, standing before the first record.
    ///
    /// - warning: Its records are borrowed until it moves.
    public func makeCursor() -> LevelDBCursor { LevelDBCursor(leveldb_create_iterator(db, readOptions)) }
}
