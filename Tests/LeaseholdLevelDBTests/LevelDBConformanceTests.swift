import LeaseholdConformance
import Testing

/// The whole conformance suite on LevelDB, plain and inside a namespace, each case reported on its
/// own.
@Suite("LevelDB engine conformance")
struct LevelDBConformanceTests {
    @Test("conformance", arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
    func conformance(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
        try c.run(levelDBHarness, variant)
    }

    /// LevelDB has no key size limit (nor a small value limit) and lends scans per step, so only
    /// the cases about those limits and about transaction-long scan leases may be left out.
    @Test("every case applies to LevelDB except those about size limits and transaction-long scan leases")
    func casesThatApply() throws {
        var skipped: Set<String> = []
        for c in ConformanceSuite.cases where !(try c.run(levelDBHarness)) { skipped.insert(c.name) }
        #expect(skipped.contains("crud.oversizedKeys") && skipped.contains("leases.keptValuesShareOneArena"))
        #expect(skipped.isSubset(of: ["crud.oversizedKeys", "leases.keptValuesShareOneArena", "manifest.maxValueSize"]), "\(skipped)")
    }
}
