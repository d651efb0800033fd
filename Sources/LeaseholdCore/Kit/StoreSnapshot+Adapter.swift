/// A store that can hold a snapshot open between read transactions, as the core's `StoreGate`
/// drives it (the adapter tier, `@_spi(Adapter)`).
///
/// The gate calls ``makeSnapshot()`` once, then for each read on the snapshot
/// ``beginRead(_:in:)``, the closure, the transaction's cursors closed and its lease ended, and
/// ``endRead(_:in:)``; then ``release(_:)`` once. Reads on one snapshot never overlap, but they
/// may run on different threads, and ``release(_:)`` may run on yet another. None of them runs
/// after ``StoreAdapter/close()`` (an open snapshot keeps the store from closing).
@_spi(Adapter)
public protocol SnapshotAdapter: StoreAdapter {
    /// What the adapter holds for one snapshot (a snapshot handle, a read transaction, a version).
    associatedtype Snapshot

    /// Opens a snapshot of the store as it is now.
    func makeSnapshot() throws -> Snapshot
    /// Begins a read transaction that reads `snapshot`. Lend through `lender`, as ``StoreAdapter/beginRead(_:)``.
    func beginRead(_ lender: Lender, in snapshot: Snapshot) throws -> Reader
    /// Ends a read transaction begun by ``beginRead(_:in:)``; the snapshot stays open.
    func endRead(_ reader: Reader, in snapshot: Snapshot)
    /// Releases `snapshot`. Called once, with no read on it running.
    func release(_ snapshot: Snapshot)
}
