@_spi(Adapter) import LeaseholdCore

/// A key-value store on LevelDB: snapshot reads, scans lent straight from the iterator one step at
/// a time, atomic write transactions that read their own writes.
///
/// Open one with ``init(options:)`` or ``init(path:)``. A read transaction reads one snapshot.
/// Scans and cursors lend each record only until the iterator moves (LevelDB reuses that memory),
/// so a record you keep across a step is copied then, and one you drop never is. Point reads
/// (`get`) come back in LevelDB's own private copy, adopted without a second one.
///
/// A write transaction collects its changes in the core's write overlay over a snapshot of the
/// latest commit, reads them back merged with the store, and applies them as one
/// `leveldb_writebatch` when its closure returns (nothing if it throws). Writers are serialised.
/// Commits are synchronous by default (``Options/syncWrites``).
///
/// One directory is one store, open at most once: a second open in this process, however its
/// path is spelled, throws ``LeaseholdError/locked(_:)`` naming the path; an open while another
/// process holds the store throws it naming LevelDB's lock file. Share the engine instead.
public final class LevelDBEngine: Engine {
    let gate: StoreGate<LevelDBStore>

    /// Opens (or creates) the store at `options.path`.
    ///
    /// Throws ``LeaseholdError/locked(_:)`` if another open holds the store,
    /// ``LeaseholdError/notFound(_:)`` for a missing store with ``Options/createIfMissing`` off,
    /// ``LeaseholdError/alreadyExists(_:)`` for an existing one with ``Options/errorIfExists``
    /// on, ``LeaseholdError/corrupted(_:)`` for damaged files, ``LeaseholdError/io(_:)`` when the
    /// file system fails.
    public init(options: Options) throws {
        gate = StoreGate(try LevelDBStore(options: options))
    }

    /// Opens (or creates) the store in the directory `path` with default options.
    public convenience init(path: String) throws {
        try self.init(options: Options(path: path))
    }

    /// The options the store was opened with.
    public var options: Options { gate.adapter.options }
    /// The capabilities: per-step scan leases, private copies for point reads.
    public var capabilities: Capabilities { gate.capabilities }
    /// Totals of the lease machinery for this engine.
    public var statistics: LeaseStatistics { gate.statistics }

    /// Runs `body` in a read transaction on a new snapshot, ended (cursors closed, snapshot
    /// released) when it returns or throws.
    ///
    /// - warning: Records from scans and cursors are borrowed until the iterator moves; values
    ///   that escape `body` are copied by then. Values from `get` are LevelDB's own copies, never
    ///   borrowed. Do not let `txn` escape.
    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func read<R>(_ body: (LevelDBReadTransaction) throws -> R) throws -> R { try gate.read(body) }

    /// Runs `body` in a write transaction: its changes are applied as one atomic
    /// `leveldb_writebatch` when it returns, and not at all when it throws.
    ///
    /// Reads inside see the latest commit and the transaction's own writes. A range delete
    /// becomes a delete of each key the range holds. A `write` inside `body` on the same engine
    /// throws ``LeaseholdError/nestedWrite``; on a store opened with ``Options/readOnly``, every
    /// `write` throws ``LeaseholdError/readOnly``.
    /// - warning: Records from scans and cursors are borrowed until the iterator moves; values
    ///   the transaction wrote and reads back are borrowed until it ends. Do not let `txn` escape.
    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func write<R>(_ body: (LevelDBWriteTransaction) throws -> R) throws -> R { try gate.write(body) }

    /// Closes the store (`leveldb_close`), releasing its lock. Harmless when already closed;
    /// throws ``LeaseholdError/busy(_:)`` while a transaction runs. Values read before stay valid:
    /// they were copied when their leases ended, or are LevelDB's private copies.
    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func close() throws { try gate.close() }
}

/// A read transaction of a ``LevelDBEngine``: one snapshot; scans lent per iterator step, point
/// reads in LevelDB's own copies.
public typealias LevelDBReadTransaction = ReadTransaction<LevelDBReader>
/// A write transaction of a ``LevelDBEngine``: the core's write overlay over a snapshot of the
/// latest commit, applied as one `leveldb_writebatch` when its closure returns.
public typealias LevelDBWriteTransaction = WriteTransaction<OverlayWriter<LevelDBReader>>
