/// A reusable sink for scanners: lends record after record through one storage object for as
/// long as nobody else keeps it.
///
/// When the caller dropped the previous value, the slot's storage is uniquely referenced and is
/// simply re-pointed at the next record: no allocation, no copy. When the caller kept it, the slot
/// leaves it registered (it will be copied if its lease ends) and allocates one new storage. That
/// is the "0–1 allocations per key" of the design. Keep slots in structs, not classes: on a class
/// field the uniqueness check costs a dynamic exclusivity check.
@usableFromInline
struct LendingSlot {
    @usableFromInline var storage: ByteStorage?

    /// An empty slot.
    @inlinable init() {}

    /// Lends `buffer` under `lease`, reusing the slot's storage when nobody else holds it. The
    /// slot keeps a reference, so it can tell next time whether the caller kept the value.
    ///
    /// - warning: `buffer` must stay valid until `lease.expire()` is called.
    @inlinable @inline(__always)
    mutating func lend(_ buffer: UnsafeRawBufferPointer, on lease: Lease) -> Bytes {
        let s = take(buffer, on: lease)
        storage = s
        return Bytes(storage: s, offset: 0, count: buffer.count)
    }

    /// Lends `buffer` by moving the slot's storage into the returned value: no reference count
    /// traffic at all. Hand the value back with ``reclaim(_:)`` when the borrower is done, or the
    /// slot allocates a new storage next time.
    ///
    /// - warning: `buffer` must stay valid until `lease.expire()` is called.
    @inlinable @inline(__always)
    mutating func lendMoving(_ buffer: UnsafeRawBufferPointer, on lease: Lease) -> Bytes {
        Bytes(storage: take(buffer, on: lease), offset: 0, count: buffer.count)
    }

    /// The slot's storage re-pointed at `buffer` if nobody else holds it, else a new one; the
    /// slot is left empty. The common case (same lease, storage dropped by the borrower) is a
    /// uniqueness check and a few stores, inlined; everything else is out of line.
    @inlinable @inline(__always)
    mutating func take(_ buffer: UnsafeRawBufferPointer, on lease: Lease) -> ByteStorage {
        if var s = storage.take(), isKnownUniquelyReferenced(&s) {
            if !s.repointOnSameLease(buffer, on: lease) && !s.relendUnlinked(buffer, on: lease) {
                s.repointSlow(buffer, on: lease)
            }
            return s
        }
        return ByteStorage.lending(buffer, on: lease)
    }

    /// Takes back a value made by ``lendMoving(_:on:)``. If the borrower kept a copy, the next
    /// lend sees the storage shared and leaves it to the borrower.
    @inlinable @inline(__always)
    mutating func reclaim(_ bytes: consuming Bytes) {
        storage = bytes.storage
    }

    /// Before a move that ends the step `lease` both slots lend on: returns `true`, changing
    /// nothing, when they may stay registered across it — every sink on the lease is one of them
    /// and nobody else holds it; otherwise unregisters each one nobody else holds (as
    /// ``releaseIfUnshared()``) and returns `false`. One uniqueness check per slot either way.
    ///
    /// - warning: After `true`, the slots point at the record the move leaves: re-point them (or
    ///   ``releaseIfUnshared()`` them) before anything can expire the lease.
    @inlinable @inline(__always)
    static func parkOrRelease(_ key: inout LendingSlot, _ value: inout LendingSlot, on lease: Unmanaged<Lease>) -> Bool {
        let owner = lease.toOpaque()
        var parked = 0
        if key.storage != nil {
            guard isKnownUniquelyReferenced(&key.storage!) else {  // the key was kept
                value.releaseIfUnshared()
                return false
            }
            guard key.storage.unsafelyUnwrapped._lease?.toOpaque() == owner else {
                key.storage.unsafelyUnwrapped._unlinkIfRegistered()
                value.releaseIfUnshared()
                return false
            }
            parked = 1
        }
        if value.storage != nil {
            guard isKnownUniquelyReferenced(&value.storage!) else {  // the value was kept
                key.storage?._unlinkIfRegistered()
                return false
            }
            guard value.storage.unsafelyUnwrapped._lease?.toOpaque() == owner else {
                key.storage?._unlinkIfRegistered()
                value.storage.unsafelyUnwrapped._unlinkIfRegistered()
                return false
            }
            parked &+= 1
        }
        if lease._withUnsafeGuaranteedRef({ $0._liveSinks }) == parked { return true }
        key.storage?._unlinkIfRegistered()
        value.storage?._unlinkIfRegistered()
        return false
    }

    /// Unregisters the slot's storage if nobody else holds it, so that the coming expiry does
    /// not copy a value nobody kept. Call it before a move that ends a step lease.
    @inlinable
    mutating func releaseIfUnshared() {
        if storage != nil && isKnownUniquelyReferenced(&storage!) {
            storage.unsafelyUnwrapped._unlinkIfRegistered()
        }
    }
}
