import Benchmark
import Foundation
import Leasehold
import LeaseholdLevelDB
import LeaseholdBenchmarkSupport
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

    static let engine: LevelDBEngine = {
        try? FileManager.default.removeItem(atPath: path)
        let engine = try! LevelDBEngine(options: .init(path: path, syncWrites: false, compression: .none))
        try! BenchmarkRecords.load(engine, count: records)
        try! engine.compact()
        atexit { try? FileManager.default.removeItem(atPath: Store.path) }
        return engine
    }()
}


let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], warmupIterations: 2,
        maxDuration: .seconds(4), maxIterations: 25)
    let engine = Store.engine
    let randomKeys = BenchmarkRecords.randomKeys(gets: Store.gets, records: Store.records)

    ScanStyles.registerRaw(floor: "leveldb_iter", configuration: configuration) { body in
        try engine.read { txn in try txn.withRawIterator { body(&$0) } }
    }

    ScanStyles.register(
        engine, records: Store.records, randomKeys: randomKeys, keyLength: 16, configuration: configuration,
        report: CounterReport(fileName: "leasehold-leveldb-counters.txt", records: Store.records))

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
