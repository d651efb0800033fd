import Leasehold
import LeaseholdConformance
import Testing

/// A harness for the Memory engine with the given options.
func memoryHarness(_ options: MemoryEngine.Options) -> ConformanceHarness {
    ConformanceHarness(name: "memory", makeStore: { AnyEngine(try MemoryEngine(options: options)) })
}

/// The whole conformance suite on the Memory engine, in each lease setting, plain and inside a
/// namespace. Each case and variant is reported on its own.
@Suite("Memory engine conformance")
struct MemoryConformanceTests {
    @Test("transaction leases", arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
    func transactionLeases(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
        try c.run(memoryHarness(.init(scanLease: .transaction)), variant)
    }

    @Test("step leases", arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
    func stepLeases(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
        try c.run(memoryHarness(.init(scanLease: .step)), variant)
    }

    @Test("checked, transaction leases", arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
    func checkedTransactionLeases(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
        try c.run(memoryHarness(.init(scanLease: .transaction, checked: true)), variant)
    }

    @Test("checked, step leases", arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
    func checkedStepLeases(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
        try c.run(memoryHarness(.init(scanLease: .step, checked: true)), variant)
    }

    @Test("every case applies to some Memory setting")
    func everyCaseRuns() throws {
        // Persistence (reopening, a second or read-only open) cannot apply to an in-memory store;
        // LMDB's tests cover it.
        // Nor a value limit: the Memory engine has none.
        for c in ConformanceSuite.cases where !c.requirements.contains(.persistent) && c.name != "manifest.maxValueSize" {
            let ran = try [MemoryEngine.Options(scanLease: .transaction), .init(scanLease: .step)]
                .map { try c.run(memoryHarness($0)) }
            #expect(ran.contains(true), "\(c.name) never runs on the Memory engine")
        }
    }
}
