import Benchmark
import Foundation
import Leasehold
import LeaseholdLMDB
import LeaseholdBenchmarkSupport
import ScanPasses
import ScanStyles

/// One LMDB store of 1,000,000 records (16-byte keys, 100-byte values), built once in this
/// process, scanned and read in each style (`ScanStyles`, plus the expiry at a transaction's end
/// and the Memory engine's scans) against a raw `mdb_cursor_get` loop in the same run. Every scan
/// does the same work per record: both lengths plus the key's first byte. One measured iteration
/// is one whole pass (1M records, or 100,000 point gets), so ns/record = wall clock / 1,000,000
/// and mallocs/record likewise.
enum Store {
    static let records = 1_000_000
    static let gets = 100_000

    static func key(_ i: Int) -> [UInt8] {
        Array("leasehld".utf8) + withUnsafeBytes(of: UInt64(i).bigEndian) { Array($0) }
    }

    static let engine: LMDBEngine = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("leasehold-bench-\(getpid())").path
        try? FileManager.default.removeItem(atPath: path)
        let engine = try! LMDBEngine(options: .init(path: path, mapSize: 1 << 30, noSync: true))
        var value = [UInt8](repeating: 0, count: 100)
        for start in stride(from: 0, to: records, by: 100_000) {
            try! engine.write { txn in
                for i in start ..< start + 100_000 {
                    for j in 0 ..< 100 { value[j] = UInt8(truncatingIfNeeded: i &+ j) }
                    try txn.put(key(i), value)
                }
            }
        }
        atexit { try? FileManager.default.removeItem(atPath: FileManager.default.temporaryDirectory.appendingPathComponent("leasehold-bench-\(getpid())").path) }
        return engine
    }()

    /// The same records in a Memory engine.
    static let memoryEngine: MemoryEngine = {
        let engine = try! MemoryEngine()
        var value = [UInt8](repeating: 0, count: 100)
        try! engine.write { txn in
            for i in 0 ..< records {
                for j in 0 ..< 100 { value[j] = UInt8(truncatingIfNeeded: i &+ j) }
                try txn.put(key(i), value)
            }
        }
        return engine
    }()

    /// 100,000 keys in random order, back to back in one buffer (16 bytes each).
    static let randomKeys: [UInt8] = {
        var generator = SystemRandomNumberGenerator()
        return (0 ..< gets).flatMap { _ in key(Int.random(in: 0 ..< records, using: &generator)) }
    }()
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], warmupIterations: 2,
        maxDuration: .seconds(4), maxIterations: 25)
    let engine = Store.engine
    let report = CounterReport(fileName: "leasehold-lmdb-counters.txt", records: Store.records)

    Benchmark("a. raw mdb_cursor_get loop (floor)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            try engine.read { txn in
                try txn.withRawCursor { cursor in
                    var total = 0
                    while cursor.next() { total &+= cursor.key.count &+ cursor.value.count &+ Int(cursor.key[0]) }
                    blackHole(total)
                }
            }
        }
    }

    ScanStyles.register(
        engine, records: Store.records, randomKeys: Store.randomKeys, keyLength: 16, configuration: configuration,
        report: report)

    // The expiry alone at the end of a read transaction that kept every key (or value); the
    // scan before it and freeing the kept values afterwards are not measured.
    for (label, pass) in [("d3. expiry of 1M kept keys (transaction end only)", keepKeysPass(_:_:) as (LMDBReadTransaction, inout [Bytes]) throws -> Void),
                          ("d4. expiry of 1M kept values (transaction end only)", keepValuesPass(_:_:))] {
        Benchmark(label, configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                var kept: [Bytes] = []
                kept.reserveCapacity(Store.records)
                try report.once(String(label.prefix(2)) + " expiry", engine) {
                    try engine.read { txn in
                        try pass(txn, &kept)
                        benchmark.startMeasurement()
                    }
                }
                benchmark.stopMeasurement()
                blackHole(kept)
            }
        }
    }

    Benchmark("e. copying style: [UInt8] per key and value", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            try engine.read { txn in
                try txn.withRawCursor { cursor in
                    var total = 0
                    while cursor.next() {
                        let key = [UInt8](cursor.key)
                        let value = [UInt8](cursor.value)
                        total &+= key.count &+ value.count &+ Int(key[0])
                    }
                    blackHole(total)
                }
            }
        }
    }

    Benchmark("f1. 100k random gets, raw mdb_get", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            try engine.read { txn in
                var total = 0
                Store.randomKeys.withUnsafeBytes { keys in
                    for i in 0 ..< Store.gets {
                        let key = UnsafeRawBufferPointer(rebasing: keys[i * 16 ..< i * 16 + 16])
                        total &+= txn.rawValue(forKey: key)!.count
                    }
                }
                blackHole(total)
            }
        }
    }

    // The Memory engine over the same records: its scans share the lending path with LMDB's.
    let memory = Store.memoryEngine
    Benchmark("g1. Memory: scanSpans", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try memory.read { try spansPass($0) })
        }
    }

    Benchmark("g2. Memory: scan closure, Bytes dropped", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try memory.read { try scanPass($0) })
        }
    }

    Benchmark("g3. Memory: records() iterator, Bytes dropped", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try memory.read { try recordsPass($0) })
        }
    }
}
