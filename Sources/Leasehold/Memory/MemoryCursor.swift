/// A cursor of the ``MemoryEngine``: an index into its transaction's table. In a write
/// transaction it finds its place again by key after an update.
public final class MemoryCursor: EngineCursor {
    let view: MemoryView
    /// The lender of a step lease, if records are lent only until the next move.
    let stepLender: MemoryLender?
    /// The lender records are lent through: the step lender, or the transaction's.
    let lender: MemoryLender
    /// Where the cursor is: before the first record (also when new), at an index, after the last.
    enum Place { case beforeFirst, at(Int), afterLast }
    // Exclusivity is not checked at run time (measured: dynamic checks were ~40 % of a step):
    // every access is a short load or store on one isolation domain, none held across a call.
    @exclusivity(unchecked) var place = Place.beforeFirst
    @exclusivity(unchecked) var version: Int
    /// The current key, kept so the cursor can find its place after an update.
    @exclusivity(unchecked) var savedKey: [UInt8] = []
    @exclusivity(unchecked) public private(set) var currentKey = UnsafeRawBufferPointer(start: nil, count: 0)
    @exclusivity(unchecked) public private(set) var currentValue = UnsafeRawBufferPointer(start: nil, count: 0)

    init(view: MemoryView, stepLeases: Bool) {
        self.view = view
        version = view.version
        stepLender = stepLeases ? MemoryLender(statistics: view.engine.statistics, checked: view.engine.options.checked) : nil
        lender = stepLender ?? view.lender
    }

    public var lease: Lease { lender.lease }
    public var leaseEndsOnMove: Bool { stepLender != nil }

    /// Sets the position and lends the record there; ends the step lease first if there is one.
    private func land(_ index: Int) -> Bool {
        stepLender?.expire()
        guard index >= 0 && index < view.table.records.count else {
            place = index < 0 ? .beforeFirst : .afterLast
            currentKey = UnsafeRawBufferPointer(start: nil, count: 0)
            currentValue = currentKey
            return false
        }
        place = .at(index)
        currentKey = lender.lend(view.table.records[index].key.bytes)
        currentValue = lender.lend(view.table.records[index].value.bytes)
        version = view.version
        if view.writable { savedKey = Array(view.table.records[index].key.bytes) }  // only writers ever update
        return true
    }

    /// The index of the current record, found again by key if the table changed since the
    /// cursor landed; `exact` is false when that record has been deleted meanwhile.
    private func resync(_ index: Int) -> (index: Int, exact: Bool) {
        guard view.version != version else { return (index, true) }
        let i = savedKey.withUnsafeBytes { view.table.lowerBound($0) }
        let exact = i < view.table.records.count && savedKey.withUnsafeBytes { Bytes.compare(view.table.records[i].key.bytes, $0) == 0 }
        return (i, exact)
    }

    public func first() throws -> Bool { try view.checkActive(); return land(0) }
    public func last() throws -> Bool { try view.checkActive(); return land(view.table.records.count - 1) }
    public func seek(_ key: UnsafeRawBufferPointer) throws -> Bool { try view.checkActive(); return land(view.table.lowerBound(key)) }

    public func next() throws -> Bool {
        try view.checkActive()
        switch place {
        case .beforeFirst: return land(0)
        case .afterLast: return land(view.table.records.count)
        case .at(let index):
            let (i, exact) = resync(index)
            return land(exact ? i + 1 : i)
        }
    }

    public func previous() throws -> Bool {
        try view.checkActive()
        switch place {
        case .beforeFirst: return land(-1)
        case .afterLast: return land(view.table.records.count - 1)
        case .at(let index): return land(resync(index).index - 1)
        }
    }
}
