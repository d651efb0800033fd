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

    let gate: StoreGate<MemoryStore>

    /// Creates an empty store.
    public init(options: Options = Options()) throws {
        guard options.scanLease == .transaction || options.scanLease == .step else {
            throw LeaseholdError.invalidArgument("the Memory engine lends scans for .transaction or .step, not \(options.scanLease)")
        }
        gate = StoreGate(MemoryStore(options: options))
    }

    /// Calls `body` with the committed records (the benchmark floor's bare walk).
    package func withCommittedRecords<R>(_ body: ([MemoryRecord]) throws -> R) throws -> R {
        try gate.withOpenStore { store in try body(store.table.withLock { $0 }.records) }
    }

    /// The number of records committed.
    public var count: Int { gate.adapter.table.withLock { $0.records.count } }

    public var capabilities: Capabilities { gate.capabilities }
    public var statistics: LeaseStatistics { gate.statistics }
    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func read<R>(_ body: (ReadTransaction<MemoryReader>) throws -> R) throws -> R { try gate.read(body) }
    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func write<R>(_ body: (WriteTransaction<MemoryWriter>) throws -> R) throws -> R { try gate.write(body) }
    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func close() throws { try gate.close() }
}

/// The Memory engine's store: the committed table. A transaction starts from it (a snapshot, by
/// copy-on-write), and a write transaction's table replaces it at commit.
final class MemoryStore: StoreAdapter {
    let table = Locked(MemoryTable())
    let stepLeases: Bool
    let capabilities: Capabilities

    init(options: MemoryEngine.Options) {
        stepLeases = options.scanLease == .step
        capabilities = Capabilities(
            engine: "memory", pointReads: .transaction, scans: options.scanLease, writeReads: .untilNextUpdate,
            snapshots: true, persistent: false, readYourWrites: true, isolation: .serializable,
            maxKeySize: options.maxKeySize, maxValueSize: nil, poisonsExpiredMemory: options.checked,
            changeFeed: .thisProcess)
    }

    func beginRead(_ lender: Lender) -> MemoryReader {
        MemoryReader(table: table.withLock { $0 }, lender: lender, stepLeases: stepLeases)
    }

    func endRead(_ reader: MemoryReader) {}

    func beginWrite(_ lender: Lender) -> MemoryWriter {
        MemoryWriter(table: table.withLock { $0 }, lender: lender, stepLeases: false)
    }

    func commit(_ writer: MemoryWriter) { table.withLock { $0 = writer.table } }

    func abort(_ writer: MemoryWriter) {}

    func close() { table.withLock { $0 = MemoryTable() } }
}
