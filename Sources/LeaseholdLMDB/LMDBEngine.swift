import CLMDB
@_spi(Adapter) import LeaseholdCore

/// A key-value store on LMDB: reads straight out of the memory map, zero-copy.
///
/// Open one with ``init(options:)``. Read transactions see a snapshot and lend everything for
/// their whole life; write transactions are serialised, read their own writes, and lend only
/// until their next update (LMDB's rule). Environments are always opened with `MDB_NOTLS`, so a
/// read transaction is not tied to a thread, and stale reader slots left by crashed processes
/// are cleared at open.
///
/// When a write fills the map, the engine aborts it, doubles the map (up to
/// ``Options/maximumMapSize``) and runs the write closure again; at the ceiling the write throws
/// ``LeaseholdError/storeFull(limit:)`` and nothing of it is applied.
///
/// One directory is one environment, open at most once per process (LMDB's rule: two opens
/// would corrupt each other's locks): a second open, however its path is spelled, throws
/// ``LeaseholdError/locked(_:)``. Share the engine instead. One environment may hold several
/// named databases: open the first with ``Options/databaseName`` and the others with
/// ``database(named:)``; each is an engine of its own over the shared environment, and all share
/// its one writer (a write inside a write of any of them throws ``LeaseholdError/nestedWrite``).
public final class LMDBEngine: Engine {
    let gate: StoreGate<LMDBStore>

    /// Opens (or creates) the environment at `options.path` and its database.
    public convenience init(options: LMDBEngine.Options) throws {
        let environment = try LMDBEnvironment(options: options)
        let dbi: MDB_dbi
        do {
            dbi = try environment.openDatabase(options.databaseName)
        } catch {
            environment.close()
            throw error
        }
        self.init(LMDBStore(environment: environment, dbi: dbi))
    }

    /// Opens the store in the directory `path` with default options.
    public convenience init(path: String) throws {
        try self.init(options: Options(path: path))
    }

    init(_ store: LMDBStore) { gate = StoreGate(store, writer: store.environment.writer) }

    /// Another named database of the same environment, as an engine of its own (created when
    /// missing unless the store is read-only). Needs ``Options/maxDatabases`` ≥ 1.
    public func database(named name: String) throws -> LMDBEngine {
        try gate.withOpenStore { store in
            let environment = store.environment
            if environment.options.maxDatabases == 0 {
                throw LeaseholdError.invalidArgument("named LMDB databases need maxDatabases >= 1")
            }
            return LMDBEngine(LMDBStore(environment: environment, dbi: try environment.openDatabase(name)))
        }
    }

    /// The options the environment was opened with.
    public var options: Options { gate.adapter.environment.options }
    /// The map size now (it grows when writes fill it).
    public var mapSize: Int { gate.adapter.environment.mapSize }
    /// Stale reader slots (of crashed processes) that were cleared when the environment opened.
    public var staleReadersCleared: Int { gate.adapter.environment.staleReadersCleared }

    /// Clears the reader slots of processes that died while reading (`mdb_reader_check`), as
    /// opening does; returns how many. Worth calling after a process sharing the store crashed:
    /// a stale slot keeps old pages from being reused and takes one of ``Options/maxReaders``.
    public func clearStaleReaders() throws -> Int {
        try gate.withOpenStore { try $0.environment.clearStaleReaders() }
    }

    /// The capabilities: transaction leases for reads, until-next-update leases in writes.
    public var capabilities: Capabilities { gate.capabilities }
    /// Totals of the lease machinery for this engine.
    public var statistics: LeaseStatistics { gate.statistics }

    /// Runs `body` in a read transaction (`mdb_txn_begin` with `MDB_RDONLY`), ended when it
    /// returns or throws.
    ///
    /// - warning: Everything read in `body` is borrowed from the map until the transaction ends;
    ///   values that escape `body` are copied then. Do not let `txn` escape.
    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func read<R>(_ body: (LMDBReadTransaction) throws -> R) throws -> R { try gate.read(body) }

    /// Runs `body` in a write transaction on this thread: commits when it returns, applies
    /// nothing when it throws.
    ///
    /// If the map fills up, the transaction is aborted, the map grows and **`body` runs again**
    /// from the start, as often as needed up to ``Options/maximumMapSize``; then this throws
    /// ``LeaseholdError/storeFull(limit:)``. Keep effects outside the store idempotent. Growing
    /// waits for this process's read transactions to end (up to
    /// ``Options/growthWaitSeconds``, then ``LeaseholdError/busy(_:)``), so a write from inside a
    /// read on the same thread that needs the map to grow throws `busy` at once. A write inside a
    /// write of the same environment throws ``LeaseholdError/nestedWrite``. A file-system failure
    /// (disk full, file-size limit) throws ``LeaseholdError/io(_:)`` and applies nothing.
    /// - warning: Values read in `body` are borrowed from the map only until the next update in
    ///   the transaction (or its end), and copied then if you hold them. Do not let `txn` escape,
    ///   and do not call this from an async context: the transaction must begin and end on one
    ///   thread.
    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func write<R>(_ body: (LMDBWriteTransaction) throws -> R) throws -> R { try gate.write(body) }

    /// Closes this engine, and the environment with the last engine open on it. Harmless when
    /// already closed; throws ``LeaseholdError/busy(_:)`` while one of its transactions runs.
    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func close() throws { try gate.close() }
}

/// A read transaction of an ``LMDBEngine``: one snapshot, lent for its whole life.
public typealias LMDBReadTransaction = ReadTransaction<LMDBReader>
/// A write transaction of an ``LMDBEngine``: lends until its next update.
public typealias LMDBWriteTransaction = WriteTransaction<LMDBWriter>

/// One database of an environment, as the gate drives it.
final class LMDBStore: StoreAdapter {
    let environment: LMDBEnvironment
    let dbi: MDB_dbi
    let capabilities: Capabilities

    init(environment: LMDBEnvironment, dbi: MDB_dbi) {
        self.environment = environment
        self.dbi = dbi
        capabilities = Capabilities(
            engine: "lmdb", pointReads: .transaction, scans: .transaction, writeReads: .untilNextUpdate,
            snapshots: true, persistent: true, readYourWrites: true, isolation: .serializable,
            maxKeySize: environment.maxKeySize, maxValueSize: Int(UInt32.max), changeFeed: .thisProcess)
    }

    func beginRead(_ lender: Lender) throws -> LMDBReader {
        LMDBReader(txn: try environment.beginRead(), store: self, lender: lender)
    }

    func endRead(_ reader: LMDBReader) { environment.endRead(reader.txn) }

    func beginWrite(_ lender: Lender) throws -> LMDBWriter {
        if environment.options.readOnly { throw LeaseholdError.readOnly }
        return LMDBWriter(txn: try environment.beginWrite(), store: self, lender: lender)
    }

    /// Commits; a transaction whose update hit `MDB_MAP_FULL` is aborted instead (LMDB refuses
    /// it), and the retry hook grows the map.
    func commit(_ writer: LMDBWriter) throws {
        if writer.mapFull {
            mdb_txn_abort(writer.txn)
            throw LeaseholdError.storeFull(limit: environment.mapLimit)
        }
        let rc = mdb_txn_commit(writer.txn)
        if rc == MDB_MAP_FULL { writer.mapFull = true }
        try LMDBCall.check(rc, .write)
    }

    func abort(_ writer: LMDBWriter) { mdb_txn_abort(writer.txn) }

    /// A full map grows (doubling, to the ceiling) and the closure runs again.
    func shouldRetry(_ writer: LMDBWriter, after error: any Error, during stage: WriteStage, attempt: Int) throws -> Bool {
        guard writer.mapFull else { return false }
        try environment.grow()
        return true
    }

    func close() { environment.release() }
}
