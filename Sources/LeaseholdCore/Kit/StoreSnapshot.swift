/// A consistent view of a store held open between read transactions, without holding a thread.
///
/// Every ``read(_:)`` on one snapshot sees the same records, whatever was committed since the
/// snapshot was made: a stream of batches read in many transactions, on any threads, still reads
/// one version of the store. Reads on one snapshot run one at a time (a read while another is
/// running throws ``LeaseholdError/busy(_:)``), from any thread.
///
/// An open snapshot counts as a running transaction: the engine's `close()` throws
/// ``LeaseholdError/busy(_:)`` until it is released. Release it with ``release()`` as soon as you
/// are done (it also releases itself when the last reference goes): it pins old versions of the
/// store (LMDB's pages, RocksDB's and LevelDB's older records), which grows the store while held.
///
/// Make one with ``SnapshotEngine/makeSnapshot()`` or ``Engine/heldSnapshot()``.
public protocol StoreSnapshot<Reader>: AnyObject, Sendable {
    /// The engine's read primitives, wrapped by the ``ReadTransaction`` handed to ``read(_:)``.
    associatedtype Reader: StoreReader

    /// Runs `body` in a read transaction on the snapshot and ends it when `body` returns or throws.
    ///
    /// Throws ``LeaseholdError/transactionEnded`` after ``release()``, and
    /// ``LeaseholdError/busy(_:)`` while another read of this snapshot is running.
    /// - warning: What `body` reads is lent until the transaction ends (as for ``Engine/read(_:)``);
    ///   do not let `txn` escape `body`.
    func read<R>(_ body: (ReadTransaction<Reader>) throws -> R) throws -> R

    /// Releases the snapshot: later reads throw ``LeaseholdError/transactionEnded``. Releasing
    /// twice is harmless; releasing during a read releases when that read ends.
    func release()
}

/// An engine that can hold a snapshot open between read transactions without holding a thread
/// (LMDB, RocksDB, LevelDB, Memory; ``AnyEngine`` and ``PrefixedEngine`` when the engine
/// underneath can).
///
/// Engines that cannot (etcd, for now) do not conform; streamed scans over them read each batch
/// in its own transaction instead.
public protocol SnapshotEngine: Engine {
    /// Opens a snapshot of the store as it is now, or returns `nil` when this engine cannot hold
    /// one (for a wrapper: when the engine underneath cannot).
    ///
    /// Throws ``LeaseholdError/storeClosed`` once the store is closed.
    /// - warning: The snapshot pins the store's old versions and keeps `close()` busy until it is
    ///   released (``StoreSnapshot/release()``, or when its last reference goes).
    func makeSnapshot() throws -> (any StoreSnapshot<Reader>)?
}

extension Engine {
    /// A held snapshot of this store if its engine can hold one (``SnapshotEngine``), else `nil`.
    ///
    /// - warning: The snapshot pins the store's old versions and keeps `close()` busy until it is
    ///   released.
    public func heldSnapshot() throws -> (any StoreSnapshot<Reader>)? {
        guard let engine = self as? any SnapshotEngine else { return nil }
        guard let made = try engine.makeSnapshot() else { return nil }
        guard let snapshot = made as? any StoreSnapshot<Reader> else {
            // Not reachable: a conforming engine's snapshot reads with its own Reader.
            made.release()
            return nil
        }
        return snapshot
    }
}
