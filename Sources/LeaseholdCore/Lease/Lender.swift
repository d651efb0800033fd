/// A lease and the way memory is lent under it: what an adapter lends a transaction's (or a
/// cursor's) records through.
///
/// The core makes one per transaction — handed to the adapter's `beginRead`/`beginWrite`, ended
/// when the transaction ends and, where ``Capabilities/writeReads`` says so, before every update
/// — and one per cursor whose records live one step. Adapters lend through it and never end it.
///
/// In checked mode (``Capabilities/poisonsExpiredMemory``) every buffer lent is first copied to
/// memory of the lender's own, which is overwritten with `0xDD` and freed the moment the lease
/// ends: a pointer kept past its lease reads garbage (or faults under AddressSanitizer) instead
/// of stale data that happens to look right.
///
/// - warning: Not `Sendable`: a lender, its lease and the values lent belong to one transaction.
public final class Lender {
    /// The lease everything lent here is registered on.
    public let lease: Lease
    /// Whether lent memory is copied, then poisoned and freed when the lease ends.
    public let checked: Bool
    /// The sink of the last point read, re-pointed at the next one if nobody kept it: a `get`
    /// whose value is dropped allocates nothing.
    @exclusivity(unchecked) @usableFromInline var slot = LendingSlot()
    /// Checked-mode copies, poisoned and freed when the lease ends.
    @exclusivity(unchecked) var blocks: [UnsafeMutableRawBufferPointer] = []

    /// A lender over a new lease that publishes its counters to `statistics`.
    @_spi(Adapter)
    public init(statistics: LeaseStatistics?, checked: Bool) {
        lease = Lease(statistics: statistics)
        self.checked = checked
    }

    deinit { end() }

    /// Memory valid until the lease ends: `buffer` itself, or in checked mode a copy.
    ///
    /// - warning: `buffer` must stay valid until the lease ends (in checked mode: until this
    ///   returns).
    @_spi(Adapter) @inlinable @inline(__always)
    public func lend(_ buffer: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer { lent(buffer) }

    /// ``lend(_:)``, for the core's inlinable code.
    @usableFromInline @inline(__always)
    func lent(_ buffer: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        if _slowPath(checked) { return checkedCopy(buffer) }
        return buffer
    }

    /// A point read's value as ``Bytes`` on the lease, through a reused sink.
    ///
    /// - warning: `buffer` must stay valid until the lease ends.
    @_spi(Adapter) @inlinable
    public func lendBytes(_ buffer: UnsafeRawBufferPointer) -> Bytes {
        slot.lend(lent(buffer), on: lease)
    }

    @usableFromInline @inline(never)
    func checkedCopy(_ buffer: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(buffer.count, 1), alignment: 8)
        if !buffer.isEmpty { copy.copyMemory(from: buffer) }
        blocks.append(copy)
        return UnsafeRawBufferPointer(rebasing: copy[..<buffer.count])
    }

    /// Ends the current span: the point-read sink nobody holds is let go (not copied), every
    /// other live sink copies itself, then checked memory is poisoned and freed. The lender is
    /// ready for the next span.
    public func expire() {
        slot.releaseIfUnshared()
        lease.expire()
        poison()
    }

    /// Ends the span if anything was lent in it: a load and a branch when nothing was (the usual
    /// case for a step whose record nobody kept).
    @inlinable @inline(__always)
    public func expireIfLent() {
        if _slowPath(checked) { expire() } else { lease.expireIfOccupied() }
    }

    /// Ends the lease for good and publishes its counters. Idempotent.
    public func end() {
        slot.releaseIfUnshared()
        lease.end()
        poison()
    }

    private func poison() {
        guard !blocks.isEmpty else { return }
        for block in blocks {
            block.initializeMemory(as: UInt8.self, repeating: 0xDD)
            block.deallocate()
        }
        blocks.removeAll(keepingCapacity: true)
    }
}
