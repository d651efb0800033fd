@_spi(Testing) import Leasehold
import LeaseholdConformance
import Testing

// A test of the test: an adapter whose values ignore expiry must fail the checked-mode suite.

/// Wraps the Memory engine and hands out values that point into its memory but are registered
/// on no lease (point reads), or on a lease that never expires (scans): sinks that ignore expiry.
final class BrokenSinkEngine: Engine {
    let base: MemoryEngine
    init(_ base: MemoryEngine) { self.base = base }
    var capabilities: Capabilities { base.capabilities }
    var statistics: LeaseStatistics { base.statistics }
    func read<R>(_ body: (BrokenRead) throws -> R) throws -> R { try base.read { try body(BrokenRead($0)) } }
    func write<R>(_ body: (MemoryWriteTransaction) throws -> R) throws -> R { try base.write(body) }
    func close() throws { try base.close() }
}

final class BrokenRead: ReadTransaction {
    let base: MemoryReadTransaction
    init(_ base: MemoryReadTransaction) { self.base = base }
    var capabilities: Capabilities { base.capabilities }
    func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? {
        guard let good = try base.value(forKey: key) else { return nil }
        return good.withUnsafeBytes { Bytes(unregisteredPointingInto: $0) }
    }
    func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try base.withValue(forKey: key, body)
    }
    func makeCursor() throws -> BrokenCursor { BrokenCursor(try base.makeCursor()) }
}

final class BrokenCursor: EngineCursor {
    let base: MemoryCursor
    /// A lease nobody expires when the memory goes away.
    let lease = Lease()
    init(_ base: MemoryCursor) { self.base = base }
    var leaseEndsOnMove: Bool { false }
    func first() throws -> Bool { try base.first() }
    func last() throws -> Bool { try base.last() }
    func next() throws -> Bool { try base.next() }
    func previous() throws -> Bool { try base.previous() }
    func seek(_ key: UnsafeRawBufferPointer) throws -> Bool { try base.seek(key) }
    var currentKey: UnsafeRawBufferPointer { base.currentKey }
    var currentValue: UnsafeRawBufferPointer { base.currentValue }
}

@Suite("A broken sink is caught")
struct BrokenSinkTests {
    let harness = ConformanceHarness(name: "broken", makeStore: {
        AnyEngine(BrokenSinkEngine(try MemoryEngine(options: .init(scanLease: .step, checked: true))))
    })

    // The broken values read memory the checked engine has poisoned and freed: a real
    // use-after-free, which is how the suite catches them. Under ASan that read is reported and
    // aborts the run (the sanitizer catching the same bug), so the test runs without it.
    @Test("the checked suite fails for values that ignore expiry",
          .disabled(if: Sanitizers.address, "reads freed memory on purpose"),
          arguments: ["leases.keptPastTransaction", "leases.keptPastStep"])
    func caught(_ name: String) throws {
        let c = try #require(ConformanceSuite.named(name))
        #expect(throws: ConformanceFailure.self) { try c.run(harness) }
    }

    @Test("the same case passes on the real engine")
    func control() throws {
        let good = memoryHarness(.init(scanLease: .step, checked: true))
        for name in ["leases.keptPastTransaction", "leases.keptPastStep"] {
            try #require(ConformanceSuite.named(name)).run(good)
        }
    }
}
