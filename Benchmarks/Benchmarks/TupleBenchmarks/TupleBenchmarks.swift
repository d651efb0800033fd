import Benchmark
import Leasehold

/// Tuple keys: pack, unpack, and lazy access to one element, alone and on keys lent by a store.
/// The codec benchmarks run 1,000 operations per measured iteration (`scalingFactor: .kilo`), so
/// their figures are per operation; the store benchmarks scan 1,000 keys per iteration.
let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal]
    let perOperation = Benchmark.Configuration(metrics: metrics, scalingFactor: .kilo)

    Benchmark("pack ('users', 123456789, 'alice@example.com') into a Key", configuration: perOperation) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(Key("users", 123_456_789, "alice@example.com"))
        }
    }

    Benchmark("pack ('users', 123456789, 'alice@example.com') into [UInt8]", configuration: perOperation) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(Key.pack("users", 123_456_789, "alice@example.com"))
        }
    }

    Benchmark("unpack ('users', 123456789, 'alice@example.com') as (String, Int, String)", configuration: perOperation) { benchmark in
        let key = Key(packed: Key.pack("users", 123_456_789, "alice@example.com"))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try key.decode(String.self, Int.self, String.self))
        }
    }

    Benchmark("unpack ('users', 123456789, 'alice@example.com') as (Bytes, Int, Bytes) views", configuration: perOperation) { benchmark in
        let key = Key(packed: Key.pack("users", 123_456_789, "alice@example.com"))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try key.decode(Bytes.self, Int.self, Bytes.self))
        }
    }

    Benchmark("lazy key[1, as: Int.self] of a 3-element key made from bytes", configuration: perOperation) { benchmark in
        let key = Key(packed: Key.pack("users", 123_456_789, "alice@example.com"))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try key[1, as: Int.self])
        }
    }

    // Keys lent by the Memory engine: one read transaction scanning 1,000 keys per iteration.
    let engine = try! MemoryEngine()
    try! engine.write { txn in
        for id in 0 ..< 1_000 { try txn.put(Key("users", id, "alice@example.com"), [1]) }
    }
    let perScan = Benchmark.Configuration(metrics: metrics, maxDuration: .seconds(2))

    Benchmark("Memory store: scan 1,000 keys (baseline)", configuration: perScan) { _ in
        try engine.read { txn in
            try txn.scan { key, _ in blackHole(key.count) }
        }
    }

    Benchmark("Memory store: scan 1,000 keys, lazy key[1, as: Int.self] of each", configuration: perScan) { _ in
        try engine.read { txn in
            try txn.scan { key, _ in blackHole(try Key(packed: key)[1, as: Int.self]) }
        }
    }
}
