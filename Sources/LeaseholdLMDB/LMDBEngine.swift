import CLMDB
import Leasehold

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
/// One environment may hold several named databases: open the first with
/// ``Options/databaseName`` and the others with ``database(named:)``; each is an engine of its own
/// over the shared environment (LMDB allows one open environment per file and process).
public final class LMDBEngine: Engine {
    let environment: LMDBEnvironment
    let dbi: MDB_dbi
    let id: Int
    /// The capabilities: transaction leases for reads, until-next-update leases in writes.
    public let capabilities: Capabilities
    /// Totals of the lease machinery for this engine.
    public let statistics = LeaseStatistics()

    /// Opens (or creates) the environment at `options.path` and its database.
    public convenience init(options: LMDBEngine.Options) throws {
        let environment = try LMDBEnvironment(options: options)
        do {
            try self.init(environment: environment, databaseName: options.databaseName)
        } catch {
            environment.closeUnused()
            throw error
        }
    }

    /// Opens the store in the directory `path` with default options.
    public convenience init(path: String) throws {
        try self.init(options: Options(path: path))
    }

    init(environment: LMDBEnvironment, databaseName: String?) throws {
        self.environment = environment
        dbi = try environment.openDatabase(databaseName)
        id = try environment.addEngine()
        capabilities = Capabilities(
            engine: "lmdb", pointReads: .transaction, scans: .transaction, writeReads: .untilNextUpdate,
            snapshots: true, persistent: true, readYourWrites: true, isolation: .serializable,
            maxKeySize: environment.maxKeySize, maxValueSize: Int(UInt32.max))
    }

    deinit { try? environment.close(id) }

    /// Another named database of the same environment, as an engine of its own (created when
    /// missing unless the store is read-only). Needs ``Options/maxDatabases`` ≥ 1.
    public func database(named name: String) throws -> LMDBEngine {
        if environment.options.maxDatabases == 0 {
            throw LeaseholdError.invalidArgument("named LMDB databases need maxDatabases >= 1")
        }
        try environment.enter(id, reading: false)
        defer { environment.leave(id, reading: false) }
        return try LMDBEngine(environment: environment, databaseName: name)
    }

    /// The options the environment was opened with.
    public var options: Options { environment.options }
    /// The map size now (it grows when writes fill it).
    public var mapSize: Int { environment.mapSize }
    /// Stale reader slots (of crashed processes) that were cleared when the environment opened.
    public var staleReadersCleared: Int { environment.staleReadersCleared }

    /// Clears the reader slots of processes that died while reading (`mdb_reader_check`), as
    /// opening does; returns how many. Worth calling after a process sharing the store crashed:
    /// a stale slot keeps old pages from being reused and takes one of ``Options/maxReaders``.
    public func clearStaleReaders() throws -> Int { try environment.clearStaleReaders() }

    /// Runs `body` in a read transaction (`mdb_txn_begin` with `MDB_RDONLY`), ended when it
    /// returns or throws.
    ///
    /// - warning: Everything read in `body` is borrowed from the map until the transaction ends;
    ///   values that escape `body` are copied then. Do not let `txn` escape.
    public func read<R>(_ body: (LMDBReadTransaction) throws -> R) throws -> R {
        let handle = makeHandle(try environment.beginRead(id), isWrite: false)
        defer {
            handle.abort()
            environment.endRead(id)
        }
        return try body(LMDBReadTransaction(handle: handle, capabilities: capabilities))
    }

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
    @available(*, noasync, message: "an LMDB write transaction must begin and end on one thread")
    public func write<R>(_ body: (LMDBWriteTransaction) throws -> R) throws -> R {
        if environment.options.readOnly { throw LeaseholdError.readOnly }
        try environment.enter(id, reading: false)
        defer { environment.leave(id, reading: false) }
        return try environment.writer.withLock {
            while true {
                let handle = makeHandle(try environment.beginWrite(), isWrite: true)
                let result: Result<R, any Error>
                do { result = .success(try body(LMDBWriteTransaction(handle: handle, capabilities: capabilities))) }
                catch { result = .failure(error) }
                if handle.mapFull {
                    handle.abort()
                    try environment.grow()
                    continue
                }
                guard case .success(let value) = result else {
                    handle.abort()
                    return try result.get()
                }
                let rc = handle.commit()
                if rc == MDB_MAP_FULL {
                    try environment.grow()
                    continue
                }
                try LMDBCall.check(rc, .write)
                return value
            }
        }
    }

    /// Closes this engine, and the environment with the last engine open on it. Harmless when
    /// already closed; throws ``LeaseholdError/busy(_:)`` while one of its transactions runs.
    public func close() throws { try environment.close(id) }

    private func makeHandle(_ txn: OpaquePointer, isWrite: Bool) -> LMDBTransactionHandle {
        LMDBTransactionHandle(
            txn: txn, dbi: dbi, statistics: statistics, isWrite: isWrite,
            keyLimit: environment.maxKeySize, mapLimit: environment.mapLimit)
    }
}
