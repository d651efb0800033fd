/// A read transaction of the ``MemoryEngine``: a snapshot of the table.
public final class MemoryReadTransaction: ReadTransaction {
    let engine: MemoryEngine
    let table: MemoryTable
    let lender: MemoryLender
    var active = true

    init(engine: MemoryEngine, table: MemoryTable) {
        self.engine = engine
        self.table = table
        lender = MemoryLender(statistics: engine.statistics, checked: engine.options.checked)
    }

    func end() {
        guard active else { return }
        active = false
        lender.end()
    }

    public var capabilities: Capabilities { engine.capabilities }

    /// The value, lent until the transaction ends.
    public func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? {
        guard active else { throw LeaseholdError.transactionEnded }
        guard let i = table.index(of: key) else { return nil }
        return Bytes(lending: lender.lend(table.records[i].value.bytes), on: lender.lease)
    }

    public func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        guard active else { throw LeaseholdError.transactionEnded }
        return try body(table.index(of: key).map { table.records[$0].value.bytes })
    }

    public func makeCursor() throws -> MemoryCursor {
        guard active else { throw LeaseholdError.transactionEnded }
        return MemoryCursor(source: .snapshot(self))
    }
}

/// A write transaction of the ``MemoryEngine``: a private copy of the table, published on commit.
///
/// Everything it lends is valid until the next update or the end of the transaction (a put may
/// free the value it replaces), as in LMDB.
public final class MemoryWriteTransaction: WriteTransaction {
    let engine: MemoryEngine
    var table: MemoryTable
    let lender: MemoryLender
    var active = true
    /// Bumped by every update, so cursors know to find their place again.
    var version = 0

    init(engine: MemoryEngine, table: MemoryTable) {
        self.engine = engine
        self.table = table
        lender = MemoryLender(statistics: engine.statistics, checked: engine.options.checked)
    }

    func end() {
        guard active else { return }
        active = false
        lender.end()
    }

    public var capabilities: Capabilities { engine.capabilities }

    public func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? {
        guard active else { throw LeaseholdError.transactionEnded }
        guard let i = table.index(of: key) else { return nil }
        return Bytes(lending: lender.lend(table.records[i].value.bytes), on: lender.lease)
    }

    public func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        guard active else { throw LeaseholdError.transactionEnded }
        return try body(table.index(of: key).map { table.records[$0].value.bytes })
    }

    public func makeCursor() throws -> MemoryCursor {
        guard active else { throw LeaseholdError.transactionEnded }
        return MemoryCursor(source: .writer(self))
    }

    /// Ends the lease of everything lent so far: the coming update may free it.
    public func willUpdate() { lender.expire() }

    public func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws {
        guard active else { throw LeaseholdError.transactionEnded }
        let i = table.lowerBound(key)
        let blob = Blob(copying: value)
        if i < table.records.count && Bytes.compare(table.records[i].key.bytes, key) == 0 {
            table.records[i].value = blob
        } else {
            table.records.insert(MemoryRecord(key: Blob(copying: key), value: blob), at: i)
        }
        version += 1
    }

    public func delete(key: UnsafeRawBufferPointer) throws -> Bool {
        guard active else { throw LeaseholdError.transactionEnded }
        guard let i = table.index(of: key) else { return false }
        table.records.remove(at: i)
        version += 1
        return true
    }

    public func deleteKeys(in range: KeyRange) throws -> Int {
        guard active else { throw LeaseholdError.transactionEnded }
        let start: Int
        switch range.lower {
        case .unbounded: start = 0
        case .inclusive(let b): start = b.withUnsafeBytes { table.lowerBound($0) }
        case .exclusive(let b): start = b.withUnsafeBytes { k in table.index(of: k).map { $0 + 1 } ?? table.lowerBound(k) }
        }
        var end = start
        while end < table.records.count && !range.isAboveUpper(table.records[end].key.bytes) { end += 1 }
        table.records.removeSubrange(start ..< end)
        version += 1
        return end - start
    }
}
