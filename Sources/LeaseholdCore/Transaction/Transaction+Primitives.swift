/// The adapter tier of a transaction, for adapters and their tests only: behind
/// `@_spi(Adapter) import LeaseholdCore` (or `Leasehold`).
///
/// These calls skip what the safe API does: no key validation, no check that the transaction is
/// open, no end of the lease before an update. A value held across a primitive update of an
/// engine whose updates invalidate lent memory (LMDB) is corrupted, not copied.
@_spi(Adapter)
extension ReadTransaction {
    /// The adapter's read primitives.
    public var primitives: Reader { reader }

    /// The raw point read (see ``StoreReader/value(forKey:)``).
    public func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? { try reader.value(forKey: key) }

    /// A new adapter cursor, outside the core's frame: nothing checks its place or leases.
    public func makeCursor() throws -> Reader.Cursor { try reader.makeCursor() }
}

@_spi(Adapter)
extension WriteTransaction {
    /// The raw put (see ``StoreWriter/put(key:value:)``): no validation, no lease ended first.
    public func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws {
        try reader.put(key: key, value: value)
    }

    /// The raw delete (see ``StoreWriter/delete(key:)``).
    public func delete(key: UnsafeRawBufferPointer) throws -> Bool { try reader.delete(key: key) }

    /// The raw range delete (see ``StoreWriter/deleteKeys(in:)``).
    public func deleteKeys(in range: KeyRange) throws -> Int { try reader.deleteKeys(in: range) }
}

@_spi(Adapter)
extension ReadTransaction {
    /// The transaction's lease: point reads, and scans of engines that lend for the transaction.
    public var lease: Lease { scope.lender.lease }
}

@_spi(Adapter)
extension LeaseCursor {
    /// The leases this cursor lends keys and values under (the transaction's, or its own).
    public var leases: (key: Lease, value: Lease) { (cursor.keyLease, cursor.valueLease) }
    /// Whether a move ends the key's (the value's) lease.
    public var leasesEndOnMove: (key: Bool, value: Bool) { (cursor.keyEndsOnMove, cursor.valueEndsOnMove) }
}
