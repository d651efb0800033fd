/// A cursor of the ``MemoryEngine``: an index into a snapshot, or into a write transaction's
/// table (where it finds its place again by key after an update).
public final class MemoryCursor: EngineCursor {
    enum Source {
        case snapshot(MemoryReadTransaction)
        case writer(MemoryWriteTransaction)
    }

    let source: Source
    let stepLender: MemoryLender?
    var position = -1
    var version = 0
    /// The current key, kept by write cursors so they can find their place after an update.
    var savedKey: [UInt8] = []
    public private(set) var currentKey = UnsafeRawBufferPointer(start: nil, count: 0)
    public private(set) var currentValue = UnsafeRawBufferPointer(start: nil, count: 0)

    init(source: Source) {
        self.source = source
        switch source {
        case .snapshot(let txn):
            stepLender = txn.engine.options.scanLease == .step
                ? MemoryLender(statistics: txn.engine.statistics, checked: txn.engine.options.checked) : nil
        case .writer:
            stepLender = nil
        }
    }

    private var lender: MemoryLender {
        if let stepLender { return stepLender }
        switch source {
        case .snapshot(let txn): return txn.lender
        case .writer(let txn): return txn.lender
        }
    }

    public var lease: Lease { lender.lease }
    public var leaseEndsOnMove: Bool { stepLender != nil }

    private func table() throws -> MemoryTable {
        switch source {
        case .snapshot(let txn):
            guard txn.active else { throw LeaseholdError.transactionEnded }
            return txn.table
        case .writer(let txn):
            guard txn.active else { throw LeaseholdError.transactionEnded }
            return txn.table
        }
    }

    /// Sets the position and lends the record there; ends the step lease first if there is one.
    private func land(_ index: Int, in table: MemoryTable) -> Bool {
        stepLender?.expire()
        guard index >= 0 && index < table.records.count else {
            position = index < 0 ? -1 : table.records.count
            currentKey = UnsafeRawBufferPointer(start: nil, count: 0)
            currentValue = currentKey
            return false
        }
        position = index
        let record = table.records[index]
        currentKey = lender.lend(record.key.bytes)
        currentValue = lender.lend(record.value.bytes)
        if case .writer(let txn) = source {
            version = txn.version
            savedKey = Array(record.key.bytes)
        }
        return true
    }

    /// The current position, found again by key if the write transaction changed since.
    private func resync(_ table: MemoryTable) -> (index: Int, exact: Bool) {
        if case .writer(let txn) = source, txn.version != version, position >= 0 {
            let i = savedKey.withUnsafeBytes { table.lowerBound($0) }
            let exact = i < table.records.count && savedKey.withUnsafeBytes { Bytes.compare(table.records[i].key.bytes, $0) == 0 }
            return (i, exact)
        }
        return (position, true)
    }

    public func first() throws -> Bool { let t = try table(); return land(0, in: t) }
    public func last() throws -> Bool { let t = try table(); return land(t.records.count - 1, in: t) }
    public func seek(_ key: UnsafeRawBufferPointer) throws -> Bool { let t = try table(); return land(t.lowerBound(key), in: t) }

    public func next() throws -> Bool {
        let t = try table()
        if position < 0 { return land(0, in: t) }
        let (i, exact) = resync(t)
        return land(exact ? i + 1 : i, in: t)
    }

    public func previous() throws -> Bool {
        let t = try table()
        if position >= t.records.count { return land(t.records.count - 1, in: t) }
        if position < 0 { return land(-1, in: t) }
        let (i, _) = resync(t)
        return land(i - 1, in: t)
    }
}
