import CrashingAdapter
import LeaseholdConformance
import LeaseholdCore
import Testing

@Suite("CrashingAdapter conformance")
struct CrashingConformanceTests {
    static let harness = ConformanceHarness(name: "crashing", makeStore: { AnyEngine(CrashingEngine()) })

    @Test(arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
    func conformance(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
        try c.run(Self.harness, variant)
    }
}
