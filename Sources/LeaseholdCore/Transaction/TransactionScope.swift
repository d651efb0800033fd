/// What the objects of one transaction share: whether it is open, its lender, its cursors, and
/// how many updates it has made. The core makes one per transaction; the user's transaction, its
/// cursors and iterators (and the wrappers of `AnyEngine` and namespaces) all point at it, so
/// "ended" is known in one place and checked before any primitive of the adapter runs.
@usableFromInline
final class TransactionScope {
    /// Whether the transaction is still open.
    @exclusivity(unchecked) @usableFromInline var isOpen = true
    /// The transaction's lease: point reads, and scans of engines that lend for the transaction.
    @usableFromInline let lender: Lender
    /// Whether updates happen in this transaction (cursors that lose their place then re-find it).
    @usableFromInline let isWrite: Bool
    /// Whether every update ends the lender's span first (``Capabilities/LeaseScope/untilNextUpdate``).
    @usableFromInline let expiresOnUpdate: Bool
    /// Bumped by every update, so cursors know to find their place again.
    @exclusivity(unchecked) @usableFromInline var updates = 0
    /// Cursors made in the transaction and not yet closed: the transaction closes them when it
    /// ends. A cursor nobody else holds is closed at the next sweep instead (its records' slots
    /// are gone by then, so nothing is copied for nothing).
    @exclusivity(unchecked) var cursors: [CursorHandle] = []
    @exclusivity(unchecked) var sweepAt = 4
    /// The first failure of a `for` loop over records (a `Sequence` cannot throw): the loop ends
    /// there and the transaction's frame throws it when the body returns (a write is not committed).
    @exclusivity(unchecked) @usableFromInline var deferredFailure: (any Error)?
    /// Lent memory is copied and poisoned at expiry (cursor step lenders take this too).
    let checked: Bool
    let statistics: LeaseStatistics

    init(statistics: LeaseStatistics, isWrite: Bool, capabilities: Capabilities) {
        self.statistics = statistics
        self.isWrite = isWrite
        checked = capabilities.poisonsExpiredMemory
        expiresOnUpdate = isWrite && capabilities.writeReads == .untilNextUpdate
        lender = Lender(statistics: statistics, checked: checked)
    }

    /// Throws ``LeaseholdError/transactionEnded`` once the transaction is over.
    @inlinable @inline(__always)
    func checkOpen() throws(LeaseholdError) {
        if _slowPath(!isOpen) { throw .transactionEnded }
    }

    /// Called before every update: ends the lease of what was lent if the engine says an update
    /// invalidates it, and tells cursors their places may have moved.
    @inlinable @inline(__always)
    func willUpdate() {
        if expiresOnUpdate { lender.expire() }
        updates &+= 1
    }

    /// Records `error` for the frame to throw, unless an earlier failure is waiting already.
    @usableFromInline
    func deferFailure(_ error: any Error) {
        if deferredFailure == nil { deferredFailure = error }
    }

    /// Throws the failure a `for` loop left behind, if any.
    func throwDeferredFailure() throws {
        if let failure = deferredFailure { throw failure }
    }

    /// Keeps `cursor` until it is closed or the transaction ends.
    func adopt(_ cursor: CursorHandle) {
        if cursors.count >= sweepAt {
            // Close the cursors only this list still holds: dropped by their users.
            var kept: [CursorHandle] = []
            for i in cursors.indices {
                if isKnownUniquelyReferenced(&cursors[i]) { cursors[i].close() } else { kept.append(cursors[i]) }
            }
            cursors = kept
            sweepAt = max(4, cursors.count * 2)
        }
        cursors.append(cursor)
    }

    /// Ends the transaction: no primitive runs from now on; every cursor closes (records kept
    /// from it copy themselves first), then the transaction's lease ends. Idempotent.
    func end() {
        guard isOpen else { return }
        isOpen = false
        let open = cursors
        cursors = []
        for cursor in open { cursor.close() }
        lender.end()
    }
}

/// A cursor the transaction closes when it ends.
@usableFromInline
class CursorHandle {
    /// Ends the cursor's own leases (kept records copy themselves) and releases the adapter's
    /// cursor. Idempotent.
    @usableFromInline func close() {}
}
