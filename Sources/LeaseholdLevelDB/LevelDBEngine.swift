import CLevelDB
import Leasehold

/// A key-value store on LevelDB: snapshot reads, scans lent straight from the iterator one step at
/// a time, atomic write transactions that read their own writes.
///
/// Open one with ``init(options:)`` or ``init(path:)``. A read transaction reads one snapshot.
/// Scans and cursors lend each record only until the iterator moves (LevelDB reuses that memory),
/// so a record you keep across a step is copied then, and one you drop never is. Point reads
/// (`get`) come back in LevelDB's own private copy, adopted without a second one.
///
/// A write transaction collects its changes in the core's ``WriteOverlay`` over a snapshot of the
/// latest commit, reads them back merged with the store, and applies them as one
/// `leveldb_writebatch` when its closure returns (nothing if it throws). Writers are serialised.
/// Commits are synchronous by default (``Options/syncWrites``).
///
/// One directory is one store, and LevelDB locks it: a second open, in this process or another,
/// throws ``LeaseholdError/locked(_:)`` naming the lock file.
public final class LevelDBEngine: Engine {
    let store: LevelDBStore
    /// The capabilities: per-step scan leases, private copies for point reads.
    public let capabilities: Capabilities
    /// Totals of the lease machinery for this engine.
    public let statistics = LeaseStatistics()

    /// Opens (or creates) the store at `options.path`.
    ///
    /// Throws ``LeaseholdError/locked(_:)`` if another open store holds the directory,
    /// ``LeaseholdError/notFound(_:)`` for a missing store with ``Options/createIfMissing`` off,
    /// ``LeaseholdError/alreadyExists(_:)`` for an existing one with ``Options/errorIfExists``
    /// on, ``LeaseholdError/corrupted(_:)`` for damaged files, ``LeaseholdError/io(_:)`` when the
    /// file system fails.
    public init(options: Options) throws {
        store = try LevelDBStore(options: options)
        capabilities = Capabilities(
            engine: "leveldb", pointReads: .copy, scans: .step, writeReads: .step,
            snapshots: true, persistent: true, readYourWrites: true, isolation: .serializable,
            maxKeySize: nil, maxValueSize: Int(UInt32.max))
    }

    /// Opens (or creates) the store in the directory `path` with default options.
    public convenience init(path: String) throws {
        try self.init(options: Options(path: path))
    }

    /// The options the store was opened with.
    public var options: Options { store.options }

    /// Runs `body` in a read transaction on a new snapshot, ended (cursors closed, snapshot
    /// released) when it returns or throws.
    ///
    /// - warning: Records from scans and cursors are borrowed until the iterator moves; values
    ///   that escape `body` are copied by then. Do not let `txn` escape.
    public func read<R>(_ body: (LevelDBReadTransaction) throws -> R) throws -> R {
        try store.enter()
        let snapshot = LevelDBSnapshot(store: store, statistics: statistics)
        defer {
            snapshot.end()
            store.leave()
        }
        return try body(LevelDBReadTransaction(snapshot: snapshot, capabilities: capabilities))
    }

    /// Runs `body` in a write transaction: its changes are applied as one atomic
    /// `leveldb_writebatch` when it returns, and not at all when it throws.
    ///
    /// Reads inside see the latest commit and the transaction's own writes. A range delete
    /// becomes a delete of each key the range holds. Writers are serialised by a lock that is not
    /// re-entrant: a `write` inside `body` on the same engine throws
    /// ``LeaseholdError/nestedWrite``.
    /// - warning: Records from scans and cursors are borrowed until the iterator moves; values
    ///   the transaction wrote and reads back are borrowed until it ends. Do not let `txn` escape.
    public func write<R>(_ body: (LevelDBWriteTransaction) throws -> R) throws -> R {
        try store.writer.withLock {
            try store.enter()
            let snapshot = LevelDBSnapshot(store: store, statistics: statistics)
            let txn = LevelDBWriteTransaction(
                base: LevelDBReadTransaction(snapshot: snapshot, capabilities: capabilities), statistics: statistics)
            defer {
                txn.end()
                snapshot.end()
                store.leave()
            }
            let result = try body(txn)
            // The transaction's leases end first (kept values copy themselves), then its changes
            // go to LevelDB as one batch.
            txn.end()
            if !txn.overlay.isEmpty {
                let batch = LevelDBBatch()
                try batch.add(txn.overlay, snapshot: snapshot)
                try batch.write(store)
            }
            return result
        }
    }

    /// Closes the store (`leveldb_close`), releasing its lock. Harmless when already closed;
    /// throws ``LeaseholdError/busy(_:)`` while a transaction runs. Values read before stay valid:
    /// they were copied when their leases ended.
    public func close() throws { try store.close() }
}
