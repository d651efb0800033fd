@_spi(Adapter) import LeaseholdCore

/// A store kept as a sorted array of records in memory: the smallest complete adapter, written
/// the way one over a C library is. The core's `StoreGate` does the rest: open and closed,
/// counting transactions, the writer lock, leases, cursors' places, "ended" checks.
public final class ArrayStoreEngine: Engine {
    let gate = StoreGate(ArrayStore())

    /// An empty store.
    public init() {}

    public var capabilities: Capabilities { gate.capabilities }
    public var statistics: LeaseStatistics { gate.statistics }
    public func read<R>(_ body: (ReadTransaction<ArrayStoreReader>) throws -> R) throws -> R { try gate.read(body) }
    public func write<R>(_ body: (WriteTransaction<ArrayStoreWriter>) throws -> R) throws -> R { try gate.write(body) }
    public func close() throws { try gate.close() }
}

extension EngineRegistration {
    /// `arraystore:`: a new, empty ``ArrayStoreEngine`` at every open. Register it once with
    /// `try Engines.register(.arrayStore)`; then `Engines.open("arraystore:")`.
    public static let arrayStore = EngineRegistration(
        scheme: "arraystore", summary: "a sorted array in memory (the example adapter)", example: "arraystore:",
        scratch: .independentOpens("arraystore")
    ) { _ in ArrayStoreEngine() }
}

/// The committed records, and how a transaction begins and ends: what the gate asks of us.
final class ArrayStore: StoreAdapter {
    let committed = Locked([StoredRecord]())
    /// Reads lend for the transaction; an update may free a record lent before it, so a write
    /// transaction lends until its next update (the gate ends the lease before each one).
    let capabilities = Capabilities(
        engine: "arraystore", pointReads: .transaction, scans: .transaction, writeReads: .untilNextUpdate,
        snapshots: true, persistent: false, readYourWrites: true, isolation: .serializable,
        maxKeySize: 1024, maxValueSize: nil)

    func beginRead(_ lender: Lender) -> ArrayStoreReader { ArrayStoreReader(committed.withLock { $0 }, lender) }
    func endRead(_ reader: ArrayStoreReader) {}
    func beginWrite(_ lender: Lender) -> ArrayStoreWriter { ArrayStoreWriter(committed.withLock { $0 }, lender) }
    func commit(_ writer: ArrayStoreWriter) { committed.withLock { $0 = writer.records } }
    func abort(_ writer: ArrayStoreWriter) {}
    func close() { committed.withLock { $0 = [] } }
}

/// One key and value in memory of their own (the "engine memory" the store lends), freed when no
/// snapshot holds the record.
final class StoredRecord: @unchecked Sendable {  // immutable after init
    let key: UnsafeRawBufferPointer
    let value: UnsafeRawBufferPointer

    init(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        self.key = UnsafeRawBufferPointer(Self.copy(key))
        self.value = UnsafeRawBufferPointer(Self.copy(value))
    }

    static func copy(_ bytes: UnsafeRawBufferPointer) -> UnsafeMutableRawBufferPointer {
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        if !bytes.isEmpty { memory.copyMemory(from: bytes) }
        return UnsafeMutableRawBufferPointer(rebasing: memory[..<bytes.count])
    }

    deinit {
        UnsafeMutableRawPointer(mutating: key.baseAddress!).deallocate()
        UnsafeMutableRawPointer(mutating: value.baseAddress!).deallocate()
    }
}
