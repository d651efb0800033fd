#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A cursor over a transaction's records that lends each record as ``Bytes``.
///
/// Position it with ``first()``, ``last()``, ``seek(_:)``, ``seek(atOrBefore:)``, then step with
/// ``next()`` and ``previous()``; each returns the record it lands on or `nil`. A new cursor
/// stands before the first record (`next()` is then `first()`); past either end it stays there,
/// and the opposite move steps back in (`previous()` from past the last record is `last()`).
/// Records are lent under the cursor's lease (see ``Capabilities/scans``), copied if kept past
/// it. After its transaction ends every move throws ``LeaseholdError/transactionEnded``.
public struct LeaseCursor<Source: StoreCursor> {
    @usableFromInline let cursor: ManagedCursor<Source>
    /// The cursor's leases, held unretained: the cursor keeps them alive and never replaces them.
    @usableFromInline let keyLease: Unmanaged<Lease>
    @usableFromInline let valueLease: Unmanaged<Lease>
    @usableFromInline var keySlot = LendingSlot()
    @usableFromInline var valueSlot = LendingSlot()

    @usableFromInline
    init(_ cursor: ManagedCursor<Source>) {
        self.cursor = cursor
        keyLease = Unmanaged.passUnretained(cursor.keyLease)
        valueLease = Unmanaged.passUnretained(cursor.valueLease)
    }

    @inlinable @inline(__always)
    mutating func move(_ step: (ManagedCursor<Source>) throws -> Bool) throws -> Record? {
        if cursor.endsKeysOnMove { keySlot.releaseIfUnshared() }
        if cursor.endsValuesOnMove { valueSlot.releaseIfUnshared() }
        guard try step(cursor) else { return nil }
        let checked = cursor.checked
        let key = keyLease._withUnsafeGuaranteedRef { keySlot.lend(cursor.currentKey(checked: checked), on: $0) }
        let value = valueLease._withUnsafeGuaranteedRef { valueSlot.lend(cursor.currentValue(checked: checked), on: $0) }
        return Record(key: key, value: value)
    }

    /// Moves to the first record.
    @inlinable public mutating func first() throws -> Record? { try move { try $0.first() } }
    /// Moves to the last record.
    @inlinable public mutating func last() throws -> Record? { try move { try $0.last() } }
    /// Moves to the next record (the first, from before it).
    @inlinable @inline(__always) public mutating func next() throws -> Record? { try step(forward: true) }
    /// Moves to the previous record (the last, from past it).
    @inlinable @inline(__always) public mutating func previous() throws -> Record? { try step(forward: false) }

    /// `next()`/`previous()`. From a record of an open transaction on a step lease whose only
    /// sinks are this cursor's slots, nobody else holding them, the move ends nothing: the slots
    /// stay registered and are re-pointed at the record it lands on, or unlinked if it lands on
    /// none (they point at the record it left until then).
    @inlinable @inline(__always)
    mutating func step(forward: Bool) throws -> Record? {
        guard cursor.endsKeysOnMove, cursor.endsValuesOnMove, !cursor.checked,
              keyLease.toOpaque() == valueLease.toOpaque(),
              cursor.place == .at, cursor.scope.isOpen, !cursor.mustResync,
              LendingSlot.parkOrRelease(&keySlot, &valueSlot, on: keyLease)
        else { return try move { forward ? try $0.next() : try $0.previous() } }
        let landed: Bool
        do {
            landed = forward ? try cursor.nextFromRecord(checked: false, ending: false)
                             : try cursor.previousFromRecord(checked: false, ending: false)
        } catch {
            keySlot.releaseIfUnshared()
            valueSlot.releaseIfUnshared()
            throw error
        }
        guard landed else {
            keySlot.releaseIfUnshared()
            valueSlot.releaseIfUnshared()
            return nil
        }
        let key = keyLease._withUnsafeGuaranteedRef { keySlot.lend(cursor.currentKey(checked: false), on: $0) }
        let value = valueLease._withUnsafeGuaranteedRef { valueSlot.lend(cursor.currentValue(checked: false), on: $0) }
        return Record(key: key, value: value)
    }

    /// Moves to the first record whose key is `>= key`.
    @inlinable
    public mutating func seek(_ key: some ContiguousBytes) throws -> Record? {
        try key.withUnsafeBytes { k in try move { try $0.seek(k) } }
    }

    /// Moves to the last record whose key is `<= key`.
    @inlinable
    public mutating func seek(atOrBefore key: some ContiguousBytes) throws -> Record? {
        try key.withUnsafeBytes { k in try move { try $0.seek(atOrBefore: k) } }
    }
}
