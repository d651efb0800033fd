import Leasehold

/// What a transaction reads: its records, the lease of what it lends, and whether it is open.
final class ArrayStoreView {
    var records: [StoredRecord]
    let lease: Lease
    var open = true
    /// Bumped by every update, so cursors know to find their place again.
    var version = 0

    init(records: [StoredRecord], statistics: LeaseStatistics) {
        self.records = records
        lease = Lease(statistics: statistics)
    }

    func check() throws {
        if !open { throw LeaseholdError.transactionEnded }
    }

    func end() {
        guard open else { return }
        open = false
        lease.end()
    }

    /// The index of the first record whose key is `>= key`.
    func lowerBound(_ key: UnsafeRawBufferPointer) -> Int {
        var low = 0, high = records.count
        while low < high {
            let mid = (low + high) / 2
            if Bytes.compare(records[mid].keyBytes, key) < 0 { low = mid + 1 } else { high = mid }
        }
        return low
    }

    func index(of key: UnsafeRawBufferPointer) -> Int? {
        let i = lowerBound(key)
        return i < records.count && Bytes.compare(records[i].keyBytes, key) == 0 ? i : nil
    }
}

/// A read transaction of ``ArrayStoreEngine``.
///
/// - warning: What it lends is borrowed until the transaction ends (in a write transaction,
///   until the next update); values kept longer are copied then.
public final class ArrayStoreReadTransaction: ReadTransaction {
    let view: ArrayStoreView
    public let capabilities: Capabilities

    init(view: ArrayStoreView, capabilities: Capabilities) {
        self.view = view
        self.capabilities = capabilities
    }

    public func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? {
        try view.check()
        return view.index(of: key).map { Bytes(lending: view.records[$0].valueBytes, on: view.lease) }
    }

    public func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try view.check()
        return try body(view.index(of: key).map { view.records[$0].valueBytes })
    }

    public func makeCursor() throws -> ArrayStoreCursor {
        try view.check()
        return ArrayStoreCursor(view: view)
    }
}

/// A write transaction of ``ArrayStoreEngine``: reads come from a read transaction over the
/// same view (`ForwardingReadTransaction`), updates change the view's private array.
public final class ArrayStoreWriteTransaction: WriteTransaction, ForwardingReadTransaction {
    let view: ArrayStoreView
    /// The read primitives, over this transaction's own records.
    public let reader: ArrayStoreReadTransaction

    init(view: ArrayStoreView, capabilities: Capabilities) {
        self.view = view
        reader = ArrayStoreReadTransaction(view: view, capabilities: capabilities)
    }

    /// An update may free a record lent so far: end the lease first.
    public func willUpdate() { view.lease.expire() }

    public func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws {
        try view.check()
        let record = StoredRecord(key: key, value: value)
        let i = view.lowerBound(key)
        if i < view.records.count && Bytes.compare(view.records[i].keyBytes, key) == 0 {
            view.records[i] = record
        } else {
            view.records.insert(record, at: i)
        }
        view.version += 1
    }

    public func delete(key: UnsafeRawBufferPointer) throws -> Bool {
        try view.check()
        guard let i = view.index(of: key) else { return false }
        view.records.remove(at: i)
        view.version += 1
        return true
    }

    /// No native range delete: the core's one-by-one fallback.
    public func deleteKeys(in range: KeyRange) throws -> Int {
        try view.check()
        return try deleteKeysOneByOne(in: range)
    }
}
