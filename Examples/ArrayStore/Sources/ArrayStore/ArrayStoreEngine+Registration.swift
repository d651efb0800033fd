import Leasehold

extension EngineRegistration {
    /// `arraystore:`: a new, empty ``ArrayStoreEngine`` at every open. Register it once with
    /// `Engines.register(.arrayStore)`; then `Engines.open("arraystore:")`.
    public static let arrayStore = EngineRegistration(
        scheme: "arraystore", summary: "a sorted array in memory (the example adapter)", example: "arraystore:",
        scratch: .independentOpens("arraystore")
    ) { _ in ArrayStoreEngine() }
}
