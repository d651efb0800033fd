/// An ordered in-memory store: the reference adapter, and the one to copy when you write yours.
///
/// Reads see a snapshot taken when the transaction began; a write transaction works on its own
/// copy of the table, reads its own writes, and publishes it on commit. Writers are serialised.
///
/// Its lending is configurable so the conformance suite can exercise every lease shape: values
/// lent for the whole transaction or only for one cursor step, and a **checked** mode that
/// overwrites lent memory with `0xDD` and frees it the moment its lease ends.
public final class MemoryEngine: Engine {
    /// How the Memory engine lends.
    public struct Options: Sendable, Hashable {
        /// How long cursor and scan records stay valid: `.transaction` or `.step`.
        public var scanLease: Capabilities.LeaseScope
        /// Poison and free lent memory the moment its lease ends.
        public var checked: Bool
        /// The longest key accepted.
        public var maxKeySize: Int

        /// Options; the defaults lend for the transaction, unchecked, keys up to 511 bytes.
        public init(scanLease: Capabilities.LeaseScope = .transaction, checked: Bool = false, maxKeySize: Int = 511) {
            self.scanLease = scanLease
            self.checked = checked
            self.maxKeySize = maxKeySize
        }
    }

    struct State {
        var table = MemoryTable()
        var closed = false
        var openTransactions = 0
    }

    let options: Options
    let state = Locked(State())
    /// Held for the whole of a write transaction: writers are serialised, and a nested write
    /// throws.
    let writer = WriterLock()
    public let statistics = LeaseStatistics()
    public let capabilities: Capabilities

    /// Creates an empty store.
    public init(options: Options = Options()) throws {
        guard options.scanLease == .transaction || options.scanLease == .step else {
            throw LeaseholdError.invalidArgument("the Memory engine lends scans for .transaction or .step, not \(options.scanLease)")
        }
        self.options = options
        capabilities = Capabilities(
            engine: "memory", pointReads: .transaction, scans: options.scanLease, writeReads: .untilNextUpdate,
            snapshots: true, persistent: false, readYourWrites: true, isolation: .serializable,
            maxKeySize: options.maxKeySize, maxValueSize: nil, poisonsExpiredMemory: options.checked)
    }

    /// The number of records committed.
    public var count: Int { state.withLock { $0.table.records.count } }

    private func begin() throws -> MemoryTable {
        try state.withLock { s in
            if s.closed { throw LeaseholdError.storeClosed }
            s.openTransactions += 1
            return s.table
        }
    }

    private func finish() { state.withLock { $0.openTransactions -= 1 } }

    public func read<R>(_ body: (MemoryReadTransaction) throws -> R) throws -> R {
        let txn = MemoryReadTransaction(view: MemoryView(engine: self, table: try begin()), stepLeases: options.scanLease == .step)
        defer {
            txn.view.end()
            finish()
        }
        return try body(txn)
    }

    public func write<R>(_ body: (MemoryWriteTransaction) throws -> R) throws -> R {
        try writer.withLock {
            let txn = MemoryWriteTransaction(view: MemoryView(engine: self, table: try begin(), writable: true))
            defer {
                txn.view.end()
                finish()
            }
            let result = try body(txn)
            // Commit: the write lease ends first (values kept from this transaction copy
            // themselves), then the new table becomes the store's.
            txn.view.end()
            let table = txn.view.table
            try state.withLock { s in
                if s.closed { throw LeaseholdError.storeClosed }
                s.table = table
            }
            return result
        }
    }

    public func close() throws {
        try state.withLock { s in
            if s.openTransactions > 0 {
                throw LeaseholdError.busy("\(s.openTransactions) transaction(s) still open")
            }
            s.closed = true
            s.table = MemoryTable()
        }
    }
}
