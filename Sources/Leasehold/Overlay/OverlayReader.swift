/// The reads of a write transaction built on a ``WriteOverlay``: the transaction's pending writes
/// over a read transaction of the store (its snapshot), so the transaction reads its own writes.
///
/// A point read that the overlay answers lends overlay memory under this reader's lease, which
/// ends with the transaction (the memory never moves before then); any other read is the base
/// transaction's, lent as the base lends it. Cursors merge both in key order
/// (``OverlayCursor``).
/// - warning: What it lends is borrowed until the transaction ends, except records from cursors
///   over a base with step leases, which are borrowed until the cursor moves.
public final class OverlayReader<Base: ReadTransaction>: ReadTransaction {
    /// The read transaction underneath (a snapshot of the store).
    public let base: Base
    /// The pending writes.
    public let overlay: WriteOverlay
    /// The lease of overlay memory lent by point reads; ends with the transaction.
    let lease: Lease

    /// Reads of `overlay` over `base`; values lent from the overlay publish their counters to
    /// `statistics`.
    public init(base: Base, overlay: WriteOverlay, statistics: LeaseStatistics?) {
        self.base = base
        self.overlay = overlay
        lease = Lease(statistics: statistics)
    }

    /// The base transaction's capabilities.
    public var capabilities: Capabilities { base.capabilities }

    /// The value under `key`: the transaction's own write if there is one, else the store's.
    ///
    /// - warning: A value the transaction wrote is borrowed until the transaction ends; a value of
    ///   the store is lent as the base lends it.
    public func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? {
        try checkOpen()
        switch overlay.lookup(key) {
        case .value(let v): return Bytes(lending: v, on: lease)
        case .deleted: return nil
        case .untouched: return try base.value(forKey: key)
        }
    }

    /// Calls `body` with the value under `key` (or `nil`), the transaction's writes included.
    ///
    /// - warning: The buffer is valid only inside `body`.
    public func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try checkOpen()
        switch overlay.lookup(key) {
        case .value(let v): return try body(v)
        case .deleted: return try body(nil)
        case .untouched: return try base.withValue(forKey: key, body)
        }
    }

    /// A cursor over the store's records merged with the transaction's writes.
    public func makeCursor() throws -> OverlayCursor<Base.Cursor> {
        try checkOpen()
        return OverlayCursor(base: try base.makeCursor(), overlay: overlay)
    }

    /// Ends the lease of overlay memory lent so far (kept values copy themselves).
    func end() { lease.end() }

    func checkOpen() throws {
        guard overlay.isOpen else { throw LeaseholdError.transactionEnded }
    }
}
