import CoreMetrics
import LeaseholdAsync
import Synchronization
import Testing

/// A metrics backend that keeps every value in memory, for the tests to read.
final class RecordingMetrics: MetricsFactory {
    /// Counter totals and timer samples by `label{name=value,…}` (dimensions sorted).
    let counters = Mutex<[String: Int64]>([:])
    let timers = Mutex<[String: [Int64]]>([:])

    static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        label + "{" + dimensions.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: ",") + "}"
    }

    final class CounterBox: CounterHandler {
        let key: String
        let owner: RecordingMetrics
        init(_ key: String, _ owner: RecordingMetrics) { self.key = key; self.owner = owner }
        func increment(by amount: Int64) { owner.counters.withLock { $0[key, default: 0] += amount } }
        func reset() { owner.counters.withLock { $0[key] = 0 } }
    }

    final class TimerBox: TimerHandler, RecorderHandler {
        let key: String
        let owner: RecordingMetrics
        init(_ key: String, _ owner: RecordingMetrics) { self.key = key; self.owner = owner }
        func recordNanoseconds(_ duration: Int64) { owner.timers.withLock { $0[key, default: []].append(duration) } }
        func record(_ value: Int64) { recordNanoseconds(value) }
        func record(_ value: Double) { recordNanoseconds(Int64(value)) }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        CounterBox(Self.key(label, dimensions), self)
    }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        TimerBox(Self.key(label, dimensions), self)
    }
    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        TimerBox(Self.key(label, dimensions), self)
    }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}

    func counter(_ label: String, _ dimensions: [(String, String)]) -> Int64 {
        counters.withLock { $0[Self.key(label, dimensions)] ?? 0 }
    }
    func samples(_ label: String, _ dimensions: [(String, String)]) -> [Int64] {
        timers.withLock { $0[Self.key(label, dimensions)] ?? [] }
    }
}

/// A store with a metrics label counts and times its transactions and publishes lease counters.
@Suite struct AsyncMetricsTests {
    @Test("transactions are counted by kind and outcome, timed, and lease counters follow the engine", arguments: [LocalEngine.memory, .lmdb])
    func counted(_ engine: LocalEngine) async throws {
        let metrics = RecordingMetrics()
        let options = AsyncStoreOptions(metricsLabel: "orders", metricsFactory: metrics)
        try await withAsyncStore(engine, options: options) { store in
            try await store.write { txn in for i in 0 ..< 10 { try txn.put(recordKey(1, i), [UInt8(i)]) } }
            struct Refused: Error {}
            await #expect(throws: Refused.self) { try await store.write { _ in throw Refused() } }
            let kept = try await store.read { txn in
                // Values that escape the closure are copied when the transaction ends: the lease counts it.
                var kept: [[UInt8]] = []
                try txn.scan { _, value in kept.append(Array(value)) }
                return kept
            }
            #expect(kept.count == 10)
            let cancelled = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await store.read { txn in try txn.count() }
            }
            await #expect(throws: CancellationError.self) { try await cancelled.value }

            func total(_ kind: String, _ outcome: String) -> Int64 {
                metrics.counter("leasehold_transactions_total", [("store", "orders"), ("kind", kind), ("outcome", outcome)])
            }
            #expect(total("write", "ok") == 1)
            #expect(total("write", "error") == 1)
            #expect(total("read", "ok") == 1)
            #expect(total("read", "cancelled") == 1)
            #expect(total("read", "error") == 0)
            #expect(metrics.samples("leasehold_transaction_duration", [("store", "orders"), ("kind", "write")]).count == 2)
            #expect(metrics.samples("leasehold_transaction_queue_wait", [("store", "orders"), ("kind", "read")]).count == 1)
            let registered = metrics.counter("leasehold_lease_sinks_registered_total", [("store", "orders")])
            #expect(registered > 0)
            #expect(Int(registered) <= store.engine.statistics.snapshot().sinksRegistered)
        }
    }

    @Test("a store without a label reports nothing")
    func unlabelled() async throws {
        let metrics = RecordingMetrics()
        try await withAsyncStore(.memory, options: AsyncStoreOptions(metricsFactory: metrics)) { store in
            try await store.write { txn in try txn.put([1], [1]) }
        }
        #expect(metrics.counters.withLock { $0.isEmpty })
    }
}
