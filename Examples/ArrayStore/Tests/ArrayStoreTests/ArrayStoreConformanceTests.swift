import ArrayStore
import Leasehold
import LeaseholdConformance
import Testing

/// The Leasehold conformance suite on this adapter, one test argument per case and variant;
/// `swift package leasehold-conformance` runs exactly these and reports them.
@Suite("ArrayStore conformance")
struct ArrayStoreConformanceTests {
    static let harness = ConformanceHarness(name: "arraystore", makeStore: { AnyEngine(ArrayStoreEngine()) })

    @Test(arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
    func conformance(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
        try c.run(Self.harness, variant)
    }

    @Test("opens through the engine registry")
    func registry() throws {
        let store = try EngineRegistry([.arrayStore]).open("arraystore:")
        #expect(store.base is ArrayStoreEngine)
        try store.write { try $0.put(Bytes("k"), Bytes("v")) }
        #expect(try store.read { try $0.get(Bytes("k")) } == Bytes("v"))
    }
}
