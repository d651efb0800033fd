/// The read primitives of a Memory transaction: a snapshot of the table, lent through the
/// transaction's lender (the adapter tier; applications hold a ``ReadTransaction`` around it).
///
/// - warning: What it lends is borrowed until the transaction ends (with step leases: scanned
///   records until the cursor moves; in a write transaction: until the next update).
public class MemoryReader: StoreReader {
    /// The records this transaction sees (a write transaction's own copy, changed in place).
    @exclusivity(unchecked) var table: MemoryTable
    let lender: Lender
    let stepLeases: Bool

    init(table: MemoryTable, lender: Lender, stepLeases: Bool) {
        self.table = table
        self.lender = lender
        self.stepLeases = stepLeases
    }

    public final func value(forKey key: UnsafeRawBufferPointer) -> Bytes? {
        table.index(of: key).map { lender.lendBytes(table.records[$0].value.bytes) }
    }

    public final func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try body(table.index(of: key).map { table.records[$0].value.bytes })
    }

    public final func makeCursor() -> MemoryCursor { MemoryCursor(reader: self, lending: stepLeases ? .step : .transaction) }
}

/// The write primitives of a Memory transaction: its private copy of the table, published on
/// commit. An update may free a value it replaces, so the engine lends until the next update
/// (``Capabilities/LeaseScope/untilNextUpdate``), as LMDB does.
public final class MemoryWriter: MemoryReader, StoreWriter {
    public func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        let i = table.lowerBound(key)
        let blob = Blob(copying: value)
        if i < table.records.count && Bytes.compare(table.records[i].key.bytes, key) == 0 {
            table.records[i].value = blob
        } else {
            table.records.insert(MemoryRecord(key: Blob(copying: key), value: blob), at: i)
        }
    }

    public func delete(key: UnsafeRawBufferPointer) -> Bool {
        guard let i = table.index(of: key) else { return false }
        table.records.remove(at: i)
        return true
    }

    /// Removes the records of `range` with one `removeSubrange`.
    public func deleteKeys(in range: KeyRange) throws -> Int {
        var cursor = makeCursor()
        guard try cursor.seekStart(of: range, reverse: false) else { return 0 }
        let start = cursor.index
        var end = start
        while end < table.records.count && !range.isAboveUpper(table.records[end].key.bytes) { end += 1 }
        table.records.removeSubrange(start ..< end)
        return end - start
    }
}
