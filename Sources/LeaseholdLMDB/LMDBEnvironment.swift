import CLMDB
@_spi(Adapter) import LeaseholdCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open LMDB environment (`MDB_env`), shared by the engines of its databases.
///
/// It is this process's one open of the store (a ``StoreClaim``: LMDB allows no second one),
/// closes with the last engine on it, shares one writer lock among its databases (LMDB has one
/// writer per environment), and grows the map. Growing needs every read transaction of the
/// process closed, so it counts them, and the threads they run on.
final class LMDBEnvironment: Sendable {
    /// The environment pointer: set once at open, never used after the last engine closed.
    struct Handle: @unchecked Sendable { let pointer: OpaquePointer }

    struct State {
        /// Engines (databases) open on the environment; it closes with the last.
        var engines = 0
        /// Read transactions of this process, on any database of the environment.
        var openReads = 0
        /// The threads with a read transaction open, and how many each: a thread that must grow
        /// the map while it reads itself would wait for itself.
        var readingThreads: [UInt: Int] = [:]
        /// Set while the map is being resized: new read transactions wait.
        var resizing = false
        var mapSize: Int
    }

    let env: Handle
    let options: LMDBEngine.Options
    let state: Locked<State>
    /// The one writer of the environment: every database's gate takes it, so a write nested
    /// across databases throws ``LeaseholdError/nestedWrite`` too.
    let writer = WriterLock()
    let claim: StoreClaim
    /// The longest key LMDB accepts (`mdb_env_get_maxkeysize`).
    let maxKeySize: Int
    /// The map-size ceiling, rounded.
    let mapLimit: Int
    /// Stale reader slots that `mdb_reader_check` cleared at open.
    let staleReadersCleared: Int

    /// Sizes are rounded up to this (a multiple of every page size LMDB runs with).
    static let granule = 64 << 10

    static func rounded(_ size: Int) -> Int { (max(size, granule) + granule - 1) / granule * granule }

    /// Opens (and creates, if allowed) the environment at `options.path`.
    init(options: LMDBEngine.Options) throws {
        guard options.mapSize > 0, options.maximumMapSize >= options.mapSize, options.maxReaders > 0,
              options.maxDatabases >= 0, !options.path.isEmpty
        else { throw LeaseholdError.invalidArgument("LMDB options: \(options)") }
        if options.databaseName != nil && options.maxDatabases == 0 {
            throw LeaseholdError.invalidArgument("a named LMDB database needs maxDatabases >= 1")
        }
        if options.createIfMissing && !options.readOnly {
            try StoreDirectory.create(options.path, engine: "LMDB")
        } else if access(options.path + "/data.mdb", F_OK) != 0 {
            // mdb_env_open would create data.mdb in an existing directory, and report a missing
            // one as a bare ENOENT: a store that is not to be created must be there already.
            throw LeaseholdError.notFound("no LMDB store in '\(options.path)' (data.mdb is missing)"
                + (options.readOnly ? "" : ", and createIfMissing is off"))
        }
        claim = try StoreClaim(path: options.path, engine: "lmdb", mode: .exclusive)
        var created: OpaquePointer?
        try LMDBCall.check(mdb_env_create(&created), .open)
        guard let pointer = created else { throw LMDBCall.engineFailure(ENOMEM) }
        do {
            try LMDBCall.check(mdb_env_set_mapsize(pointer, Self.rounded(options.mapSize)), .open)
            try LMDBCall.check(mdb_env_set_maxreaders(pointer, UInt32(clamping: options.maxReaders)), .open)
            if options.maxDatabases > 0 {
                try LMDBCall.check(mdb_env_set_maxdbs(pointer, MDB_dbi(clamping: options.maxDatabases)), .open)
            }
            var flags = MDB_NOTLS
            if options.readOnly { flags |= MDB_RDONLY }
            if options.noSync { flags |= MDB_NOSYNC }
            if options.noMetaSync { flags |= MDB_NOMETASYNC }
            let opened = mdb_env_open(pointer, options.path, UInt32(flags), 0o644)
            if opened != MDB_SUCCESS { throw LMDBCall.openFailure(opened, path: options.path) }
            var dead: Int32 = 0
            try LMDBCall.check(mdb_reader_check(pointer, &dead), .open)
            staleReadersCleared = Int(dead)
        } catch {
            mdb_env_close(pointer)
            claim.release()
            throw error
        }
        env = Handle(pointer: pointer)
        self.options = options
        maxKeySize = Int(mdb_env_get_maxkeysize(pointer))
        mapLimit = Self.rounded(options.maximumMapSize)
        state = Locked(State(mapSize: Self.currentMapSize(pointer)))
    }

    static func currentMapSize(_ env: OpaquePointer) -> Int {
        var info = MDB_envinfo()
        mdb_env_info(env, &info)
        return info.me_mapsize
    }

    /// Opens `name` (or the main database), creating it when allowed, and counts an engine on
    /// the environment. Throws ``LeaseholdError/nestedWrite`` inside a write of the environment.
    func openDatabase(_ name: String?) throws -> MDB_dbi {
        let dbi = try writer.withLock {
            let readOnly = options.readOnly
            var txn: OpaquePointer?
            try LMDBCall.check(mdb_txn_begin(env.pointer, nil, readOnly ? UInt32(MDB_RDONLY) : 0, &txn), .open)
            var dbi: MDB_dbi = 0
            let flags = options.createIfMissing && !readOnly ? UInt32(MDB_CREATE) : 0
            let rc = mdb_dbi_open(txn, name, flags, &dbi)
            guard rc == MDB_SUCCESS else {
                mdb_txn_abort(txn)
                if rc == MDB_NOTFOUND, let name {
                    throw LeaseholdError.notFound("no LMDB database '\(name)' in '\(options.path)'"
                        + (readOnly ? "" : ", and createIfMissing is off"))
                }
                throw LMDBCall.error(rc, .open)
            }
            try LMDBCall.check(mdb_txn_commit(txn), .open)
            return dbi
        }
        state.withLock { $0.engines += 1 }
        return dbi
    }

    /// An engine on the environment closed: the last one closes the environment.
    func release() {
        let last = state.withLock { s -> Bool in
            s.engines -= 1
            return s.engines == 0
        }
        if last { close() }
    }

    /// Closes the environment (no engine is open on it).
    func close() {
        mdb_env_close(env.pointer)
        claim.release()
    }

    /// Begins a read transaction (counted until ``endRead(_:)``). Waits while the map is
    /// resized; if another process grew the map, adopts the new size first.
    func beginRead() throws(LeaseholdError) -> OpaquePointer {
        let deadline = ContinuousClock.now + .milliseconds(Int(options.growthWaitSeconds * 1000))
        while true {
            let counted = state.withLock { s -> Bool in
                if s.resizing { return false }
                s.openReads += 1
                s.readingThreads[Self.currentThread, default: 0] += 1
                return true
            }
            guard counted else {
                usleep(50)
                continue
            }
            var txn: OpaquePointer?
            let rc = mdb_txn_begin(env.pointer, nil, UInt32(MDB_RDONLY), &txn)
            if rc == MDB_SUCCESS, let txn { return txn }
            uncountRead()
            guard rc == MDB_MAP_RESIZED, ContinuousClock.now < deadline else { throw LMDBCall.error(rc, .read) }
            // Another process grew the map. Adopt its size if no writer of ours is busy (a
            // writer that is will adopt it itself); then try again.
            if let failure = writer.withLockIfAvailable({ () -> LeaseholdError? in
                do throws(LeaseholdError) { try remap(to: 0) } catch { return error }
                return nil
            }) ?? nil {
                throw failure
            }
            usleep(200)
        }
    }

    /// Ends a read transaction begun by ``beginRead()``.
    func endRead(_ txn: OpaquePointer) {
        mdb_txn_abort(txn)
        uncountRead()
    }

    private func uncountRead() {
        state.withLock { s in
            s.openReads -= 1
            let thread = Self.currentThread
            if s.readingThreads[thread] == 1 { s.readingThreads[thread] = nil } else { s.readingThreads[thread]? -= 1 }
        }
    }

    /// The calling thread, as a number (read transactions begin and end on one thread: `read` is
    /// closure-scoped and synchronous).
    static var currentThread: UInt {
        #if canImport(Darwin)
        UInt(bitPattern: pthread_self())
        #else
        UInt(pthread_self())
        #endif
    }

    /// Begins a write transaction (the gate holds `writer`). If another process grew the map,
    /// adopts the new size first.
    func beginWrite() throws(LeaseholdError) -> OpaquePointer {
        while true {
            var txn: OpaquePointer?
            let rc = mdb_txn_begin(env.pointer, nil, 0, &txn)
            if rc == MDB_SUCCESS, let txn { return txn }
            guard rc == MDB_MAP_RESIZED else { throw LMDBCall.error(rc, .write) }
            try remap(to: 0)
        }
    }

    /// Doubles the map, up to the ceiling. Call with `writer` held and no write transaction open.
    func grow() throws(LeaseholdError) {
        let size = state.withLock { $0.mapSize }
        guard size < mapLimit else { throw .storeFull(limit: mapLimit) }
        try remap(to: min(mapLimit, size * 2))
    }

    /// Sets the map size (0 adopts the size another process set), once this process has no
    /// read transaction open. Call with `writer` held and no write transaction open. Throws
    /// ``LeaseholdError/busy(_:)`` at once if the calling thread itself has a read open (a write
    /// inside a read: waiting would never end), and after ``LMDBEngine/Options/growthWaitSeconds``
    /// if other threads keep theirs open.
    func remap(to size: Int) throws(LeaseholdError) {
        if state.withLock({ $0.readingThreads[Self.currentThread] != nil }) {
            throw .busy("the LMDB map must be remapped, and this thread is inside a read transaction of the store: write outside the read")
        }
        state.withLock { $0.resizing = true }
        defer { state.withLock { $0.resizing = false } }
        let deadline = ContinuousClock.now + .milliseconds(Int(options.growthWaitSeconds * 1000))
        while state.withLock({ $0.openReads }) > 0 {
            if ContinuousClock.now > deadline {
                throw .busy("the LMDB map must grow, and read transactions of this process stay open")
            }
            usleep(100)
        }
        try LMDBCall.check(mdb_env_set_mapsize(env.pointer, size), .write)
        let now = Self.currentMapSize(env.pointer)
        state.withLock { $0.mapSize = now }
    }

    /// Clears reader slots of processes that died (`mdb_reader_check`); returns how many.
    func clearStaleReaders() throws(LeaseholdError) -> Int {
        var dead: Int32 = 0
        try LMDBCall.check(mdb_reader_check(env.pointer, &dead), .read)
        return Int(dead)
    }

    /// The map size now.
    var mapSize: Int { state.withLock { $0.mapSize } }
}
