/// A complete write transaction for an engine without transactions of its own: writes go to a
/// ``WriteOverlay``, reads see them over a snapshot of the store, and the adapter commits the
/// overlay's net changes as one atomic batch.
///
/// Use it directly as an adapter's write transaction type. The adapter's `write {}` takes its
/// writer lock, opens a read transaction on a snapshot as `base`, runs the closure, then calls
/// ``end()`` and applies ``overlay``'s ``WriteOverlay/forEachChange(_:)`` to one batch (nothing
/// if the closure threw). With writers serialised by that lock, the snapshot is the latest
/// commit and no update is lost.
///
/// ``willUpdate()`` does nothing: overlay memory never moves before the transaction ends, and an
/// update does not touch the snapshot underneath, so nothing lent here is invalidated by a write.
/// - warning: Do not use it after its closure returns: every call then throws
///   ``LeaseholdError/transactionEnded``.
public final class OverlayWriteTransaction<Base: ReadTransaction>: WriteTransaction, ForwardingReadTransaction {
    /// The pending writes, for the commit.
    public let overlay = WriteOverlay()
    /// The reads: the pending writes over `base`.
    public let reader: OverlayReader<Base>

    /// A write transaction over `base`, a read transaction on the store's latest snapshot.
    public init(base: Base, statistics: LeaseStatistics?) {
        reader = OverlayReader(base: base, overlay: overlay, statistics: statistics)
    }

    /// Nothing to do: no update invalidates what this transaction has lent.
    public func willUpdate() {}

    /// Records the put; the store changes at commit.
    public func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws {
        try reader.checkOpen()
        overlay.put(key: key, value: value)
    }

    /// Records the delete; returns whether the key was there (in the store or written here).
    public func delete(key: UnsafeRawBufferPointer) throws -> Bool {
        let existed = try reader.withValue(forKey: key) { $0 != nil }
        overlay.delete(key: key)
        return existed
    }

    /// Records a delete of every key in `range`; returns how many keys it removes as seen by
    /// this transaction (its own writes included).
    public func deleteKeys(in range: KeyRange) throws -> Int {
        var walker = try RangeWalker(cursor: reader.makeCursor(), range: range, reverse: false, limit: nil)
        var n = 0
        while try walker.advance() { n += 1 }
        overlay.deleteRange(range)
        return n
    }

    /// Ends the transaction: values lent from the overlay copy themselves, and every later call
    /// throws ``LeaseholdError/transactionEnded``. The overlay's changes stay readable for the
    /// commit. Idempotent.
    public func end() {
        reader.end()
        overlay.close()
    }
}
