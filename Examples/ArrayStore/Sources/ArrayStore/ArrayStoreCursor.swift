import Leasehold

/// A cursor of ``ArrayStoreEngine``: a position in its transaction's array. In a write
/// transaction an update may shift the array, so the cursor remembers the key it stands on and
/// looks it up again after one.
public final class ArrayStoreCursor: EngineCursor {
    let view: ArrayStoreView
    /// -1 before the first record; `records.count` (as it was) after the last.
    var index = -1
    /// The key the cursor stands on (`nil` off the ends), and the view's version then.
    var standingOn: [UInt8]?
    var version: Int
    public private(set) var currentKey = UnsafeRawBufferPointer(start: nil, count: 0)
    public private(set) var currentValue = UnsafeRawBufferPointer(start: nil, count: 0)

    init(view: ArrayStoreView) {
        self.view = view
        version = view.version
    }

    /// Records stay valid for the transaction (until the next update in a write): the
    /// cursor's lease is the transaction's, and moving does not end it.
    public var lease: Lease { view.lease }
    public var leaseEndsOnMove: Bool { false }

    private func land(_ i: Int) -> Bool {
        let records = view.records
        index = max(-1, min(i, records.count))
        version = view.version
        guard records.indices.contains(index) else {
            standingOn = nil
            currentKey = UnsafeRawBufferPointer(start: nil, count: 0)
            currentValue = currentKey
            return false
        }
        currentKey = records[index].keyBytes
        currentValue = records[index].valueBytes
        standingOn = Array(currentKey)
        return true
    }

    /// The current index after any updates, and whether the record is still there.
    private func whereNow() -> (index: Int, present: Bool) {
        guard let key = standingOn, version != view.version else { return (index, true) }
        let i = key.withUnsafeBytes { view.lowerBound($0) }
        return (i, view.index(of: key.withUnsafeBytes { $0 }) == i)
    }

    public func first() throws -> Bool { try view.check(); return land(0) }
    public func last() throws -> Bool { try view.check(); return land(view.records.count - 1) }
    public func seek(_ key: UnsafeRawBufferPointer) throws -> Bool { try view.check(); return land(view.lowerBound(key)) }

    public func next() throws -> Bool {
        try view.check()
        if index < 0 { return land(0) }
        if standingOn == nil { return land(view.records.count) }
        let now = whereNow()
        return land(now.present ? now.index + 1 : now.index)
    }

    public func previous() throws -> Bool {
        try view.check()
        if index < 0 { return land(-1) }
        if standingOn == nil { return land(view.records.count - 1) }
        return land(whereNow().index - 1)
    }
}
