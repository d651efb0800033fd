import CRocksDB
import Leasehold

/// A write transaction of a ``RocksDBEngine``: the core's read-your-writes overlay over a
/// snapshot of the latest commit, applied as one `rocksdb_writebatch` when its closure returns.
public typealias RocksDBWriteTransaction = OverlayWriteTransaction<RocksDBReadTransaction>

/// A key-value store on RocksDB, with zero-copy reads.
///
/// Open one with ``init(options:)``. A read transaction sees one snapshot. Its point reads are
/// pinned: the returned `Bytes` owns RocksDB's pinnable slice and is never copied. Its scans and
/// cursors lend each key for one iterator step — a key kept across a step is copied then, one
/// dropped is never copied — and values likewise, or with ``Options/pinData`` for the whole scan.
///
/// Write transactions are serialised by a lock of this engine (RocksDB lets one process open a
/// store for writing, so that is every writer), read their own writes through the core's
/// ``WriteOverlay`` over a snapshot of the latest commit, and commit as one atomic write batch
/// (synchronously by default, see ``Options/syncWrites``). So no update is ever lost and
/// ``Capabilities/isolation`` is `.serializable`; a write that throws applies nothing.
///
/// Why the overlay and not RocksDB's optimistic transactions: with every writer of the store in
/// this process, a lock gives serializable writes with no conflicts to retry, while optimistic
/// transactions detect conflicts only on keys read with `GetForUpdate`, and report them at
/// commit, after the closure ran.
public final class RocksDBEngine: Engine {
    let store: RocksDBStore
    /// The capabilities: pinned point reads, per-step scans (values per cursor with `pinData`).
    public let capabilities: Capabilities
    /// Totals of the lease machinery for this engine.
    public let statistics = LeaseStatistics()

    /// Opens (or creates) the store at `options.path`.
    ///
    /// Throws ``LeaseholdError/locked(_:)`` (naming the `LOCK` file) when another open holds the
    /// store, ``LeaseholdError/notFound(_:)`` for a missing store that is not to be created,
    /// ``LeaseholdError/alreadyExists(_:)`` with ``Options/errorIfExists``,
    /// ``LeaseholdError/corrupted(_:)`` and ``LeaseholdError/io(_:)`` for damaged files and
    /// failing disks.
    public init(options: Options) throws {
        store = try RocksDBStore(options: options)
        capabilities = Capabilities(
            engine: "rocksdb", pointReads: .pinned, scans: .step, writeReads: .step,
            snapshots: true, persistent: true, readYourWrites: true, isolation: .serializable,
            maxKeySize: options.maxKeySize, maxValueSize: Int(UInt32.max),
            scanValues: options.pinData ? .cursor : .step)
    }

    /// Opens the store in the directory `path` with default options.
    public convenience init(path: String) throws {
        try self.init(options: Options(path: path))
    }

    /// The options the store was opened with.
    public var options: Options { store.options }

    /// Runs `body` in a read transaction on one snapshot, ended when it returns or throws.
    ///
    /// - warning: Scanned keys and values are borrowed until their cursor moves (values with
    ///   ``Options/pinData``: until the scan ends) and copied then if you keep them; values from
    ///   `get` own their pin and are never copied. Do not let `txn` escape.
    public func read<R>(_ body: (RocksDBReadTransaction) throws -> R) throws -> R {
        try store.enter()
        let txn = RocksDBReadTransaction(store: store, capabilities: capabilities, statistics: statistics)
        defer {
            txn.end()
            store.leave()
        }
        return try body(txn)
    }

    /// Runs `body` in a write transaction: commits its writes as one atomic batch when it
    /// returns, applies nothing when it throws. Writers wait for each other.
    ///
    /// Reads inside see the latest commit plus this transaction's own writes.
    /// - warning: Values read in `body` are lent as in a read transaction (values the
    ///   transaction wrote itself: until it ends). Do not let `txn` escape. A `write` inside
    ///   `body` throws ``LeaseholdError/nestedWrite`` (the writer lock is not re-entrant).
    public func write<R>(_ body: (RocksDBWriteTransaction) throws -> R) throws -> R {
        if store.options.readOnly { throw LeaseholdError.readOnly }
        return try store.writer.withLock {
            try store.enter()
            let base = RocksDBReadTransaction(store: store, capabilities: capabilities, statistics: statistics)
            let txn = RocksDBWriteTransaction(base: base, statistics: statistics)
            defer {
                txn.end()
                base.end()
                store.leave()
            }
            let result = try body(txn)
            txn.end()
            if !txn.overlay.isEmpty { try store.commit(txn.overlay, base: base) }
            return result
        }
    }

    /// Closes the store. Harmless when already closed; throws ``LeaseholdError/busy(_:)`` while
    /// one of its transactions (or a maintenance call) runs.
    ///
    /// Values read with `get` stay valid after close (they keep their block pinned); values
    /// lent by scans were copied when their transaction ended.
    public func close() throws { try store.close() }
}
