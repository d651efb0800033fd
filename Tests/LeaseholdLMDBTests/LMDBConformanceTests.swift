import Leasehold
import LeaseholdConformance
import Testing

/// The whole conformance suite on LMDB, plain and inside a namespace, each case reported on its own.
@Suite("LMDB engine conformance")
struct LMDBConformanceTests {
    @Test("conformance", arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
    func conformance(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
        try c.run(lmdbHarness, variant)
    }

    @Test("every case applies to LMDB")
    func everyCaseApplies() throws {
        for c in ConformanceSuite.cases {
            #expect(try c.run(lmdbHarness), "\(c.name) does not run on LMDB")
        }
    }
}
