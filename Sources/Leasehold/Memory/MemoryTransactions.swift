/// What a Memory transaction reads from: a table, the lender of its lease, and whether it is
/// still open. Read and write transactions share it, and so do their cursors.
final class MemoryView {
    let engine: MemoryEngine
    // Exclusivity is not checked at run time: every access is short, on one isolation domain.
    @exclusivity(unchecked) var table: MemoryTable
    let lender: MemoryLender
    @exclusivity(unchecked) var active = true
    /// Bumped by every update, so cursors of a write transaction know to find their place again.
    @exclusivity(unchecked) var version = 0

    /// Whether updates can happen (a write transaction's view): cursors then remember their key.
    let writable: Bool

    init(engine: MemoryEngine, table: MemoryTable, writable: Bool = false) {
        self.engine = engine
        self.writable = writable
        self.table = table
        lender = MemoryLender(statistics: engine.statistics, checked: engine.options.checked)
    }

    func checkActive() throws {
        guard active else { throw LeaseholdError.transactionEnded }
    }

    func end() {
        guard active else { return }
        active = false
        lender.end()
    }

    func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? {
        try checkActive()
        guard let i = table.index(of: key) else { return nil }
        return Bytes(lending: lender.lend(table.records[i].value.bytes), on: lender.lease)
    }

    func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try checkActive()
        return try body(table.index(of: key).map { table.records[$0].value.bytes })
    }
}

/// A read transaction of the ``MemoryEngine``: a snapshot of the table, lent until it ends (scans
/// until the cursor moves, with step leases).
///
/// It also serves a write transaction's reads, over the write transaction's own table.
/// - warning: What it lends is borrowed until the transaction ends (with step leases: scanned
///   records until the cursor moves; in a write transaction: until the next update).
public final class MemoryReadTransaction: ReadTransaction {
    let view: MemoryView
    let stepLeases: Bool

    init(view: MemoryView, stepLeases: Bool) {
        self.view = view
        self.stepLeases = stepLeases
    }

    public var capabilities: Capabilities { view.engine.capabilities }

    /// The value, lent until the transaction ends (in a write transaction: the next update).
    public func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? { try view.value(forKey: key) }

    public func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try view.withValue(forKey: key, body)
    }

    public func makeCursor() throws -> MemoryCursor {
        try view.checkActive()
        return MemoryCursor(view: view, stepLeases: stepLeases)
    }
}

/// A write transaction of the ``MemoryEngine``: a private copy of the table, published on commit.
///
/// Everything it lends is valid until the next update or the end of the transaction (a put may
/// free the value it replaces), as in LMDB. Its reads are those of ``MemoryReadTransaction``
/// over its own table.
public final class MemoryWriteTransaction: WriteTransaction, ForwardingReadTransaction {
    let view: MemoryView
    /// The read primitives, over this transaction's table; cursors lend until the next update.
    public let reader: MemoryReadTransaction

    init(view: MemoryView) {
        self.view = view
        reader = MemoryReadTransaction(view: view, stepLeases: false)
    }

    /// Ends the lease of everything lent so far: the coming update may free it.
    public func willUpdate() { view.lender.expire() }

    public func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws {
        try view.checkActive()
        let i = view.table.lowerBound(key)
        let blob = Blob(copying: value)
        if i < view.table.records.count && Bytes.compare(view.table.records[i].key.bytes, key) == 0 {
            view.table.records[i].value = blob
        } else {
            view.table.records.insert(MemoryRecord(key: Blob(copying: key), value: blob), at: i)
        }
        view.version += 1
    }

    public func delete(key: UnsafeRawBufferPointer) throws -> Bool {
        try view.checkActive()
        guard let i = view.table.index(of: key) else { return false }
        view.table.records.remove(at: i)
        view.version += 1
        return true
    }

    public func deleteKeys(in range: KeyRange) throws -> Int {
        try view.checkActive()
        let records = view.table.records
        let start: Int
        switch range.lower {
        case .unbounded: start = 0
        case .inclusive(let b): start = b.withUnsafeBytes { view.table.lowerBound($0) }
        case .exclusive(let b): start = b.withUnsafeBytes { k in view.table.index(of: k).map { $0 + 1 } ?? view.table.lowerBound(k) }
        }
        var end = start
        while end < records.count && !range.isAboveUpper(records[end].key.bytes) { end += 1 }
        view.table.records.removeSubrange(start ..< end)
        view.version += 1
        return end - start
    }
}
