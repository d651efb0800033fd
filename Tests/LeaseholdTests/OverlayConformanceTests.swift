@testable @_spi(Adapter) import LeaseholdCore
import Leasehold
import LeaseholdConformance
import Testing

/// A store built the way a LevelDB-style adapter is, on the kit: reads are the Memory engine's
/// snapshots, writes go to the core's `OverlayWriter` over a snapshot and reach the store as
/// one batch at commit. It puts the overlay under the whole conformance suite with every lease
/// shape the Memory engine can simulate, checked mode included (lent memory poisoned and freed
/// at expiry).
final class OverlayOverMemory: StoreAdapter {
    let memory: MemoryStore
    let capabilities: Capabilities

    init(options: MemoryEngine.Options) {
        memory = MemoryStore(options: options)
        var c = memory.capabilities
        c.engine = "memory+overlay"
        c.writeReads = c.scans
        capabilities = c
    }

    func beginRead(_ lender: Lender) -> MemoryReader { memory.beginRead(lender) }
    func endRead(_ reader: MemoryReader) {}
    func beginWrite(_ lender: Lender) -> OverlayWriter<MemoryReader> {
        OverlayWriter(base: memory.beginRead(lender), lender: lender)
    }
    func commit(_ writer: OverlayWriter<MemoryReader>) throws {
        var batch = Batch(writer: memory.beginWrite(Lender(statistics: nil, checked: false)))
        try writer.overlay.apply(to: &batch)
        memory.commit(batch.writer)
    }
    func abort(_ writer: OverlayWriter<MemoryReader>) {}
    func close() { memory.close() }

    /// The batch: a Memory write transaction the overlay's changes are applied to.
    struct Batch: OverlayBatch {
        let writer: MemoryWriter
        func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) { writer.put(key: key, value: value) }
        func delete(key: UnsafeRawBufferPointer) { _ = writer.delete(key: key) }
        func deleteRange(_ range: KeyRange) throws { _ = try writer.deleteKeys(in: range) }
    }
}

/// The engine over ``OverlayOverMemory``: what every adapter's engine class is, forwarding to
/// its gate.
final class OverlayMemoryEngine: Engine {
    let gate: StoreGate<OverlayOverMemory>
    init(options: MemoryEngine.Options) { gate = StoreGate(OverlayOverMemory(options: options)) }
    var capabilities: Capabilities { gate.capabilities }
    var statistics: LeaseStatistics { gate.statistics }
    func read<R>(_ body: (ReadTransaction<MemoryReader>) throws -> R) throws -> R { try gate.read(body) }
    func write<R>(_ body: (WriteTransaction<OverlayWriter<MemoryReader>>) throws -> R) throws -> R { try gate.write(body) }
    func changes(in range: KeyRange, after: CommitSequence?) throws -> ChangeFeed { try gate.changes(in: range, after: after) }
    func close() throws { try gate.close() }
}

func overlayHarness(_ options: MemoryEngine.Options) -> ConformanceHarness {
    ConformanceHarness(name: "memory+overlay", makeStore: { AnyEngine(OverlayMemoryEngine(options: options)) })
}

@Suite("Write overlay under the conformance suite")
struct OverlayConformanceTests {
    @Test("transaction leases", arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
    func transactionLeases(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
        try c.run(overlayHarness(.init(scanLease: .transaction, checked: true)), variant)
    }

    @Test("step leases", arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
    func stepLeases(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
        try c.run(overlayHarness(.init(scanLease: .step, checked: true)), variant)
    }
}
