import CLevelDB
import Leasehold

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open LevelDB database (`leveldb_t`) and the C objects it was opened with.
///
/// It counts running transactions (so `close` can refuse while one runs) and serialises writers.
/// Transactions keep it alive, so the C objects outlive every snapshot and iterator made from them.
final class LevelDBStore: Sendable {
    /// The C objects. Set once at open; none is used after ``close()`` (every transaction begins
    /// with ``enter()``, which fails once the store is closed, and `close` waits for none to run).
    struct Handles: @unchecked Sendable {
        let db: OpaquePointer
        let options: OpaquePointer
        let cache: OpaquePointer
        let filter: OpaquePointer?
        let writeOptions: OpaquePointer
    }

    struct State {
        var closed = false
        var running = 0
    }

    let handles: Handles
    let options: LevelDBEngine.Options
    let state = Locked(State())
    /// Held for the whole of a write transaction: writers are serialised, and a write inside a
    /// write throws ``LeaseholdError/nestedWrite``.
    let writer = WriterLock()

    /// Opens (and creates, if allowed) the store at `options.path`.
    init(options: LevelDBEngine.Options) throws(LeaseholdError) {
        guard !options.path.isEmpty, options.blockCacheSize >= 0, options.writeBufferSize > 0,
              options.maxOpenFiles > 0, options.blockSize > 0, (options.bloomFilterBitsPerKey ?? 1) > 0
        else { throw .invalidArgument("LevelDB options: \(options)") }
        // LevelDB creates the directory (and a LOCK file in it) before it looks for a store, even
        // when it must not create one: refuse a missing directory here so nothing is left behind.
        if !options.createIfMissing && access(options.path, F_OK) != 0 {
            throw .notFound("\(options.path): does not exist (createIfMissing is false)")
        }
        self.options = options
        let c = leveldb_options_create()!
        let cache = leveldb_cache_create_lru(options.blockCacheSize)!
        let filter = options.bloomFilterBitsPerKey.map { leveldb_filterpolicy_create_bloom(Int32(clamping: $0))! }
        leveldb_options_set_create_if_missing(c, options.createIfMissing ? 1 : 0)
        leveldb_options_set_error_if_exists(c, options.errorIfExists ? 1 : 0)
        leveldb_options_set_paranoid_checks(c, options.paranoidChecks ? 1 : 0)
        leveldb_options_set_compression(c, options.compression == .snappy ? Int32(leveldb_snappy_compression) : Int32(leveldb_no_compression))
        leveldb_options_set_cache(c, cache)
        leveldb_options_set_write_buffer_size(c, options.writeBufferSize)
        leveldb_options_set_max_open_files(c, Int32(clamping: options.maxOpenFiles))
        leveldb_options_set_block_size(c, options.blockSize)
        if let filter { leveldb_options_set_filter_policy(c, filter) }
        let writeOptions = leveldb_writeoptions_create()!
        leveldb_writeoptions_set_sync(writeOptions, options.syncWrites ? 1 : 0)
        let db: OpaquePointer?
        do {
            db = try LevelDBCall.check { leveldb_open(c, options.path, $0) }
        } catch {
            Self.destroy(options: c, cache: cache, filter: filter, writeOptions: writeOptions)
            throw error
        }
        handles = Handles(db: db!, options: c, cache: cache, filter: filter, writeOptions: writeOptions)
    }

    deinit {
        // Reached only when no transaction holds the store any more.
        state.withLock { s in
            guard !s.closed else { return }
            s.closed = true
            release()
        }
    }

    private static func destroy(options: OpaquePointer, cache: OpaquePointer, filter: OpaquePointer?, writeOptions: OpaquePointer) {
        leveldb_options_destroy(options)
        leveldb_cache_destroy(cache)
        if let filter { leveldb_filterpolicy_destroy(filter) }
        leveldb_writeoptions_destroy(writeOptions)
    }

    private func release() {
        leveldb_close(handles.db)
        Self.destroy(options: handles.options, cache: handles.cache, filter: handles.filter, writeOptions: handles.writeOptions)
    }

    /// Counts a transaction in; throws ``LeaseholdError/storeClosed`` once the store is closed.
    func enter() throws(LeaseholdError) {
        try state.withLock { s throws(LeaseholdError) in
            if s.closed { throw .storeClosed }
            s.running += 1
        }
    }

    /// Counts a transaction out.
    func leave() { state.withLock { $0.running -= 1 } }

    /// Closes the database. Harmless when already closed; throws ``LeaseholdError/busy(_:)`` while
    /// a transaction runs.
    func close() throws(LeaseholdError) {
        try state.withLock { s throws(LeaseholdError) in
            if s.closed { return }
            if s.running > 0 { throw .busy("\(s.running) transaction(s) still open") }
            s.closed = true
            release()
        }
    }

    /// Runs `body` with the database while counted in as a transaction, so `close` waits for it.
    func withOpenDatabase<R>(_ body: (OpaquePointer) throws -> R) throws -> R {
        try enter()
        defer { leave() }
        return try body(handles.db)
    }
}
