import ArrayStore
import LeaseholdConformance
import LeaseholdCore
import Testing

/// The Leasehold conformance suite on this adapter, one test argument per case and variant;
/// `swift package leasehold-conformance` runs exactly these and reports them.
@Suite("ArrayStore conformance")
struct ArrayStoreConformanceTests {
    static let harness = try! ConformanceHarness(url: "arraystore:", registry: EngineRegistry([.arrayStore]))

    @Test(arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
    func conformance(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
        try c.run(Self.harness, variant)
    }
}
