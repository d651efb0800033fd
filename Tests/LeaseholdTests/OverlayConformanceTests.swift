import Leasehold
import LeaseholdConformance
import Testing

/// An engine built the way a LevelDB-style adapter is: reads are the Memory engine's (a snapshot),
/// writes go to the core's `OverlayWriteTransaction` over a snapshot read and are applied to the
/// store as one batch at commit. It puts the overlay under the whole conformance suite with every
/// lease shape the Memory engine can simulate, checked mode included (lent memory poisoned and
/// freed at expiry).
final class OverlayOverMemory: Engine {
    let memory: MemoryEngine
    /// Serialises writers, as an adapter's writer lock does.
    let writer = WriterLock()

    init(options: MemoryEngine.Options) throws { memory = try MemoryEngine(options: options) }

    var capabilities: Capabilities {
        var c = memory.capabilities
        c.engine = "memory+overlay"
        c.writeReads = c.scans
        return c
    }

    var statistics: LeaseStatistics { memory.statistics }

    func read<R>(_ body: (MemoryReadTransaction) throws -> R) throws -> R { try memory.read(body) }

    func write<R>(_ body: (OverlayWriteTransaction<MemoryReadTransaction>) throws -> R) throws -> R {
        try writer.withLock { try commit(body) }
    }

    private func commit<R>(_ body: (OverlayWriteTransaction<MemoryReadTransaction>) throws -> R) throws -> R {
        try memory.read { snapshot in
            let txn = OverlayWriteTransaction(base: snapshot, statistics: memory.statistics)
            defer { txn.end() }
            let result = try body(txn)
            txn.end()
            guard !txn.overlay.isEmpty else { return result }
            try memory.write { batch in
                try txn.overlay.forEachChange { change in
                    batch.willUpdate()
                    switch change {
                    case .deleteRange(let range): _ = try batch.deleteKeys(in: range)
                    case .put(let key, let value): try batch.put(key: key, value: value)
                    case .delete(let key): _ = try batch.delete(key: key)
                    }
                }
            }
            return result
        }
    }

    func close() throws { try memory.close() }
}

func overlayHarness(_ options: MemoryEngine.Options) -> ConformanceHarness {
    ConformanceHarness(name: "memory+overlay", makeStore: { AnyEngine(try OverlayOverMemory(options: options)) })
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
