import CRocksDB
@_spi(Adapter) import LeaseholdCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open RocksDB database (`rocksdb_t`) and the block cache it reads through, as the core's
/// gate drives it: a read transaction is a snapshot; a write transaction is the core's overlay
/// over one, committed as one `rocksdb_writebatch`.
///
/// Iterators and snapshots never outlive their transaction, so nothing RocksDB owns is used
/// after `rocksdb_close`; pinned values may, and keep the block cache alive (see
/// ``RetiredCaches``). `@unchecked Sendable`: the handles are set once at open, and the gate
/// never lets one be used after ``close()``.
final class RocksDBStore: StoreAdapter, @unchecked Sendable {
    let db: OpaquePointer
    let cache: OpaquePointer
    let writeOptions: OpaquePointer
    let options: RocksDBEngine.Options
    /// This process's one open of the directory for writing (read-only opens take none).
    let claim: StoreClaim
    let capabilities: Capabilities

    /// Opens (and creates, if allowed) the store at `options.path`.
    init(options: RocksDBEngine.Options) throws(LeaseholdError) {
        guard !options.path.isEmpty, options.blockCacheSize >= 0, options.writeBufferSize > 0,
              (options.maxKeySize ?? 1) > 0, (options.maxKeySize ?? 0) <= Int(UInt32.max),
              (options.bloomFilterBitsPerKey ?? 1) > 0
        else { throw .invalidArgument("RocksDB options: \(options)") }
        if options.readOnly || !options.createIfMissing {
            // RocksDB creates the directory, a LOCK and a LOG file before it finds no store, even
            // when it is not to create one: look first, so such an open leaves nothing behind.
            if access(options.path + "/CURRENT", F_OK) != 0 {
                throw .notFound("no RocksDB store at \(options.path) (CURRENT is missing)"
                    + (options.readOnly ? "" : ", and createIfMissing is off"))
            }
        } else {
            // The claim needs the directory; RocksDB would make it, but not its parents.
            try StoreDirectory.create(options.path, engine: "RocksDB")
        }
        // A read-only open takes no lock in RocksDB, so it may stand beside the writer (and other
        // readers) in this process too; two writers may not.
        let claim = try StoreClaim(path: options.path, engine: "rocksdb", mode: options.readOnly ? .reader : .writer)
        let config = rocksdb_options_create()!
        defer { rocksdb_options_destroy(config) }
        rocksdb_options_set_create_if_missing(config, options.createIfMissing && !options.readOnly ? 1 : 0)
        rocksdb_options_set_error_if_exists(config, options.errorIfExists ? 1 : 0)
        rocksdb_options_set_paranoid_checks(config, options.paranoidChecks ? 1 : 0)
        rocksdb_options_set_compression(config, options.compression.code)
        rocksdb_options_set_write_buffer_size(config, options.writeBufferSize)
        rocksdb_options_set_max_open_files(config, Int32(clamping: options.maxOpenFiles))

        // The table factory copies the table options (and its reference to the cache).
        let cache = rocksdb_cache_create_lru(options.blockCacheSize)!
        let table = rocksdb_block_based_options_create()!
        rocksdb_block_based_options_set_block_cache(table, cache)
        if let bits = options.bloomFilterBitsPerKey {
            rocksdb_block_based_options_set_filter_policy(table, rocksdb_filterpolicy_create_bloom_full(Double(bits)))
        }
        rocksdb_options_set_block_based_table_factory(config, table)
        rocksdb_block_based_options_destroy(table)

        let opened: OpaquePointer?
        do {
            opened = try RocksDBCall.check(.open(path: options.path)) { error in
                options.readOnly
                    ? rocksdb_open_for_read_only(config, options.path, 0, error)
                    : rocksdb_open(config, options.path, error)
            }
        } catch {
            rocksdb_cache_destroy(cache)
            claim.release()
            throw error
        }
        db = opened!
        self.cache = cache
        self.claim = claim
        self.options = options
        writeOptions = rocksdb_writeoptions_create()!
        rocksdb_writeoptions_set_sync(writeOptions, options.syncWrites ? 1 : 0)
        capabilities = Capabilities(
            engine: "rocksdb", pointReads: .pinned, scans: .step, writeReads: .step,
            snapshots: true, persistent: true, readYourWrites: true, isolation: .serializable,
            maxKeySize: options.maxKeySize, maxValueSize: Int(UInt32.max),
            scanValues: options.pinData ? .cursor : .step, changeFeed: .thisProcess)
    }

    func beginRead(_ lender: Lender) -> RocksDBReader { RocksDBReader(store: self) }

    func endRead(_ reader: RocksDBReader) { reader.release() }

    func beginWrite(_ lender: Lender) throws -> OverlayWriter<RocksDBReader> {
        if options.readOnly { throw LeaseholdError.readOnly }
        return OverlayWriter(base: RocksDBReader(store: self), lender: lender)
    }

    /// Writes the overlay's net changes as one batch, atomically (and synchronously with
    /// ``RocksDBEngine/Options/syncWrites``): after a crash the store holds all of it or none.
    /// Ends the snapshot either way.
    func commit(_ writer: OverlayWriter<RocksDBReader>) throws {
        defer { writer.base.release() }
        guard !writer.overlay.isEmpty else { return }
        var batch = Batch(snapshot: writer.base)
        defer { rocksdb_writebatch_destroy(batch.batch) }
        try writer.overlay.apply(to: &batch)
        try RocksDBCall.check(.write) { rocksdb_write(db, writeOptions, batch.batch, $0) }
    }

    func abort(_ writer: OverlayWriter<RocksDBReader>) { writer.base.release() }

    /// Closes the database. Values pinned from the block cache stay valid: the cache is retired,
    /// not destroyed, until the last of them is gone.
    func close() {
        rocksdb_close(db)
        rocksdb_writeoptions_destroy(writeOptions)
        RetiredCaches.retire(cache)
        claim.release()
    }

    /// One `rocksdb_writebatch_t` (it copies what it is given at once).
    struct Batch: OverlayBatch {
        let batch: OpaquePointer = rocksdb_writebatch_create()!
        /// The write transaction's snapshot: the latest commit, as writers are serialised.
        let snapshot: RocksDBReader

        func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
            rocksdb_writebatch_put(batch, key.cString, key.count, value.cString, value.count)
        }

        func delete(key: UnsafeRawBufferPointer) { rocksdb_writebatch_delete(batch, key.cString, key.count) }

        /// A range tombstone (`rocksdb_writebatch_delete_range`). A range open at the top ends
        /// just after the snapshot's last key, which no other writer can change before this commit.
        func deleteRange(_ range: KeyRange) throws {
            guard let (begin, end) = try range.halfOpen(top: { try snapshot.lastKey() }) else { return }
            begin.withUnsafeBytes { b in
                end.withUnsafeBytes { e in rocksdb_writebatch_delete_range(batch, b.cString, b.count, e.cString, e.count) }
            }
        }
    }
}
