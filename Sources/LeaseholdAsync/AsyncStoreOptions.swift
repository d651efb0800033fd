import CoreMetrics
import LeaseholdCore

/// How an ``AsyncStore`` runs: how many reader threads, and under which label it reports
/// metrics.
public struct AsyncStoreOptions: Sendable {
    /// How many read transactions may run at once (each on its own thread), or `nil` for the
    /// engine's default (``AsyncStore/defaultReaders(for:)``).
    public var readers: Int?
    /// The `store` dimension of the store's swift-metrics metrics, or `nil` to report none (the
    /// default: a store without a label pays one branch per transaction).
    public var metricsLabel: String?
    /// Where the metrics go when ``metricsLabel`` is set, or `nil` for the factory the program
    /// bootstrapped (`MetricsSystem.factory`).
    public var metricsFactory: (any MetricsFactory)?

    /// Creates options; every value left out takes its default.
    public init(readers: Int? = nil, metricsLabel: String? = nil, metricsFactory: (any MetricsFactory)? = nil) {
        self.readers = readers
        self.metricsLabel = metricsLabel
        self.metricsFactory = metricsFactory
    }
}
