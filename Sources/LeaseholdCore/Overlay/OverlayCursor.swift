/// A cursor over a write transaction's view: the store's records (a base cursor on the snapshot)
/// merged in key order with the transaction's pending writes (a ``WriteOverlay``).
///
/// A key the transaction wrote hides the store's record of the same key; deleted keys (one by
/// one or by range) are skipped. Both directions work, and a direction change finds its place
/// again by key, as does the first move after the transaction changed the overlay.
///
/// It lends as the base cursor does (its ``StoreCursor/lending``): with a step-lease base
/// (LevelDB, RocksDB) a record is borrowed until the cursor moves, whichever side it came from
/// (overlay memory would last longer; treating it alike keeps one rule).
public struct OverlayCursor<Base: StoreCursor>: StoreCursor {
    var base: Base
    let overlay: WriteOverlay

    private enum Source { case none, base, overlay }
    private enum Direction { case forward, backward }

    private var source = Source.none
    private var direction = Direction.forward
    /// Whether `base` stands on a record.
    private var baseValid = false
    /// The overlay side's position in `sorted` (may be -1 or `sorted.count`).
    private var position = 0
    private var sorted: [Int] = []
    private var layoutVersion = -1

    /// A merged cursor over `base` (a cursor of the snapshot) and `overlay`.
    public init(base: Base, overlay: WriteOverlay) {
        self.base = base
        self.overlay = overlay
    }

    /// As the base cursor lends.
    public var lending: CursorLending { base.lending }

    /// As the base cursor, while nothing is written and the move goes on in the same direction:
    /// then the move is one move of the base (a step inside an etcd page keeps the page).
    public func moveKeepsMemory(_ move: CursorMove) -> Bool {
        guard overlay.isEmpty, source == .base else { return false }
        switch move {
        case .jump: return false
        case .next: return direction == .forward && base.moveKeepsMemory(move)
        case .previous: return direction == .backward && base.moveKeepsMemory(move)
        }
    }
    /// Releases the base cursor.
    public mutating func close() { base.close() }

    /// The current key, from the store or the transaction's writes.
    ///
    /// - warning: Borrowed until the cursor moves (or the base lease ends).
    public var key: UnsafeRawBufferPointer {
        switch source {
        case .base: return base.key
        case .overlay: return overlay.entries[sorted[position]].key
        case .none: return UnsafeRawBufferPointer(start: nil, count: 0)
        }
    }

    /// The current value, from the store or the transaction's writes.
    ///
    /// - warning: Borrowed until the cursor moves (or the base lease ends).
    public var value: UnsafeRawBufferPointer {
        switch source {
        case .base: return base.value
        case .overlay: return overlay.entries[sorted[position]].value ?? UnsafeRawBufferPointer(start: nil, count: 0)
        case .none: return UnsafeRawBufferPointer(start: nil, count: 0)
        }
    }

    public mutating func first() throws -> Bool {
        _ = refreshLayout()
        baseValid = try base.first()
        position = 0
        direction = .forward
        return try settleForward()
    }

    public mutating func last() throws -> Bool {
        _ = refreshLayout()
        baseValid = try base.last()
        position = sorted.count - 1
        direction = .backward
        return try settleBackward()
    }

    public mutating func seek(_ target: UnsafeRawBufferPointer) throws -> Bool {
        _ = refreshLayout()
        position = lowerBound(target)
        baseValid = try base.seek(target)
        direction = .forward
        return try settleForward()
    }

    public mutating func next() throws -> Bool {
        // The current key stays readable until the base moves: overlay memory never moves, and
        // the base has not moved since it landed. Take it before the overlay's order changes.
        let current = key
        let changed = refreshLayout()
        if direction == .backward {
            // Both sides stand at or below the current key: put them just above it.
            let key = Array(current)
            try key.withUnsafeBytes { k in
                baseValid = try base.seek(k)
                if baseValid && Bytes.compare(base.key, k) == 0 { baseValid = try base.next() }
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

    public mutating func previous() throws -> Bool {
        let current = key
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
    private mutating func settleForward() throws -> Bool {
        while true {
            let written = position < sorted.count ? overlay.entries[sorted[position]] : nil
            if let written, !baseValid || Bytes.compare(written.key, base.key) <= 0 {
                if baseValid && Bytes.compare(written.key, base.key) == 0 { baseValid = try base.next() }
                if written.value == nil {
                    position += 1
                    continue
                }
                return land(.overlay)
            }
            guard baseValid else { return land(.none) }
            if overlay.isDeletedByRange(base.key) {
                baseValid = try base.next()
                continue
            }
            return land(.base)
        }
    }

    /// Moving backward, both sides stand at their last key below the last one returned: return
    /// the larger, skipping what the transaction deleted or wrote over.
    private mutating func settleBackward() throws -> Bool {
        while true {
            let written = position >= 0 && position < sorted.count ? overlay.entries[sorted[position]] : nil
            if let written, !baseValid || Bytes.compare(written.key, base.key) >= 0 {
                if baseValid && Bytes.compare(written.key, base.key) == 0 { baseValid = try base.previous() }
                if written.value == nil {
                    position -= 1
                    continue
                }
                return land(.overlay)
            }
            guard baseValid else { return land(.none) }
            if overlay.isDeletedByRange(base.key) {
                baseValid = try base.previous()
                continue
            }
            return land(.base)
        }
    }

    private mutating func land(_ from: Source) -> Bool {
        source = from
        return from != .none
    }

    /// Takes the overlay's order again if it changed; returns whether it did.
    private mutating func refreshLayout() -> Bool {
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
