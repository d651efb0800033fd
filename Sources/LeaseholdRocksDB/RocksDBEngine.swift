@_spi(Adapter) import LeaseholdCore

/// A key-value store on RocksDB, with zero-copy reads.
///
/// Open one with ``init(options:)``. A read transaction sees one snapshot. Its point reads are
/// pinned: the returned `Bytes` owns RocksDB's pinnable slice and is never copied. Its scans and
/// cursors lend each key for one iterator step — a key kept across a step is copied then, one
/// dropped is never copied — and values likewise, or with ``Options/pinData`` for the cursor's
/// whole life.
///
/// Write transactions are serialised by a lock of this engine (RocksDB lets one process open a
/// store for writing, so that is every writer), read their own writes through the core's write
/// overlay over a snapshot of the latest commit, and commit as one atomic write batch
/// (synchronously by default, see ``Options/syncWrites``). So no update is ever lost and
/// ``Capabilities/isolation`` is `.serializable`; a write that throws applies nothing.
///
/// Why the overlay and not RocksDB's optimistic transactions: with every writer of the store in
/// this process, a lock gives serializable writes with no conflicts to retry, while optimistic
/// transactions detect conflicts only on keys read with `GetForUpdate`, and report them at
/// commit, after the closure ran.
///
/// A store is open for writing at most once: a second open in this process, however its path is
/// spelled, throws ``LeaseholdError/locked(_:)`` naming the path; an open while another process
/// holds the store throws it naming RocksDB's lock file. Read-only opens (``Options/readOnly``)
/// take no lock and may stand beside a writer, in this process or another.
public final class RocksDBEngine: Engine {
    let gate: StoreGate<RocksDBStore>

    /// Opens (or creates) the store at `options.path`.
    ///
    /// Throws ``LeaseholdError/locked(_:)`` when another open holds the store,
    /// ``LeaseholdError/notFound(_:)`` for a missing store that is not to be created,
    /// ``LeaseholdError/alreadyExists(_:)`` with ``Options/errorIfExists``,
    /// ``LeaseholdError/corrupted(_:)`` and ``LeaseholdError/io(_:)`` for damaged files and
    /// failing disks.
    public init(options: Options) throws {
        gate = StoreGate(try RocksDBStore(options: options))
    }

    /// Opens the store in the directory `path` with default options.
    public convenience init(path: String) throws {
        try self.init(options: Options(path: path))
    }

    /// The options the store was opened with.
    public var options: Options { gate.adapter.options }
    /// The capabilities: pinned point reads, per-step scans (values per cursor with `pinData`).
    public var capabilities: Capabilities { gate.capabilities }
    /// Totals of the lease machinery for this engine.
    public var statistics: LeaseStatistics { gate.statistics }

    /// Runs `body` in a read transaction on one snapshot, ended when it returns or throws.
    ///
    /// - warning: Scanned keys are borrowed until their cursor moves, values too (with
    ///   ``Options/pinData``: until the cursor is closed, at the latest when the transaction
    ///   ends), and copied then if you keep them; values from `get` own their pin and are never
    ///   copied. Do not let `txn` escape.
    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func read<R>(_ body: (RocksDBReadTransaction) throws -> R) throws -> R { try gate.read(body) }

    /// Runs `body` in a write transaction: commits its writes as one atomic batch when it
    /// returns, applies nothing when it throws. Writers wait for each other; a store opened
    /// read-only throws ``LeaseholdError/readOnly``.
    ///
    /// Reads inside see the latest commit plus this transaction's own writes.
    /// - warning: Values read in `body` are lent as in a read transaction (values the
    ///   transaction wrote itself: until it ends). Do not let `txn` escape. A `write` inside
    ///   `body` throws ``LeaseholdError/nestedWrite``.
    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func write<R>(_ body: (RocksDBWriteTransaction) throws -> R) throws -> R { try gate.write(body) }

    /// Closes the store. Harmless when already closed; throws ``LeaseholdError/busy(_:)`` while
    /// one of its transactions (or a maintenance call) runs.
    ///
    /// Values read with `get` stay valid after close (they keep their block pinned); values
    /// lent by scans were copied when their leases ended.
    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func close() throws { try gate.close() }
}

/// A read transaction of a ``RocksDBEngine``: one snapshot; point reads pinned, scans lent per
/// iterator step (values per cursor with `pinData`).
public typealias RocksDBReadTransaction = ReadTransaction<RocksDBReader>
/// A write transaction of a ``RocksDBEngine``: the core's write overlay over a snapshot of the
/// latest commit, applied as one `rocksdb_writebatch` when its closure returns.
public typealias RocksDBWriteTransaction = WriteTransaction<OverlayWriter<RocksDBReader>>
