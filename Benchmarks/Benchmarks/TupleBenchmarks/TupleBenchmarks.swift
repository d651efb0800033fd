import Benchmark
import BigInt
import Foundation
import Leasehold

/// A record stored as a tuple value by the Codable benchmarks.
struct User: Codable {
    var name: String
    var id: Int
    var email: String?
    var avatar: Bytes
}

/// Tuple keys: pack, unpack, and lazy access to one element, alone and on keys lent by a store;
/// integers beyond 64 bits; Codable records through TupleEncoder / TupleDecoder.
/// The codec benchmarks run 1,000 operations per measured iteration (`scalingFactor: .kilo`), so
/// their figures are per operation; the store benchmarks scan 1,000 keys per iteration.
let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal]
    let perOperation = Benchmark.Configuration(metrics: metrics, scalingFactor: .kilo)
    // Each iteration takes the next of 16 inputs, so the optimizer cannot hoist the work out of
    // the loop (with one loop-invariant key it may, for whichever version inlines more).
    let keys = (0 ..< 16).map { Key(packed: Key.pack("users", 123_456_789 + $0, "alice@example.com")) }

    Benchmark("pack ('users', 123456789, 'alice@example.com') into a Key", configuration: perOperation) { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(Key("users", 123_456_789 &+ (i & 15), "alice@example.com"))
        }
    }

    Benchmark("pack ('users', 123456789, 'alice@example.com') into [UInt8]", configuration: perOperation) { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(Key.pack("users", 123_456_789 &+ (i & 15), "alice@example.com"))
        }
    }

    Benchmark("unpack ('users', 123456789, 'alice@example.com') as (String, Int, String)", configuration: perOperation) { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(try keys[i & 15].decode(String.self, Int.self, String.self))
        }
    }

    Benchmark("unpack ('users', 123456789, 'alice@example.com') as (Bytes, Int, Bytes) views", configuration: perOperation) { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(try keys[i & 15].decode(Bytes.self, Int.self, Bytes.self))
        }
    }

    Benchmark("lazy key[1, as: Int.self] of a 3-element key made from bytes", configuration: perOperation) { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(try keys[i & 15][1, as: Int.self])
        }
    }

    Benchmark("pack ('users', 2^100) into a Key (a 13-byte integer, long form)", configuration: perOperation) { benchmark in
        let big = BigInt(1) << 100
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(Key("users", big))
        }
    }

    Benchmark("unpack ('users', 2^100) as (Bytes, BigInt)", configuration: perOperation) { benchmark in
        let key = Key("users", BigInt(1) << 100)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try key.decode(Bytes.self, BigInt.self))
        }
    }

    // Codable records: ('alice', 123456789, 'alice@example.com', b'<32 bytes>').
    let user = User(name: "alice", id: 123_456_789, email: "alice@example.com", avatar: Bytes([UInt8](repeating: 7, count: 32)))
    let encoded = try! TupleEncoder().encode(user)

    Benchmark("TupleEncoder: encode a 4-field record into Bytes", configuration: perOperation) { benchmark in
        let encoder = TupleEncoder()
        for _ in benchmark.scaledIterations {
            blackHole(try encoder.encode(user))
        }
    }

    Benchmark("TupleEncoder: encode a 4-field record into a temporary buffer (as put does)", configuration: perOperation) { benchmark in
        let encoder = TupleEncoder()
        for _ in benchmark.scaledIterations {
            blackHole(try encoder.withEncoding(of: user) { $0.count })
        }
    }

    Benchmark("TupleDecoder: decode a 4-field record (Bytes field as a view)", configuration: perOperation) { benchmark in
        let decoder = TupleDecoder()
        for _ in benchmark.scaledIterations {
            blackHole(try decoder.decode(User.self, from: encoded))
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
