/// The core's cursor around an adapter's ``StoreCursor``: the rules every cursor shares, kept in
/// one place.
///
/// - Place: a new cursor stands before the first record; `next()` from there is `first()`,
///   `previous()` from past the last record is `last()`; a move off either end stays off it (the
///   adapter's `next()`/`previous()` run only from a record).
/// - Open: every move checks that the transaction is still open.
/// - Leases: records are lent on the transaction's lender, or on step lenders of the cursor's own
///   that end before every move (``CursorLending``); in checked mode the lenders copy and poison.
/// - Updates: a source that does not keep its place across updates gets it back by key.
/// - Closing: the transaction closes the cursor when it ends, or at a sweep once dropped.
@usableFromInline
final class ManagedCursor<Source: StoreCursor>: CursorHandle {
    @usableFromInline enum Place: UInt8 { case beforeFirst, at, afterLast, closed }

    @exclusivity(unchecked) @usableFromInline var source: Source
    @exclusivity(unchecked) @usableFromInline var place = Place.beforeFirst
    @usableFromInline let scope: TransactionScope
    /// Where keys and values are lent: the transaction's lender, or step/cursor lenders.
    @usableFromInline let keyLender: Lender
    @usableFromInline let valueLender: Lender
    /// Whether a move ends the key's (the value's) lender span.
    @usableFromInline let keyEndsOnMove: Bool
    @usableFromInline let valueEndsOnMove: Bool
    /// Whether to re-find the place by key after updates (a write transaction over a source that
    /// loses it).
    @usableFromInline let resyncs: Bool
    @exclusivity(unchecked) @usableFromInline var landedAtUpdate = 0
    @exclusivity(unchecked) var landedKey: [UInt8] = []
    /// The current record, as lent (in checked mode: the lender's copies).
    @exclusivity(unchecked) @usableFromInline var currentKey = UnsafeRawBufferPointer(start: nil, count: 0)
    @exclusivity(unchecked) @usableFromInline var currentValue = UnsafeRawBufferPointer(start: nil, count: 0)

    @usableFromInline
    init(_ source: Source, scope: TransactionScope) {
        self.source = source
        self.scope = scope
        switch source.lending {
        case .transaction:
            keyLender = scope.lender
            valueLender = scope.lender
            (keyEndsOnMove, valueEndsOnMove) = (false, false)
        case .step:
            keyLender = Lender(statistics: scope.statistics, checked: scope.checked)
            valueLender = keyLender
            (keyEndsOnMove, valueEndsOnMove) = (true, true)
        case .stepKeysCursorValues:
            keyLender = Lender(statistics: scope.statistics, checked: scope.checked)
            valueLender = Lender(statistics: scope.statistics, checked: scope.checked)
            (keyEndsOnMove, valueEndsOnMove) = (true, false)
        }
        resyncs = scope.isWrite && !source.keepsPlaceAcrossUpdates
        super.init()
        scope.adopt(self)
    }

    /// The lease keys are lent under (never replaced).
    @inlinable var keyLease: Lease { keyLender.lease }
    /// The lease values are lent under (never replaced).
    @inlinable var valueLease: Lease { valueLender.lease }

    // MARK: Moves

    @inlinable @inline(__always)
    func first() throws -> Bool { try jump(missing: .afterLast) { try $0.first() } }
    @inlinable @inline(__always)
    func last() throws -> Bool { try jump(missing: .beforeFirst) { try $0.last() } }
    @inlinable @inline(__always)
    func seek(_ key: UnsafeRawBufferPointer) throws -> Bool { try jump(missing: .afterLast) { try $0.seek(key) } }

    /// The range's first record in the walk's direction (see ``StoreCursor/seekStart(of:reverse:)``).
    @inlinable @inline(__always)
    func seekStart(of range: KeyRange, reverse: Bool) throws -> Bool {
        try jump(missing: reverse ? .beforeFirst : .afterLast) { try $0.seekStart(of: range, reverse: reverse) }
    }

    /// The last record whose key is `<= key`.
    @inlinable @inline(__always)
    func seek(atOrBefore key: UnsafeRawBufferPointer) throws -> Bool {
        try jump(missing: .beforeFirst) { try $0.seek(atOrBefore: key) }
    }

    /// The scan loop's step: from a record, with nothing to re-find, one call of the source.
    @inlinable @inline(__always)
    func next() throws -> Bool {
        if _fastPath(place == .at && scope.isOpen && !resyncs) {
            endSpans(.next)
            if _fastPath(try source.next()) { return land() }
            return settle(.afterLast)
        }
        return try step(forward: true)
    }

    @inlinable @inline(__always)
    func previous() throws -> Bool {
        if _fastPath(place == .at && scope.isOpen && !resyncs) {
            endSpans(.previous)
            if _fastPath(try source.previous()) { return land() }
            return settle(.beforeFirst)
        }
        return try step(forward: false)
    }

    /// A first/last/seek: ends the spans, runs `move`, lands, or settles off the end it missed.
    @inlinable @inline(__always)
    func jump(missing: Place, _ move: (inout Source) throws -> Bool) throws -> Bool {
        try checkMovable()
        endSpans(.jump)
        return try move(&source) ? land() : settle(missing)
    }

    /// `next()`/`previous()` from anywhere but a record, on an ended transaction, or after
    /// updates that may have moved the record.
    @usableFromInline
    func step(forward: Bool) throws -> Bool {
        try checkMovable()
        switch place {
        case .beforeFirst: return forward ? try first() : false
        case .afterLast: return forward ? false : try last()
        case .closed: throw LeaseholdError.transactionEnded
        case .at: break
        }
        if resyncs && landedAtUpdate != scope.updates {
            // The source's position may have shifted: find the record again by key.
            endSpans(.jump)
            let target = landedKey
            let found = try target.withUnsafeBytes { try source.seek($0) }
            if forward {
                guard found else { return settle(.afterLast) }
                let exact = target.withUnsafeBytes { Bytes.compare(source.key, $0) == 0 }
                if !exact { return land() }  // the record is gone: its successor is next
                return try source.next() ? land() : settle(.afterLast)
            }
            let moved = found ? try source.previous() : try source.last()
            return moved ? land() : settle(.beforeFirst)
        }
        endSpans(forward ? .next : .previous)
        let moved = forward ? try source.next() : try source.previous()
        return moved ? land() : settle(forward ? .afterLast : .beforeFirst)
    }

    @inlinable @inline(__always)
    func checkMovable() throws {
        if _slowPath(!scope.isOpen || place == .closed) { throw LeaseholdError.transactionEnded }
    }

    /// Ends the step spans before a move (unless the source says the move keeps its memory).
    @inlinable @inline(__always)
    func endSpans(_ move: CursorMove) {
        if keyEndsOnMove && !source.moveKeepsMemory(move) {
            keyLender.expireIfLent()
            if valueEndsOnMove && valueLender !== keyLender { valueLender.expireIfLent() }
        }
    }

    /// Stands on the source's record: lends it (in checked mode, copies) and remembers it.
    @inlinable @inline(__always)
    func land() -> Bool {
        place = .at
        currentKey = keyLender.lent(source.key)
        currentValue = valueLender.lent(source.value)
        if _slowPath(resyncs) { remember() }
        return true
    }

    @usableFromInline
    func remember() {
        landedAtUpdate = scope.updates
        landedKey = Array(source.key)
    }

    @inlinable @inline(__always)
    func settle(_ where: Place) -> Bool {
        place = `where`
        clearCurrent()
        return false
    }

    @inlinable @inline(__always)
    func clearCurrent() {
        currentKey = UnsafeRawBufferPointer(start: nil, count: 0)
        currentValue = currentKey
    }

    @usableFromInline override func close() {
        guard place != .closed else { return }
        place = .closed
        clearCurrent()
        if keyLender !== scope.lender { keyLender.end() }
        if valueLender !== keyLender && valueLender !== scope.lender { valueLender.end() }
        source.close()
    }

    deinit { close() }
}
