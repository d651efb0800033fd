/// The core's cursor around an adapter's ``StoreCursor``: the rules every cursor shares, kept in
/// one place.
///
/// - Place: a new cursor stands before the first record; `next()` from there is `first()`,
///   `previous()` from past the last record is `last()`; a move off either end stays off it (the
///   adapter's `next()`/`previous()` run only from a record).
/// - Open: every move of a cursor that may escape its transaction checks that it is still open
///   (the walkers of `scan`, `scanSpans` and `count` run inside it and step with
///   ``nextFromRecord()``).
/// - Leases: records are lent on the transaction's lender, or on step lenders of the cursor's own
///   that end before every move (``CursorLending``); in checked mode the lenders copy and poison.
/// - Updates: a source that does not keep its place across updates gets it back by key.
/// - Closing: the transaction closes the cursor when it ends, or at a sweep once dropped.
///
/// The hot path is a few loads and branches around the source's own move: what depends on the
/// source's type (transaction lending, keeping its place) is asked of it in a form the compiler
/// folds away when the source says so with a constant (LMDB).
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
    /// Whether lent memory is copied (checked mode): the current record is then the copies.
    @usableFromInline let checked: Bool
    @exclusivity(unchecked) @usableFromInline var landedAtUpdate = 0
    @exclusivity(unchecked) var landedKey: [UInt8] = []
    /// Checked mode: the lender's copies of the current record.
    @exclusivity(unchecked) @usableFromInline var checkedKey = UnsafeRawBufferPointer(start: nil, count: 0)
    @exclusivity(unchecked) @usableFromInline var checkedValue = UnsafeRawBufferPointer(start: nil, count: 0)

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
        checked = scope.checked
        super.init()
        scope.adopt(self)
    }

    /// The lease keys are lent under (never replaced).
    @inlinable var keyLease: Lease { keyLender.lease }
    /// The lease values are lent under (never replaced).
    @inlinable var valueLease: Lease { valueLender.lease }

    /// Whether records are lent for the transaction (a constant for most sources).
    @inlinable @inline(__always)
    var lendsForTransaction: Bool {
        if case .transaction = source.lending { return true }
        return false
    }

    /// Whether a move may end the key's lease (the walkers let go of their slots first).
    @inlinable @inline(__always)
    var endsKeysOnMove: Bool { !lendsForTransaction && keyEndsOnMove }
    /// Whether a move may end the value's lease.
    @inlinable @inline(__always)
    var endsValuesOnMove: Bool { !lendsForTransaction && valueEndsOnMove }

    /// The current record's key, as lent (in checked mode: the lender's copy). Read it only
    /// while the cursor stands on a record.
    @inlinable @inline(__always)
    var currentKey: UnsafeRawBufferPointer { currentKey(checked: _slowPath(checked)) }

    /// The current record's value, as lent.
    @inlinable @inline(__always)
    var currentValue: UnsafeRawBufferPointer { currentValue(checked: _slowPath(checked)) }

    /// ``currentKey`` for a walker that holds ``checked`` in a local.
    @inlinable @inline(__always)
    func currentKey(checked: Bool) -> UnsafeRawBufferPointer { checked ? checkedKey : source.key }
    /// ``currentValue`` for a walker that holds ``checked`` in a local.
    @inlinable @inline(__always)
    func currentValue(checked: Bool) -> UnsafeRawBufferPointer { checked ? checkedValue : source.value }

    /// Whether updates since the cursor landed may have moved its record.
    @inlinable @inline(__always)
    var mustResync: Bool { !source.keepsPlaceAcrossUpdates && resyncs && landedAtUpdate != scope.updates }

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

    /// `next()` of a cursor that may have escaped its transaction or stand off an end.
    @inlinable @inline(__always)
    func next() throws -> Bool {
        if _fastPath(place == .at && scope.isOpen) { return try nextFromRecord(checked: checked) }
        return try step(forward: true)
    }

    @inlinable @inline(__always)
    func previous() throws -> Bool {
        if _fastPath(place == .at && scope.isOpen) { return try previousFromRecord(checked: checked) }
        return try step(forward: false)
    }

    /// The scan loop's step: the cursor stands on a record of an open transaction (the walker
    /// knows), so one call of the source, unless updates moved the record.
    ///
    /// `checked` is the cursor's own ``checked``, passed by a walker that keeps it in a local so
    /// that the loop does not reload it after every call into the engine.
    ///
    /// `ending: false` skips ending the step spans: for a walker whose only sinks on the step
    /// lease are its own slots, which nobody else holds and which it re-points (or unlinks)
    /// before anything can read them.
    @inlinable @inline(__always)
    func nextFromRecord(checked: Bool, ending: Bool = true) throws -> Bool {
        if _slowPath(mustResync) { return try step(forward: true) }
        if ending { endSpans(.next) }
        return try source.next() ? land(checked: checked) : settle(.afterLast)
    }

    @inlinable @inline(__always)
    func previousFromRecord(checked: Bool, ending: Bool = true) throws -> Bool {
        if _slowPath(mustResync) { return try step(forward: false) }
        if ending { endSpans(.previous) }
        return try source.previous() ? land(checked: checked) : settle(.beforeFirst)
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

    /// Throws ``LeaseholdError/transactionEnded`` once the transaction (or the cursor) is over.
    @inlinable @inline(__always)
    func checkMovable() throws {
        if _slowPath(!scope.isOpen || place == .closed) { throw LeaseholdError.transactionEnded }
    }

    /// Ends the step spans before a move (unless the source says the move keeps its memory).
    @inlinable @inline(__always)
    func endSpans(_ move: CursorMove) {
        guard endsKeysOnMove, !source.moveKeepsMemory(move) else { return }
        keyLender.expireIfLent()
        if valueEndsOnMove && valueLender !== keyLender { valueLender.expireIfLent() }
    }

    /// Stands on the source's record (in checked mode, lends copies of it; in a write
    /// transaction over a source that loses its place, remembers its key).
    @inlinable @inline(__always)
    func land() -> Bool { land(checked: checked) }

    @inlinable @inline(__always)
    func land(checked: Bool) -> Bool {
        place = .at
        if _slowPath(checked) { lendChecked() }
        if _slowPath(!source.keepsPlaceAcrossUpdates && resyncs) { remember() }
        return true
    }

    @usableFromInline
    func lendChecked() {
        checkedKey = keyLender.lent(source.key)
        checkedValue = valueLender.lent(source.value)
    }

    @usableFromInline
    func remember() {
        landedAtUpdate = scope.updates
        landedKey = Array(source.key)
    }

    @inlinable @inline(__always)
    func settle(_ where: Place) -> Bool {
        place = `where`
        return false
    }

    @usableFromInline override func close() {
        guard place != .closed else { return }
        place = .closed
        if keyLender !== scope.lender { keyLender.end() }
        if valueLender !== keyLender && valueLender !== scope.lender { valueLender.end() }
        source.close()
    }

    deinit { close() }
}
