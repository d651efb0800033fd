import CLevelDB
@_spi(Adapter) import LeaseholdCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open LevelDB database (`leveldb_t`) and the C objects it was opened with, as the core's
/// gate drives it: a read transaction is a snapshot; a write transaction is the core's overlay
/// over one, committed as one `leveldb_writebatch`.
///
/// `@unchecked Sendable`: the handles are set once at open, and the gate never lets one be used
/// after ``close()``.
final class LevelDBStore: StoreAdapter, @unchecked Sendable {
    let db: OpaquePointer
    let cache: OpaquePointer
    let filter: OpaquePointer?
    let writeOptions: OpaquePointer
    let options: LevelDBEngine.Options
    /// This process's one open of the directory.
    let claim: StoreClaim
    let capabilities = Capabilities(
        engine: "leveldb", pointReads: .copy, scans: .step, writeReads: .step,
        snapshots: true, persistent: true, readYourWrites: true, isolation: .serializable,
        maxKeySize: nil, maxValueSize: Int(UInt32.max), changeFeed: .thisProcess)

    /// Opens (and creates, if allowed) the store at `options.path`.
    init(options: LevelDBEngine.Options) throws(LeaseholdError) {
        guard !options.path.isEmpty, options.blockCacheSize >= 0, options.writeBufferSize > 0,
              options.maxOpenFiles > 0, options.blockSize > 0, (options.bloomFilterBitsPerKey ?? 1) > 0
        else { throw .invalidArgument("LevelDB options: \(options)") }
        if options.readOnly {
            // LevelDB writes a LOCK and a LOG file before it finds no store: look first, so a
            // read-only open of a missing store leaves nothing behind.
            if access(options.path + "/CURRENT", F_OK) != 0 {
                throw .notFound("no LevelDB store in '\(options.path)' (CURRENT is missing)")
            }
        } else if options.createIfMissing {
            // The claim needs the directory; LevelDB would make it, but not its parents.
            try StoreDirectory.create(options.path, engine: "LevelDB")
        } else if access(options.path, F_OK) != 0 {
            // LevelDB creates the directory (and a LOCK file in it) before it looks for a store,
            // even when it must not create one: refuse a missing directory so nothing is left.
            throw .notFound("\(options.path): does not exist (createIfMissing is false)")
        }
        let claim = try StoreClaim(path: options.path, engine: "leveldb", mode: .exclusive)
        // LevelDB keeps a copy of the options; the cache and the filter must outlive the database.
        let c = leveldb_options_create()!
        defer { leveldb_options_destroy(c) }
        let cache = leveldb_cache_create_lru(options.blockCacheSize)!
        let filter = options.bloomFilterBitsPerKey.map { leveldb_filterpolicy_create_bloom(Int32(clamping: $0))! }
        leveldb_options_set_create_if_missing(c, options.createIfMissing && !options.readOnly ? 1 : 0)
        leveldb_options_set_error_if_exists(c, options.errorIfExists ? 1 : 0)
        leveldb_options_set_paranoid_checks(c, options.paranoidChecks ? 1 : 0)
        leveldb_options_set_compression(c, Int32(options.compression == .snappy ? leveldb_snappy_compression : leveldb_no_compression))
        leveldb_options_set_cache(c, cache)
        leveldb_options_set_write_buffer_size(c, options.writeBufferSize)
        leveldb_options_set_max_open_files(c, Int32(clamping: options.maxOpenFiles))
        leveldb_options_set_block_size(c, options.blockSize)
        if let filter { leveldb_options_set_filter_policy(c, filter) }
        let writeOptions = leveldb_writeoptions_create()!
        leveldb_writeoptions_set_sync(writeOptions, options.syncWrites ? 1 : 0)
        do {
            db = try LevelDBCall.check { leveldb_open(c, options.path, $0) }!
        } catch {
            Self.release(cache, filter, writeOptions, claim)
            throw error
        }
        self.options = options
        self.claim = claim
        self.cache = cache
        self.filter = filter
        self.writeOptions = writeOptions
    }

    /// Releases the C objects the database used, and the claim.
    private static func release(_ cache: OpaquePointer, _ filter: OpaquePointer?, _ writeOptions: OpaquePointer, _ claim: StoreClaim) {
        leveldb_cache_destroy(cache)
        if let filter { leveldb_filterpolicy_destroy(filter) }
        leveldb_writeoptions_destroy(writeOptions)
        claim.release()
    }

    func beginRead(_ lender: Lender) -> LevelDBReader { LevelDBReader(store: self) }

    func endRead(_ reader: LevelDBReader) { reader.release() }

    func beginWrite(_ lender: Lender) throws -> OverlayWriter<LevelDBReader> {
        if options.readOnly { throw LeaseholdError.readOnly }
        return OverlayWriter(base: LevelDBReader(store: self), lender: lender)
    }

    /// Writes the overlay's net changes as one batch (synchronously if the store says so):
    /// nothing is applied if it fails. Ends the snapshot either way.
    func commit(_ writer: OverlayWriter<LevelDBReader>) throws {
        defer { writer.base.release() }
        guard !writer.overlay.isEmpty else { return }
        var batch = Batch(snapshot: writer.base)
        defer { leveldb_writebatch_destroy(batch.batch) }
        try writer.overlay.apply(to: &batch)
        try LevelDBCall.check { leveldb_write(db, writeOptions, batch.batch, $0) }
    }

    func abort(_ writer: OverlayWriter<LevelDBReader>) { writer.base.release() }

    /// `leveldb_close`, which releases LevelDB's lock; then the rest, and the claim.
    func close() {
        leveldb_close(db)
        Self.release(cache, filter, writeOptions, claim)
    }

    /// One `leveldb_writebatch_t` (it copies what it is given at once).
    struct Batch: OverlayBatch {
        let batch: OpaquePointer = leveldb_writebatch_create()!
        /// The write transaction's snapshot: the latest commit, as writers are serialised.
        let snapshot: LevelDBReader

        func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
            leveldb_writebatch_put(batch, key.cChars, key.count, value.cChars, value.count)
        }

        func delete(key: UnsafeRawBufferPointer) { leveldb_writebatch_delete(batch, key.cChars, key.count) }

        /// LevelDB has no range delete: a delete of each key of `range` in the snapshot. The batch
        /// applies in order, so a key put after its range was deleted is kept.
        func deleteRange(_ range: KeyRange) throws {
            var cursor = snapshot.makeCursor()
            defer { cursor.close() }
            try cursor.forEachKey(in: range) { leveldb_writebatch_delete(batch, $0.cChars, $0.count) }
        }
    }
}
