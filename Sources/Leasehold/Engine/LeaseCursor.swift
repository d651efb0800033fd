#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A cursor over a transaction's records that lends each record as ``Bytes``.
///
/// Position it with ``first()``, ``last()``, ``seek(_:)``, ``seek(atOrBefore:)``, then step with
/// ``next()`` and ``previous()``; each returns the record it lands on or `nil`. Records are lent
/// under the cursor's lease (see ``Capabilities/scans``), copied if kept past it.
public struct LeaseCursor<Cursor: EngineCursor> {
    /// The adapter's raw cursor.
    public let raw: Cursor
    /// The cursor's leases, held unretained: the cursor keeps them alive and never replaces them.
    @usableFromInline let lease: Unmanaged<Lease>
    @usableFromInline let valueLease: Unmanaged<Lease>
    @usableFromInline var keySlot = LendingSlot()
    @usableFromInline var valueSlot = LendingSlot()

    /// Wraps an adapter's raw cursor.
    public init(_ raw: Cursor) {
        self.raw = raw
        lease = Unmanaged.passUnretained(raw.lease)
        valueLease = Unmanaged.passUnretained(raw.valueLease)
    }

    @inlinable @inline(__always)
    mutating func move(_ step: (Cursor) throws -> Bool) throws -> Record? {
        if raw.leaseEndsOnMove { keySlot.releaseIfUnshared() }
        if raw.valueLeaseEndsOnMove { valueSlot.releaseIfUnshared() }
        guard try step(raw) else { return nil }
        let key = lease._withUnsafeGuaranteedRef { keySlot.lend(raw.currentKey, on: $0) }
        let value = valueLease._withUnsafeGuaranteedRef { valueSlot.lend(raw.currentValue, on: $0) }
        return Record(key: key, value: value)
    }

    /// Moves to the first record.
    @inlinable public mutating func first() throws -> Record? { try move { try $0.first() } }
    /// Moves to the last record.
    @inlinable public mutating func last() throws -> Record? { try move { try $0.last() } }
    /// Moves to the next record.
    @inlinable @inline(__always) public mutating func next() throws -> Record? { try move { try $0.next() } }
    /// Moves to the previous record.
    @inlinable @inline(__always) public mutating func previous() throws -> Record? { try move { try $0.previous() } }

    /// Moves to the first record whose key is `>= key`.
    @inlinable
    public mutating func seek(_ key: some ContiguousBytes) throws -> Record? {
        try key.withUnsafeBytes { k in try move { try $0.seek(k) } }
    }

    /// Moves to the last record whose key is `<= key`.
    @inlinable
    public mutating func seek(atOrBefore key: some ContiguousBytes) throws -> Record? {
        try key.withUnsafeBytes { k in
            try move { c in
                guard try c.seek(k) else { return try c.last() }
                return Bytes.compare(c.currentKey, k) > 0 ? try c.previous() : true
            }
        }
    }
}
