import Benchmark
import Foundation
import Leasehold
import LeaseholdRocksDB
import LeaseholdBenchmarkSupport
import ScanStyles

/// A RocksDB store of 1,000,000 records (`BenchmarkRecords`: 16-byte keys, 100-byte values),
/// built once in this process, flushed and compacted into uncompressed table files, then opened
/// twice: as it is, and (a copy) with `pinData`. Both get a 512 MiB block cache, so the data set
/// stays cached. Each style (`ScanStyles`) runs against a raw C-API loop in the same run. One
/// measured iteration is one whole pass (1M records, or 100,000 point gets), so ms per pass = ns
/// per record (per get: ÷ 100,000) and mallocs likewise.
enum Store {
    static let records = 1_000_000
    static let gets = 100_000
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("leasehold-rocksdb-bench-\(getpid())").path

    static func options(_ path: String, pinData: Bool) -> RocksDBEngine.Options {
        .init(path: path, pinData: pinData, syncWrites: false, compression: .none, blockCacheSize: 512 << 20)
    }

    /// The two engines over the same records: `pinData` off and on.
    static let engines: (plain: RocksDBEngine, pinned: RocksDBEngine) = {
        try? FileManager.default.removeItem(atPath: directory)
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let plainPath = directory + "/plain", pinnedPath = directory + "/pinned"
        let builder = try! RocksDBEngine(options: options(plainPath, pinData: false))
        try! BenchmarkRecords.load(builder, count: records)
        try! builder.flush()
        try! builder.compact()
        try! builder.close()
        try! FileManager.default.copyItem(atPath: plainPath, toPath: pinnedPath)
        atexit { try? FileManager.default.removeItem(atPath: Store.directory) }
        return (try! RocksDBEngine(options: options(plainPath, pinData: false)),
                try! RocksDBEngine(options: options(pinnedPath, pinData: true)))
    }()
}


let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], warmupIterations: 2,
        maxDuration: .seconds(4), maxIterations: 20)
    let (plain, pinned) = Store.engines
    let randomKeys = BenchmarkRecords.randomKeys(gets: Store.gets, records: Store.records)
    let report = CounterReport(fileName: "leasehold-rocksdb-counters.txt", records: Store.records)

    for (engine, prefix) in [(plain, ""), (pinned, "pinData ")] {
        ScanStyles.registerRaw(floor: "rocksdb_iter_next", configuration: configuration, namePrefix: prefix) { body in
            try engine.read { txn in try txn.withRawIterator { body(&$0) } }
        }
        ScanStyles.register(
            engine, records: Store.records, randomKeys: randomKeys, keyLength: 16, configuration: configuration,
            report: report, namePrefix: prefix, pointGets: engine === plain)
    }

    Benchmark("f1. 100k random gets, raw rocksdb_get_pinned", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            try plain.read { txn in
                var total = 0
                randomKeys.withUnsafeBytes { keys in
                    for i in 0 ..< Store.gets {
                        total &+= txn.withRawPinnedValue(forKey: UnsafeRawBufferPointer(rebasing: keys[i * 16 ..< i * 16 + 16])) { $0!.count }
                    }
                }
                blackHole(total)
            }
        }
    }
}
