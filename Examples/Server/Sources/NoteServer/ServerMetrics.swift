import Metrics
import Prometheus

/// The process's metrics: swift-metrics bootstrapped once with a Prometheus registry, which
/// `GET /metrics` prints (the store's transaction and lease metrics from `AsyncStore`, the
/// request counters of Hummingbird's `MetricsMiddleware`).
public enum ServerMetrics {
    /// The registry every metric of the process is recorded in.
    public static let registry = PrometheusCollectorRegistry()

    /// Bootstraps swift-metrics with ``registry`` the first time it is called; later calls do
    /// nothing (swift-metrics allows one bootstrap per process).
    public static func bootstrap() { _ = bootstrapped }

    private static let bootstrapped: Void = {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }()

    /// The registry's metrics in the Prometheus text format.
    public static func exposition() -> [UInt8] { registry.emitToBuffer() }
}
