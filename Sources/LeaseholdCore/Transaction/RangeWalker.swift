/// Drives a cursor through a ``KeyRange``, forwards or in reverse, up to a limit, and lends each
/// record through reusable slots: the loop under `scan`, `scanSpans`, `records()` and `count`.
///
/// It steps with `ManagedCursor/nextFromRecord()`: its owner checks that the transaction is
/// open (`scan`, `scanSpans` and `count` run inside it; ``RecordIterator`` checks at each step).
/// Bounds map onto moves in one place (``StoreCursor/seekStart(of:reverse:)``). Before each move
/// that ends a step lease it releases the slots nobody kept, so values the caller dropped are
/// never copied.
@usableFromInline
struct RangeWalker<Source: StoreCursor> {
    @usableFromInline let cursor: ManagedCursor<Source>
    @usableFromInline let range: KeyRange
    @usableFromInline let reverse: Bool
    /// Records still allowed by the limit; 0 once the walk is over.
    @usableFromInline var remaining: Int
    @usableFromInline var started = false
    /// The bound the walk ends at (the upper one going forward, the lower one in reverse), taken
    /// out of `range` once so that each step tests one optional.
    @usableFromInline let end: [UInt8]?
    /// Whether `end` itself is in the range.
    @usableFromInline let endIncluded: Bool
    /// The cursor's leases, held unretained: the cursor keeps them alive and never replaces them.
    @usableFromInline let keyLease: Unmanaged<Lease>
    @usableFromInline let valueLease: Unmanaged<Lease>
    @usableFromInline var keySlot = LendingSlot()
    @usableFromInline var valueSlot = LendingSlot()
    /// The cursor's checked mode, held here so the loop keeps it in a register.
    @usableFromInline let checked: Bool

    /// A walk over `range` that stops after `limit` records.
    @usableFromInline
    init(cursor: ManagedCursor<Source>, range: KeyRange, reverse: Bool, limit: Int?) throws {
        if let limit, limit < 0 { throw LeaseholdError.invalidArgument("negative limit \(limit)") }
        self.cursor = cursor
        self.range = range
        self.reverse = reverse
        self.remaining = limit ?? .max
        switch reverse ? range.lower : range.upper {
        case .unbounded: (end, endIncluded) = (nil, false)
        case .inclusive(let b): (end, endIncluded) = (b, true)
        case .exclusive(let b): (end, endIncluded) = (b, false)
        }
        keyLease = Unmanaged.passUnretained(cursor.keyLease)
        valueLease = Unmanaged.passUnretained(cursor.valueLease)
        checked = cursor.checked
    }

    /// The current record's key, as lent. `checked` is ``checked``, held by the walker so
    /// that the loop keeps it in a register.
    @inlinable @inline(__always)
    func currentKey(checked: Bool) -> UnsafeRawBufferPointer { cursor.currentKey(checked: checked) }
    /// The current record's value, as lent.
    @inlinable @inline(__always)
    func currentValue(checked: Bool) -> UnsafeRawBufferPointer { cursor.currentValue(checked: checked) }



    /// Moves to the next record of the walk. Returns `false` when the walk is over.
    @inlinable @inline(__always)
    mutating func advance() throws -> Bool { try advance(checked: checked) }

    /// ``advance()`` with the cursor's checked mode given.
    ///
    /// On a step lease (LevelDB, RocksDB) whose only sinks are the walker's own slots, nobody
    /// else holding them, the step ends nothing: the slots stay registered across the move (no
    /// unregister, no expiry) and the next lend re-points them on the same lease. Until then they
    /// point at the record the move left, so every way out of the move but landing in the range
    /// unlinks them before anything can expire the lease.
    @inlinable @inline(__always)
    mutating func advance(checked: Bool) throws -> Bool {
        if remaining == 0 { return false }
        let positioned: Bool
        if _fastPath(started) {
            if !checked && parksSlots {
                if !LendingSlot.parkOrRelease(&keySlot, &valueSlot, on: keyLease) {
                    positioned = reverse ? try cursor.previousFromRecord(checked: false)
                                         : try cursor.nextFromRecord(checked: false)
                    guard positioned, !isPastEnd(currentKey(checked: false)) else {
                        remaining = 0
                        return false
                    }
                    remaining &-= 1
                    return true
                }
                do {
                    positioned = reverse ? try cursor.previousFromRecord(checked: false, ending: false)
                                         : try cursor.nextFromRecord(checked: false, ending: false)
                } catch {
                    unparkSlots()
                    throw error
                }
                guard positioned, !isPastEnd(currentKey(checked: false)) else {
                    unparkSlots()
                    remaining = 0
                    return false
                }
                remaining &-= 1
                return true
            }
            if cursor.endsKeysOnMove { keySlot.releaseIfUnshared() }
            if cursor.endsValuesOnMove { valueSlot.releaseIfUnshared() }
            positioned = reverse ? try cursor.previousFromRecord(checked: checked) : try cursor.nextFromRecord(checked: checked)
        } else {
            started = true
            if cursor.endsKeysOnMove { keySlot.releaseIfUnshared() }
            if cursor.endsValuesOnMove { valueSlot.releaseIfUnshared() }
            positioned = try cursor.seekStart(of: range, reverse: reverse)
        }
        guard positioned, !isPastEnd(currentKey(checked: checked)) else {
            remaining = 0
            return false
        }
        remaining &-= 1
        return true
    }

    /// Whether a move may leave the slots registered and end nothing (when nobody else holds
    /// them): keys and values share one step lease. (A move that must first find its record again
    /// by key ends the spans itself.)
    @inlinable @inline(__always)
    var parksSlots: Bool {
        cursor.endsKeysOnMove && cursor.endsValuesOnMove && keyLease.toOpaque() == valueLease.toOpaque()
            && !cursor.mustResync
    }

    /// Unlinks slots left registered across a move that did not land in the range (their
    /// record is gone).
    @inlinable
    mutating func unparkSlots() {
        keySlot.releaseIfUnshared()
        valueSlot.releaseIfUnshared()
    }

    /// Ends a walk its owner is done with: lets go of the slots nobody kept (so they are not
    /// copied), then closes the cursor (its step leases end, the engine's iterator is released
    /// now rather than when the transaction ends).
    @inlinable
    mutating func finish() {
        keySlot.releaseIfUnshared()
        valueSlot.releaseIfUnshared()
        cursor.close()
    }

    /// Whether `key` lies beyond the end bound of the walk.
    @inlinable @inline(__always)
    func isPastEnd(_ key: UnsafeRawBufferPointer) -> Bool {
        guard let end else { return false }
        let order = end.withUnsafeBytes { Bytes.compare(key, $0) }
        if order == 0 { return !endIncluded }
        return reverse ? order < 0 : order > 0
    }

    /// The current record's key, lent as `Bytes` (reusing the slot if the last one was dropped).
    @inlinable @inline(__always)
    mutating func lendKey(checked: Bool) -> Bytes {
        keyLease._withUnsafeGuaranteedRef { keySlot.lend(currentKey(checked: checked), on: $0) }
    }

    /// The current record's value, lent as `Bytes`.
    @inlinable @inline(__always)
    mutating func lendValue(checked: Bool) -> Bytes {
        valueLease._withUnsafeGuaranteedRef { valueSlot.lend(currentValue(checked: checked), on: $0) }
    }

    /// Calls `body` with the current record, lent without any reference counting; the slots get
    /// their storage back afterwards (the hot-loop path of `scan`).
    @inlinable @inline(__always)
    mutating func withCurrentRecord(checked: Bool, _ body: (Bytes, Bytes) throws -> Void) rethrows {
        let key = keyLease._withUnsafeGuaranteedRef { keySlot.lendMoving(currentKey(checked: checked), on: $0) }
        let value = valueLease._withUnsafeGuaranteedRef { valueSlot.lendMoving(currentValue(checked: checked), on: $0) }
        defer {
            keySlot.reclaim(key)
            valueSlot.reclaim(value)
        }
        try body(key, value)
    }
}
