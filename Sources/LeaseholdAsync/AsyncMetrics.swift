import CoreMetrics
@_spi(Adapter) import LeaseholdCore  // Locked: a pthread lock TSan sees (Mutex it cannot)

/// The swift-metrics instruments of one ``AsyncStore`` with a metrics label, made once when the
/// store opens so that a transaction only increments and records.
///
/// Every metric carries the dimension `store` (the label):
/// - `leasehold_transactions_total` (counter; `kind` = `read`|`write`, `outcome` =
///   `ok`|`error`|`cancelled`): transactions finished, failed, or cancelled before they started;
/// - `leasehold_transaction_duration` (timer; `kind`): how long the transaction ran on its thread;
/// - `leasehold_transaction_queue_wait` (timer; `kind`): how long it waited for a thread;
/// - `leasehold_lease_sinks_registered_total`, `leasehold_lease_sinks_copied_total`,
///   `leasehold_lease_bytes_copied_total`, `leasehold_lease_arenas_allocated_total`,
///   `leasehold_lease_expiries_total` (counters): the engine's ``LeaseStatistics``, advanced
///   by their change after each transaction.
final class AsyncMetrics: Sendable {
    /// Which kind of transaction a figure belongs to.
    enum Kind: Int, Sendable { case read = 0, write = 1 }

    /// How a transaction ended.
    enum Outcome: Int, Sendable { case ok = 0, error = 1, cancelled = 2 }

    private let transactions: [[Counter]]  // [kind][outcome]
    private let durations: [Timer]
    private let queueWaits: [Timer]
    private let leaseCounters: [Counter]
    private let statistics: LeaseStatistics
    private let published: Locked<LeaseCounters>

    /// Makes the instruments for `label` from `factory`, starting the lease counters from the
    /// engine's current totals.
    init(label: String, factory: any MetricsFactory, statistics: LeaseStatistics) {
        let kinds = ["read", "write"]
        transactions = kinds.map { kind in
            ["ok", "error", "cancelled"].map { outcome in
                Counter(
                    label: "leasehold_transactions_total",
                    dimensions: [("store", label), ("kind", kind), ("outcome", outcome)], factory: factory)
            }
        }
        durations = kinds.map {
            Timer(label: "leasehold_transaction_duration", dimensions: [("store", label), ("kind", $0)], factory: factory)
        }
        queueWaits = kinds.map {
            Timer(label: "leasehold_transaction_queue_wait", dimensions: [("store", label), ("kind", $0)], factory: factory)
        }
        leaseCounters = ["sinks_registered", "sinks_copied", "bytes_copied", "arenas_allocated", "expiries"].map {
            Counter(label: "leasehold_lease_\($0)_total", dimensions: [("store", label)], factory: factory)
        }
        self.statistics = statistics
        published = Locked(statistics.snapshot())
    }

    /// Counts a transaction of `kind` that ended with `outcome`.
    func count(_ kind: Kind, _ outcome: Outcome) {
        transactions[kind.rawValue][outcome.rawValue].increment()
    }

    /// Records how long a transaction waited for its thread and how long it ran.
    func time(_ kind: Kind, waited: Duration, ran: Duration) {
        queueWaits[kind.rawValue].recordNanoseconds(waited.nanoseconds)
        durations[kind.rawValue].recordNanoseconds(ran.nanoseconds)
    }

    /// Advances the lease counters by what the engine's statistics gained since the last call.
    func publishLeases() {
        let delta = published.withLock { last -> LeaseCounters in
            let now = statistics.snapshot()  // inside the lock: each total only grows
            let d = now - last
            last = now
            return d
        }
        let parts = [delta.sinksRegistered, delta.sinksCopied, delta.bytesCopied, delta.arenasAllocated, delta.expiries]
        for (counter, amount) in zip(leaseCounters, parts) where amount > 0 { counter.increment(by: amount) }
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (ns, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : ns &+ attoseconds / 1_000_000_000
    }
}
