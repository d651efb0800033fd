/// A cursor over a write transaction's view: the store's records (a base cursor on the snapshot)
/// merged in key order with the transaction's pending writes (a ``WriteOverlay``).
///
/// A key the transaction wrote hides the store's record of the same key; deleted keys (one by
/// one or by range) are skipped. Both directions work, and a direction change finds its place
/// again by key, as does the first move after the transaction changed the overlay.
///
/// It lends under the base cursor's leases: with a step-lease base (LevelDB, RocksDB) a record
/// is borrowed until the cursor moves, whichever side it came from (overlay memory would last
/// longer; treating it alike keeps one rule).
public final class OverlayCursor<Base: EngineCursor>: EngineCursor {
    let base: Base
    let overlay: WriteOverlay

    private enum Source { case none, base, overlay }
    private enum Direction { case forward, backward }
    private enum Place { case beforeFirst, at, afterLast }

    private var source = Source.none
    private var direction = Direction.forward
    private var place = Place.beforeFirst
    /// Whether `base` stands on a record.
    private var baseValid = false
    /// The overlay side's position in `sorted` (may be -1 or `sorted.count`).
    private var position = 0
    private var sorted: [Int] = []
    private var layoutVersion = -1

    init(base: Base, overlay: WriteOverlay) {
        self.base = base
        self.overlay = overlay
    }

    /// The base cursor's lease.
    public var lease: Lease { base.lease }
    /// Whether a move ends ``lease``: as the base cursor.
    public var leaseEndsOnMove: Bool { base.leaseEndsOnMove }
    /// The base cursor's value lease.
    public var valueLease: Lease { base.valueLease }
    /// Whether a move ends ``valueLease``: as the base cursor.
    public var valueLeaseEndsOnMove: Bool { base.valueLeaseEndsOnMove }

    /// The current key, from the store or the transaction's writes.
    ///
    /// - warning: Borrowed until the cursor moves (or the base lease ends).
    public var currentKey: UnsafeRawBufferPointer {
        switch source {
        case .base: return base.currentKey
        case .overlay: return overlay.entries[sorted[position]].key
        case .none: return UnsafeRawBufferPointer(start: nil, count: 0)
        }
    }

    /// The current value, from the store or the transaction's writes.
    ///
    /// - warning: Borrowed until the cursor moves (or the base lease ends).
    public var currentValue: UnsafeRawBufferPointer {
        switch source {
        case .base: return base.currentValue
        case .overlay: return overlay.entries[sorted[position]].value ?? UnsafeRawBufferPointer(start: nil, count: 0)
        case .none: return UnsafeRawBufferPointer(start: nil, count: 0)
        }
    }

    public func first() throws -> Bool {
        try begin()
        baseValid = try base.first()
        position = 0
        direction = .forward
        return try settleForward()
    }

    public func last() throws -> Bool {
        try begin()
        baseValid = try base.last()
        position = sorted.count - 1
        direction = .backward
        return try settleBackward()
    }

    public func seek(_ key: UnsafeRawBufferPointer) throws -> Bool {
        try begin()
        baseValid = try base.seek(key)
        position = lowerBound(key)
        direction = .forward
        return try settleForward()
    }

    public func next() throws -> Bool {
        try checkOpen()
        switch place {
        case .beforeFirst: return try first()
        case .afterLast: return false
        case .at: break
        }
        // The current key stays readable until the base moves: overlay memory never moves, and
        // the base has not moved since it landed. Take it before the overlay's order changes.
        let current = currentKey
        let changed = refreshLayout()
        if direction == .backward {
            // Both sides stand at or below the current key: put them just above it.
            let key = Array(current)
            try key.withUnsafeBytes { k in
                baseValid = try base.seek(k)
                if baseValid && Bytes.compare(base.currentKey, k) == 0 { baseValid = try base.next() }
                position = upperBound(k)
            }
            direction = .forward
            return try settleForward()
        }
        if changed {
            // The overlay changed under us: find the first written key above the current one.
            position = upperBound(current)
        } else if source == .overlay {
            position += 1
        }
        if source == .base { baseValid = try base.next() }
        return try settleForward()
    }

    public func previous() throws -> Bool {
        try checkOpen()
        switch place {
        case .afterLast: return try last()
        case .beforeFirst: return false
        case .at: break
        }
        let current = currentKey
        let changed = refreshLayout()
        if direction == .forward {
            // Both sides stand at or above the current key: put them just below it.
            let key = Array(current)
            try key.withUnsafeBytes { k in
                baseValid = try base.seek(k) ? try base.previous() : try base.last()
                position = lowerBound(k) - 1
            }
            direction = .backward
            return try settleBackward()
        }
        if changed {
            position = lowerBound(current) - 1
        } else if source == .overlay {
            position -= 1
        }
        if source == .base { baseValid = try base.previous() }
        return try settleBackward()
    }

    /// Moving forward, both sides stand at their first key above the last one returned: return
    /// the smaller, skipping what the transaction deleted or wrote over.
    private func settleForward() throws -> Bool {
        while true {
            let written = position < sorted.count ? overlay.entries[sorted[position]] : nil
            if let written, !baseValid || Bytes.compare(written.key, base.currentKey) <= 0 {
                if baseValid && Bytes.compare(written.key, base.currentKey) == 0 { baseValid = try base.next() }
                if written.value == nil {
                    position += 1
                    continue
                }
                return land(.overlay)
            }
            guard baseValid else { return land(.none) }
            if overlay.isDeletedByRange(base.currentKey) {
                baseValid = try base.next()
                continue
            }
            return land(.base)
        }
    }

    /// Moving backward, both sides stand at their last key below the last one returned: return
    /// the larger, skipping what the transaction deleted or wrote over.
    private func settleBackward() throws -> Bool {
        while true {
            let written = position >= 0 && position < sorted.count ? overlay.entries[sorted[position]] : nil
            if let written, !baseValid || Bytes.compare(written.key, base.currentKey) >= 0 {
                if baseValid && Bytes.compare(written.key, base.currentKey) == 0 { baseValid = try base.previous() }
                if written.value == nil {
                    position -= 1
                    continue
                }
                return land(.overlay)
            }
            guard baseValid else { return land(.none) }
            if overlay.isDeletedByRange(base.currentKey) {
                baseValid = try base.previous()
                continue
            }
            return land(.base)
        }
    }

    private func land(_ from: Source) -> Bool {
        source = from
        if from == .none {
            place = direction == .forward ? .afterLast : .beforeFirst
            return false
        }
        place = .at
        return true
    }

    /// Checks the transaction is open and takes the overlay's current order.
    private func begin() throws {
        try checkOpen()
        _ = refreshLayout()
    }

    private func checkOpen() throws {
        guard overlay.isOpen else { throw LeaseholdError.transactionEnded }
    }

    /// Takes the overlay's order again if it changed; returns whether it did.
    private func refreshLayout() -> Bool {
        guard layoutVersion != overlay.layoutVersion else { return false }
        sorted = overlay.sortedEntries()
        layoutVersion = overlay.layoutVersion
        return true
    }

    /// The position of the first written key `>= key`.
    private func lowerBound(_ key: UnsafeRawBufferPointer) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if Bytes.compare(overlay.entries[sorted[mid]].key, key) < 0 { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The position of the first written key `> key`.
    private func upperBound(_ key: UnsafeRawBufferPointer) -> Int {
        let i = lowerBound(key)
        return i < sorted.count && Bytes.compare(overlay.entries[sorted[i]].key, key) == 0 ? i + 1 : i
    }
}
