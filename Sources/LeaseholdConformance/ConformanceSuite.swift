import LeaseholdCore

/// The conformance suite: every case an adapter must pass.
///
/// Run it from your adapter's tests, one Swift Testing argument per case and variant:
///
/// ```swift
/// @Test(arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
/// func conformance(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
///     try c.run(myHarness, variant)
/// }
/// ```
/// Cases that the engine's ``Capabilities`` rule out return without running.
public enum ConformanceSuite {
    /// Every case.
    public static let cases: [ConformanceCase] = crudCases + rangeCases + transactionCases + readYourWritesCases + leaseCases
        + manifestCases + misuseCases + lifecycleCases + pathCases + concurrencyCases + changeCases

    /// The case named `name`.
    public static func named(_ name: String) -> ConformanceCase? { cases.first { $0.name == name } }
}
