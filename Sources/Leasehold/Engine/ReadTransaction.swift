/// The primitives of a read transaction that an adapter implements.
///
/// Users call the richer API built on these in extensions: `get`, `contains`, `withValue`,
/// `scan`, `scanSpans`, `records`, `cursor`. Every primitive throws
/// ``LeaseholdError/transactionEnded`` once the transaction is over. Keys reach the primitives
/// already validated (non-empty, within ``Capabilities/maxKeySize``).
public protocol ReadTransaction: AnyObject {
    /// The adapter's raw cursor type.
    associatedtype Cursor: EngineCursor

    /// The engine's capabilities (the same as ``Engine/capabilities``).
    var capabilities: Capabilities { get }

    /// The value stored under `key`, lent under the lease that ``Capabilities/pointReads``
    /// describes, or `nil` if there is none.
    func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes?

    /// Calls `body` with the value stored under `key` (or `nil`) without making a `Bytes`.
    ///
    /// - warning: The buffer is valid only inside `body`.
    func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R

    /// A new, unpositioned cursor over the transaction's view.
    func makeCursor() throws -> Cursor
}

/// The primitives of a write transaction that an adapter implements.
///
/// A write transaction reads its own writes. Before every update the core calls
/// ``willUpdate()``, where the adapter expires the lease of anything it lent so far if an update
/// can invalidate it (LMDB: always).
public protocol WriteTransaction: ReadTransaction {
    /// Ends the lease of memory that the coming update may invalidate. Called by the core before
    /// every `put`, `delete` and range delete, before it takes pointers to the arguments.
    func willUpdate()

    /// Stores `value` under `key`, replacing any value there.
    func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws

    /// Removes `key`. Returns whether it was there.
    func delete(key: UnsafeRawBufferPointer) throws -> Bool

    /// Removes every key in `range`; returns how many. Adapters without a native range delete
    /// implement it with ``deleteKeysOneByOne(in:)``.
    func deleteKeys(in range: KeyRange) throws -> Int
}

/// The primitives of a cursor over a transaction's view, in key order.
///
/// After a positioning call returns `true`, ``currentKey`` and ``currentValue`` point at the
/// record, lent under ``lease`` (the value under ``valueLease``, which is the same lease unless
/// the engine keeps values longer than keys). If ``leaseEndsOnMove`` is `true`, the adapter
/// expires that lease inside every positioning call, before it moves (LevelDB and RocksDB
/// iterators); otherwise the memory stays valid for the lease's whole span (an LMDB read
/// transaction).
public protocol EngineCursor: AnyObject {
    /// The lease the current record is lent under: the same object for the cursor's whole life
    /// (a step lease is expired and reused, not replaced).
    var lease: Lease { get }
    /// Whether each positioning call ends ``lease``.
    var leaseEndsOnMove: Bool { get }
    /// Moves to the first record. Returns whether there is one.
    func first() throws -> Bool
    /// Moves to the last record. Returns whether there is one.
    func last() throws -> Bool
    /// Moves to the next record. Returns whether there is one.
    func next() throws -> Bool
    /// Moves to the previous record. Returns whether there is one.
    func previous() throws -> Bool
    /// Moves to the first record whose key is `>= key`. Returns whether there is one.
    func seek(_ key: UnsafeRawBufferPointer) throws -> Bool
    /// The current record's key. Valid until the next positioning call or the lease's end.
    var currentKey: UnsafeRawBufferPointer { get }
    /// The current record's value. Valid until the next positioning call or the lease's end.
    var currentValue: UnsafeRawBufferPointer { get }
    /// The lease the current value is lent under: ``lease`` (the default), or a longer one that
    /// lives as long as the cursor (RocksDB values with `pinData`). Never replaced.
    var valueLease: Lease { get }
    /// Whether each positioning call ends ``valueLease`` (the default: ``leaseEndsOnMove``).
    var valueLeaseEndsOnMove: Bool { get }
}

extension EngineCursor {
    /// Values share the key's lease.
    @inlinable public var valueLease: Lease { lease }
    /// Values end when keys do.
    @inlinable public var valueLeaseEndsOnMove: Bool { leaseEndsOnMove }
}
