import CLevelDB
import Leasehold

/// A read transaction of a ``LevelDBEngine``: every read sees one snapshot
/// (`leveldb_create_snapshot`), taken when the transaction began.
///
/// Point reads return LevelDB's own private copy (`leveldb_get` allocates one), adopted without a
/// second copy: ``Capabilities/pointReads`` is `.copy`, residence `.owned`. Scans and cursors lend
/// straight from the iterator, per step. It also serves as the base of a
/// ``LevelDBWriteTransaction``.
/// - warning: Keys and values from scans and cursors are borrowed from the iterator until it
///   moves (then copied if you still hold them). Do not use the transaction after its closure
///   returns (it throws ``LeaseholdError/transactionEnded``).
public final class LevelDBReadTransaction: ReadTransaction {
    @usableFromInline let snapshot: LevelDBSnapshot
    /// The engine's capabilities.
    public let capabilities: Capabilities

    init(snapshot: LevelDBSnapshot, capabilities: Capabilities) {
        self.snapshot = snapshot
        self.capabilities = capabilities
    }

    /// The value under `key`, in memory LevelDB allocated for this call alone: no lease, never
    /// copied again, freed with the last `Bytes` made from it.
    @inlinable
    public func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? { try snapshot.value(forKey: key) }

    /// Calls `body` with the value under `key` (or `nil`); makes no `Bytes`.
    ///
    /// - warning: The buffer is valid only inside `body`.
    @inlinable
    public func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try snapshot.withValue(forKey: key, body)
    }

    /// A new cursor over the snapshot, lending per step.
    ///
    /// - warning: Its records are borrowed until it moves.
    public func makeCursor() throws -> LevelDBCursor { try LevelDBCursor(snapshot: snapshot) }
}

/// A write transaction of a ``LevelDBEngine``: the core's write overlay over a snapshot of the
/// latest commit, applied as one `leveldb_writebatch` when the closure returns.
///
/// It reads its own writes; its scans merge them with the snapshot and lend per step, as a read
/// transaction's do. Writers are serialised, so the snapshot is the latest commit and no update is
/// lost.
public typealias LevelDBWriteTransaction = OverlayWriteTransaction<LevelDBReadTransaction>
