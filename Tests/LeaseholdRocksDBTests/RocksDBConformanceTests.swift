import Leasehold
import LeaseholdConformance
import Testing

/// The whole conformance suite on RocksDB, plain and inside a namespace, with `pinData` off
/// (values lent per step) and on (values lent per cursor), each case reported on its own.
@Suite("RocksDB engine conformance")
struct RocksDBConformanceTests {
    @Test("conformance", arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
    func conformance(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
        try c.run(rocksdbHarness(pinData: false), variant)
    }

    @Test("conformance with pinData", arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
    func conformancePinned(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
        try c.run(rocksdbHarness(pinData: true), variant)
    }

    @Test("the cases that apply to step-lease engines all run on RocksDB")
    func applicableCasesRun() throws {
        let skipped = try ConformanceSuite.cases.filter { !(try $0.run(rocksdbHarness(pinData: false))) }.map(\.name)
        // Only the case about one arena per transaction-long lease is ruled out by step leases.
        #expect(skipped == ["leases.keptValuesShareOneArena"])
    }
}
