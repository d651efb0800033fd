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

    @Test("every case applies to LMDB but the one that writes a value past its 4 GiB limit")
    func everyCaseApplies() throws {
        for c in ConformanceSuite.cases {
            let store = try lmdbHarness.makeStore()
            defer { lmdbHarness.destroy(store) }
            let why = c.whyNotApplicable(store.capabilities, lmdbHarness)
            if c.name == "manifest.maxValueSize" {
                #expect(why == "requires maxValueSize <= 16777216 (maxValueSize is 4294967295)")
            } else {
                #expect(why == nil, "\(c.name) does not run on LMDB")
            }
        }
    }
}
