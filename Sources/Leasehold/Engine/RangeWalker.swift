/// Drives an adapter's raw cursor through a ``KeyRange``, forwards or in reverse, up to a limit,
/// and lends each record through reusable slots.
///
/// This is the one place that knows how bounds map onto `seek`/`first`/`last`/`next`/`previous`,
/// so every adapter scans the same way. Before each move that ends a step lease it releases the
/// slots nobody kept, so values the caller dropped are never copied.
public struct RangeWalker<Cursor: EngineCursor> {
    /// The raw cursor being driven.
    public let cursor: Cursor
    /// The keys visited.
    public let range: KeyRange
    /// Whether the walk goes from high keys to low.
    public let reverse: Bool
    /// Records still allowed by the limit; 0 once the walk is over.
    @usableFromInline var remaining: Int
    @usableFromInline var started = false
    /// The bound the walk ends at (the upper one going forward, the lower one in reverse), taken
    /// out of `range` once so that each step tests one optional.
    @usableFromInline let end: [UInt8]?
    /// Whether `end` itself is in the range.
    @usableFromInline let endIncluded: Bool
    /// The cursor's lease, held unretained: the cursor keeps it alive and never replaces it.
    @usableFromInline let lease: Unmanaged<Lease>
    /// The cursor's value lease (usually the same object), held the same way.
    @usableFromInline let valueLease: Unmanaged<Lease>
    @usableFromInline var keySlot = LendingSlot()
    @usableFromInline var valueSlot = LendingSlot()

    /// A walk over `range` that stops after `limit` records.
    public init(cursor: Cursor, range: KeyRange, reverse: Bool, limit: Int?) throws {
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
        self.lease = Unmanaged.passUnretained(cursor.lease)
        self.valueLease = Unmanaged.passUnretained(cursor.valueLease)
    }

    /// Moves to the next record of the walk. Returns `false` when the walk is over.
    @inlinable @inline(__always)
    public mutating func advance() throws -> Bool {
        if remaining == 0 { return false }
        if cursor.leaseEndsOnMove { keySlot.releaseIfUnshared() }
        if cursor.valueLeaseEndsOnMove { valueSlot.releaseIfUnshared() }
        let positioned: Bool
        if _fastPath(started) {
            positioned = reverse ? try cursor.previous() : try cursor.next()
        } else {
            started = true
            positioned = try positionAtStart()
        }
        guard positioned, !isPastEnd(cursor.currentKey) else {
            remaining = 0
            return false
        }
        remaining &-= 1
        return true
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
    public mutating func lendKey() -> Bytes {
        lease._withUnsafeGuaranteedRef { keySlot.lend(cursor.currentKey, on: $0) }
    }

    /// The current record's value, lent as `Bytes`.
    @inlinable @inline(__always)
    public mutating func lendValue() -> Bytes {
        valueLease._withUnsafeGuaranteedRef { valueSlot.lend(cursor.currentValue, on: $0) }
    }

    /// Calls `body` with the current record, lent without any reference counting; the slots get
    /// their storage back afterwards (the hot-loop path of `scan`).
    @inlinable @inline(__always)
    public mutating func withCurrentRecord(_ body: (Bytes, Bytes) throws -> Void) rethrows {
        let key = lease._withUnsafeGuaranteedRef { keySlot.lendMoving(cursor.currentKey, on: $0) }
        let value = valueLease._withUnsafeGuaranteedRef { valueSlot.lendMoving(cursor.currentValue, on: $0) }
        defer {
            keySlot.reclaim(key)
            valueSlot.reclaim(value)
        }
        try body(key, value)
    }

    @usableFromInline
    func positionAtStart() throws -> Bool {
        if !reverse {
            switch range.lower {
            case .unbounded:
                return try cursor.first()
            case .inclusive(let b):
                return try b.withUnsafeBytes { try cursor.seek($0) }
            case .exclusive(let b):
                return try b.withUnsafeBytes { target in
                    guard try cursor.seek(target) else { return false }
                    return Bytes.compare(cursor.currentKey, target) == 0 ? try cursor.next() : true
                }
            }
        }
        switch range.upper {
        case .unbounded:
            return try cursor.last()
        case .inclusive(let b):
            return try b.withUnsafeBytes { target in
                guard try cursor.seek(target) else { return try cursor.last() }
                return Bytes.compare(cursor.currentKey, target) > 0 ? try cursor.previous() : true
            }
        case .exclusive(let b):
            return try b.withUnsafeBytes { target in
                try cursor.seek(target) ? try cursor.previous() : try cursor.last()
            }
        }
    }
}
