/// A complete write transaction for an engine without transactions of its own (LevelDB,
/// RocksDB, a network store): writes go to a ``WriteOverlay``, reads see them over a read
/// transaction of the store (its snapshot), and the adapter commits the overlay's net changes as
/// one atomic batch (``WriteOverlay/apply(to:)``).
///
/// Use it as your `StoreAdapter/Writer`: `beginWrite` opens a snapshot reader and returns
/// `OverlayWriter(base: reader, lender: lender)`; `commit` applies ``overlay`` to the engine's
/// batch and ends ``base``; `abort` ends ``base``. With writers serialised by the gate, the
/// snapshot is the latest commit and no update is lost.
///
/// Nothing it lends is invalidated by an update (overlay memory never moves before the
/// transaction ends, and an update does not touch the snapshot), so its engines declare
/// ``Capabilities/writeReads`` as their scans lend, never `untilNextUpdate`.
public final class OverlayWriter<Base: StoreReader>: StoreWriter {
    /// The read transaction underneath: a snapshot of the store.
    public let base: Base
    /// The pending writes, for the commit.
    public let overlay = WriteOverlay()
    /// Lends overlay memory to point reads (the transaction's lender).
    let lender: Lender

    /// A write transaction over `base`, lending what it wrote through `lender`.
    @_spi(Adapter)
    public init(base: Base, lender: Lender) {
        self.base = base
        self.lender = lender
    }

    /// The value under `key`: the transaction's own write if there is one, else the store's.
    ///
    /// - warning: A value the transaction wrote is borrowed until the transaction ends; a value of
    ///   the store is lent as the base lends it.
    public func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? {
        switch overlay.lookup(key) {
        case .value(let v): return lender.lendBytes(v)
        case .deleted: return nil
        case .untouched: return try base.value(forKey: key)
        }
    }

    /// Calls `body` with the value under `key` (or `nil`), the transaction's writes included.
    ///
    /// - warning: The buffer is valid only inside `body`.
    public func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        switch overlay.lookup(key) {
        case .value(let v): return try body(v)
        case .deleted: return try body(nil)
        case .untouched: return try base.withValue(forKey: key, body)
        }
    }

    /// A cursor over the store's records merged with the transaction's writes.
    public func makeCursor() throws -> OverlayCursor<Base.Cursor> {
        OverlayCursor(base: try base.makeCursor(), overlay: overlay)
    }

    /// Records the put; the store changes at commit.
    public func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws {
        overlay.put(key: key, value: value)
    }

    /// Records the delete; returns whether the key was there (in the store or written here).
    public func delete(key: UnsafeRawBufferPointer) throws -> Bool {
        let existed = try withValue(forKey: key) { $0 != nil }
        overlay.delete(key: key)
        return existed
    }

    /// Records a delete of every key in `range`; returns how many keys it removes as seen by
    /// this transaction (its own writes included).
    public func deleteKeys(in range: KeyRange) throws -> Int {
        var cursor = try makeCursor()
        defer { cursor.close() }
        var n = 0
        try cursor.forEachKey(in: range) { _ in n += 1 }
        overlay.deleteRange(range)
        return n
    }
}
