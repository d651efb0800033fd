import Benchmark
import Foundation
import Leasehold
@_spi(Benchmarks) import LeaseholdLevelDB
import ScanStyles

/// One LevelDB store of 1,000,000 records (16-byte keys, 100-byte values), built and compacted
/// once in this process, then scanned and read in each style (`ScanStyles`) against a raw C-API
/// loop in the same run. Tables are uncompressed, so the raw loop is as cheap as LevelDB gets and
/// Leasehold's share shows. One measured iteration is one whole pass (1M records, or 100,000 point
/// gets), so ms per pass = ns per record (per get: ÷ 100,000) and mallocs likewise.
enum Store {
    static let records = 1_000_000
    static let gets = 100_000
    static let path = FileManager.default.temporaryDirectory.appendingPathComponent("leasehold-leveldb-bench-\(getpid())").path

    static func key(_ i: Int) -> [UInt8] {
        Array("leasehld".utf8) + withUnsafeBytes(of: UInt64(i).bigEndian) { Array($0) }
    }

    static let engine: LevelDBEngine = {
        try? FileManager.default.removeItem(atPath: path)
        let engine = try! LevelDBEngine(options: .init(path: path, syncWrites: false, compression: .none))
        var value = [UInt8](repeating: 0, count: 100)
        for start in stride(from: 0, to: records, by: 100_000) {
            try! engine.write { txn in
                for i in start ..< start + 100_000 {
                    for j in 0 ..< 100 { value[j] = UInt8(truncatingIfNeeded: i &+ j) }
                    try txn.put(key(i), value)
                }
            }
        }
        try! engine.compact()
        atexit { try? FileManager.default.removeItem(atPath: Store.path) }
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
    let randomKeys = Store.randomKeys

    Benchmark("a. raw leveldb_iter loop (floor)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            try engine.read { txn in
                try txn.withRawIterator { iterator in
                    var total = 0
                    while iterator.next() {
                        let key = iterator.key
                        total &+= key.count &+ iterator.value.count &+ Int(key[0])
                    }
                    blackHole(total)
                }
            }
        }
    }

    ScanStyles.register(
        engine, records: Store.records, randomKeys: randomKeys, keyLength: 16, configuration: configuration,
        report: CounterReport(fileName: "leasehold-leveldb-counters.txt", records: Store.records))

    Benchmark("e. copying style: [UInt8] per key and value", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            try engine.read { txn in
                try txn.withRawIterator { iterator in
                    var total = 0
                    while iterator.next() {
                        let key = [UInt8](iterator.key)
                        let value = [UInt8](iterator.value)
                        total &+= key.count &+ value.count &+ Int(key[0])
                    }
                    blackHole(total)
                }
            }
        }
    }

    Benchmark("f1. 100k random gets, raw leveldb_get + leveldb_free", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            try engine.read { txn in
                var total = 0
                randomKeys.withUnsafeBytes { keys in
                    for i in 0 ..< Store.gets {
                        total &+= txn.rawValueCount(forKey: UnsafeRawBufferPointer(rebasing: keys[i * 16 ..< i * 16 + 16]))
                    }
                }
                blackHole(total)
            }
        }
    }
}
