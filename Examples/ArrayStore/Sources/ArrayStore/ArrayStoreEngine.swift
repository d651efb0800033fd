import Leasehold
import Synchronization

/// A store kept as a sorted array of records in memory: the smallest adapter that passes the
/// Leasehold conformance suite, written the way an adapter over a C library is.
///
/// Each record owns its bytes in malloc'd memory (the "engine memory" it lends). A read
/// transaction takes the array as its snapshot and lends from it until it ends; a write
/// transaction works on its own copy, lends until its next update (an update may free what it
/// replaces), and publishes the copy on commit.
public final class ArrayStoreEngine: Engine {
    struct State {
        var records: [StoredRecord] = []
        var openTransactions = 0
        var closed = false
    }

    let state = Mutex(State())
    /// Writers are serialised for the whole transaction; a `write` inside a `write` throws
    /// `LeaseholdError.nestedWrite` instead of waiting for itself.
    let writer = WriterLock()
    public let statistics = LeaseStatistics()
    public let capabilities = Capabilities(
        engine: "arraystore", pointReads: .transaction, scans: .transaction, writeReads: .untilNextUpdate,
        snapshots: true, persistent: false, readYourWrites: true, isolation: .serializable,
        maxKeySize: 1024, maxValueSize: nil)

    /// An empty store.
    public init() {}

    private func begin() throws -> [StoredRecord] {
        try state.withLock { s in
            if s.closed { throw LeaseholdError.storeClosed }
            s.openTransactions += 1
            return s.records
        }
    }

    private func finish() { state.withLock { $0.openTransactions -= 1 } }

    /// Runs `body` on a snapshot; everything it lends stays valid until it returns.
    public func read<R>(_ body: (ArrayStoreReadTransaction) throws -> R) throws -> R {
        let view = ArrayStoreView(records: try begin(), statistics: statistics)
        defer {
            view.end()
            finish()
        }
        return try body(ArrayStoreReadTransaction(view: view, capabilities: capabilities))
    }

    /// Runs `body` on a private copy and publishes it when `body` returns.
    public func write<R>(_ body: (ArrayStoreWriteTransaction) throws -> R) throws -> R {
        try writer.withLock {
            let view = ArrayStoreView(records: try begin(), statistics: statistics)
            defer {
                view.end()
                finish()
            }
            let result = try body(ArrayStoreWriteTransaction(view: view, capabilities: capabilities))
            view.end()  // values kept from the transaction copy themselves now
            try state.withLock { s in
                if s.closed { throw LeaseholdError.storeClosed }
                s.records = view.records
            }
            return result
        }
    }

    /// Closes the store; throws `busy` while a transaction runs.
    public func close() throws {
        try state.withLock { s in
            if s.openTransactions > 0 { throw LeaseholdError.busy("\(s.openTransactions) transaction(s) open") }
            s.closed = true
            s.records = []
        }
    }
}

/// One key and value in memory of their own, freed when no snapshot holds the record.
final class StoredRecord: @unchecked Sendable {  // immutable after init
    let key: UnsafeMutableRawBufferPointer
    let value: UnsafeMutableRawBufferPointer

    init(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        self.key = .allocate(byteCount: max(key.count, 1), alignment: 1)
        self.value = .allocate(byteCount: max(value.count, 1), alignment: 1)
        self.key.copyMemory(from: key)
        self.value.copyMemory(from: value)
        keyBytes = UnsafeRawBufferPointer(rebasing: self.key[..<key.count])
        valueBytes = UnsafeRawBufferPointer(rebasing: self.value[..<value.count])
    }

    let keyBytes: UnsafeRawBufferPointer
    let valueBytes: UnsafeRawBufferPointer

    deinit {
        key.deallocate()
        value.deallocate()
    }
}
