import CRocksDB
import Leasehold

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open RocksDB database (`rocksdb_t`) and the block cache it reads through.
///
/// It counts running transactions (so `close` can refuse while one runs), serialises writers,
/// and closes the database once. Read transactions and their iterators never outlive a
/// transaction's closure, so nothing RocksDB owns is used after `rocksdb_close`; pinned values
/// may, and keep the block cache alive (see ``RetiredCaches``).
final class RocksDBStore: Sendable {
    /// The C handles. Set once at open; the database handle is never used after the store is
    /// closed (every use happens inside a counted transaction or under `state`'s lock).
    struct Handles: @unchecked Sendable {
        let db: OpaquePointer
        let cache: OpaquePointer
        let writeOptions: OpaquePointer
    }

    struct State {
        var closed = false
        var transactions = 0
    }

    let handles: Handles
    let options: RocksDBEngine.Options
    let state = Locked(State())
    /// Held for the whole of a write transaction: writers are serialised, and a write inside a
    /// write throws ``LeaseholdError/nestedWrite``.
    let writer = WriterLock()

    /// Opens (and creates, if allowed) the store at `options.path`.
    init(options: RocksDBEngine.Options) throws(LeaseholdError) {
        guard !options.path.isEmpty, options.blockCacheSize >= 0, options.writeBufferSize > 0,
              (options.maxKeySize ?? 1) > 0, (options.maxKeySize ?? 0) <= Int(UInt32.max),
              (options.bloomFilterBitsPerKey ?? 1) > 0
        else { throw .invalidArgument("RocksDB options: \(options)") }
        // RocksDB creates the directory, a LOCK and a LOG file before it finds no store, even
        // when it is not to create one: look first, so such an open leaves nothing behind.
        if (options.readOnly || !options.createIfMissing) && access(options.path + "/CURRENT", F_OK) != 0 {
            throw .notFound("no RocksDB store at \(options.path) (CURRENT is missing)"
                + (options.readOnly ? "" : ", and createIfMissing is off"))
        }
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
            throw error
        }
        guard let db = opened else {
            rocksdb_cache_destroy(cache)
            throw .engineFailure(engine: "rocksdb", code: -1, message: "rocksdb_open returned no database")
        }
        let writeOptions = rocksdb_writeoptions_create()!
        rocksdb_writeoptions_set_sync(writeOptions, options.syncWrites ? 1 : 0)
        handles = Handles(db: db, cache: cache, writeOptions: writeOptions)
        self.options = options
    }

    deinit { try? close() }

    /// Counts a transaction about to begin; throws ``LeaseholdError/storeClosed`` after close.
    func enter() throws(LeaseholdError) {
        try state.withLock { s throws(LeaseholdError) in
            if s.closed { throw .storeClosed }
            s.transactions += 1
        }
    }

    /// Counts a transaction that has ended.
    func leave() {
        state.withLock { $0.transactions -= 1 }
    }

    /// Closes the database. Harmless when already closed; throws ``LeaseholdError/busy(_:)``
    /// while a transaction runs. Values pinned from the block cache stay valid: the cache is
    /// retired, not destroyed, until the last of them is gone.
    func close() throws(LeaseholdError) {
        try state.withLock { s throws(LeaseholdError) in
            if s.closed { return }
            if s.transactions > 0 { throw .busy("\(s.transactions) transaction(s) still open") }
            s.closed = true
            rocksdb_close(handles.db)
            rocksdb_writeoptions_destroy(handles.writeOptions)
            RetiredCaches.retire(handles.cache)
        }
    }

    /// Whether ``close()`` has run.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Runs `body` with the database handle, if the store is open (maintenance calls, which are
    /// not transactions but must not race `close`).
    func withOpenDatabase<R>(_ body: (OpaquePointer) throws -> R) throws -> R {
        try enter()
        defer { leave() }
        return try body(handles.db)
    }
}
