/// The read primitives of one transaction of your engine: the adapter tier.
///
/// Application code never holds one. ``Engine/read(_:)`` hands it a ``ReadTransaction`` that
/// wraps the primitives and is their only caller, and it calls them
/// - only while the transaction is open: after it ends, the wrapper throws
///   ``LeaseholdError/transactionEnded`` itself, so a primitive needs no "ended" check;
/// - with keys already validated (not empty, within ``Capabilities/maxKeySize``);
/// - from one thread at a time.
///
/// Memory a primitive lends must stay valid for as long as the lease it is lent under: the
/// transaction's ``Lender`` (handed to your `beginRead`/`beginWrite`), or what the cursor's
/// ``StoreCursor/lending`` says.
public protocol StoreReader: AnyObject {
    /// Your cursor type.
    associatedtype Cursor: StoreCursor

    /// The value stored under `key`, or `nil`: lent under the transaction's lender
    /// (`lender.lendBytes(buffer)`), adopted (`Bytes(adopting:…)`), or pinned
    /// (`Bytes(pinning:…)`), as ``Capabilities/pointReads`` says.
    func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes?

    /// Calls `body` with the value stored under `key`, or `nil`, without making a ``Bytes``.
    ///
    /// - warning: The buffer need only be valid inside `body`.
    func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R

    /// A new cursor over the transaction's view, standing before the first record. The core
    /// wraps it, moves it, and closes it (``StoreCursor/close()``) when the transaction ends or
    /// the cursor is dropped, whichever comes first.
    func makeCursor() throws -> Cursor
}

/// The write primitives of one write transaction of your engine: the adapter tier.
///
/// As for ``StoreReader``, the core calls them only while the transaction is open, with
/// validated keys and values. Before each update it ends the transaction's lease if
/// ``Capabilities/writeReads`` is ``Capabilities/LeaseScope/untilNextUpdate`` (values lent so
/// far copy themselves), so an update may free or move what was lent before it; with any other
/// `writeReads` an update must leave lent memory alone. A write transaction reads its own
/// writes: make your writer a subclass of your reader over the same state, or use
/// ``OverlayWriter`` when the engine has no transactions of its own.
public protocol StoreWriter: StoreReader {
    /// Stores `value` under `key`, replacing any value there.
    func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws

    /// Removes `key`; returns whether it was there.
    func delete(key: UnsafeRawBufferPointer) throws -> Bool

    /// Removes every key of `range`; returns how many. The default walks a cursor over the
    /// range and deletes each key (``deleteKeysOneByOne(in:)``); implement it when the engine
    /// has a native range delete.
    func deleteKeys(in range: KeyRange) throws -> Int
}

extension StoreWriter {
    /// Deletes the keys of `range` one by one: the default ``deleteKeys(in:)``.
    public func deleteKeys(in range: KeyRange) throws -> Int { try deleteKeysOneByOne(in: range) }

    /// Collects the keys of `range` with a cursor, then deletes each.
    public func deleteKeysOneByOne(in range: KeyRange) throws -> Int {
        var keys: [[UInt8]] = []
        var cursor = try makeCursor()
        defer { cursor.close() }
        try cursor.forEachKey(in: range) { keys.append(Array($0)) }
        for key in keys { _ = try key.withUnsafeBytes { try delete(key: $0) } }
        return keys.count
    }
}
