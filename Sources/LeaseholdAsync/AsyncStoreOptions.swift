import LeaseholdCore

/// How an ``AsyncStore`` runs: how many reader threads, and under which label it reports
/// metrics.
public struct AsyncStoreOptions: Sendable, Hashable {
    /// How many read transactions may run at once (each on its own thread), or `nil` for the
    /// engine's default (``AsyncStore/defaultReaders(for:)``).
    public var readers: Int?
    /// The `store` dimension of the store's swift-metrics metrics, or `nil` to report none (the
    /// default: a store without a label pays one branch per transaction).
    public var metricsLabel: String?

    /// Creates options; every value left out takes its default.
    public init(readers: Int? = nil, metricsLabel: String? = nil) {
        self.readers = readers
        self.metricsLabel = metricsLabel
    }
}
