import Benchmark
import Foundation
import Leasehold
@_spi(Benchmarks) import LeaseholdRocksDB
import ScanStyles

/// A RocksDB store of 1,000,000 records (16-byte keys, 100-byte values), built once in this
/// process, flushed and compacted into table files, then opened twice: as it is, and (a copy)
/// with `pinData`. Both get a 512 MiB block cache, so the data set stays cached. Every scan does
/// the same work per record (`ScanStyles`) against a raw C-API loop in the same run. One measured
/// iteration is one whole pass (1M records, or 100,000 point gets), so ms per pass = ns per record
/// (per get: ÷ 100,000) and mallocs likewise.
enum Store {
    static let records = 1_000_000
    static let gets = 100_000
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("leasehold-rocksdb-bench-\(getpid())").path

    static func key(_ i: Int) -> [UInt8] {
        Array("leasehld".utf8) + withUnsafeBytes(of: UInt64(i).bigEndian) { Array($0) }
    }

    static func options(_ path: String, pinData: Bool) -> RocksDBEngine.Options {
        .init(path: path, pinData: pinData, syncWrites: false, compression: .none, blockCacheSize: 512 << 20)
    }

    /// The two engines over the same records: `pinData` off and on.
    static let engines: (plain: RocksDBEngine, pinned: RocksDBEngine) = {
        try? FileManager.default.removeItem(atPath: directory)
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let plainPath = directory + "/plain", pinnedPath = directory + "/pinned"
        let builder = try! RocksDBEngine(options: options(plainPath, pinData: false))
        var value = [UInt8](repeating: 0, count: 100)
        for start in stride(from: 0, to: records, by: 100_000) {
            try! builder.write { txn in
                for i in start ..< start + 100_000 {
                    for j in 0 ..< 100 { value[j] = UInt8(truncatingIfNeeded: i &+ j) }
                    try txn.put(key(i), value)
                }
            }
        }
        try! builder.flush()
        try! builder.compact()
        try! builder.close()
        try! FileManager.default.copyItem(atPath: plainPath, toPath: pinnedPath)
        atexit { try? FileManager.default.removeItem(atPath: Store.directory) }
        return (try! RocksDBEngine(options: options(plainPath, pinData: false)),
                try! RocksDBEngine(options: options(pinnedPath, pinData: true)))
    }()

    /// 100,000 keys in random order, back to back in one buffer (16 bytes each).
    static let randomKeys: [UInt8] = {
        var generator = SystemRandomNumberGenerator()
        return (0 ..< gets).flatMap { _ in key(Int.random(in: 0 ..< records, using: &generator)) }
    }()
}

/// The raw floor and the copying style of one engine, in RocksDB's C API; `tag` names the
/// `pinData` setting (the raw iterator uses the transaction's read options, `pin_data` included).
func rawScans(_ engine: RocksDBEngine, _ tag: String, _ configuration: Benchmark.Configuration) {
    Benchmark("\(tag)a. raw rocksdb_iter_next loop (floor)", configuration: configuration) { benchmark in
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

    Benchmark("\(tag)e. copying style: [UInt8] per key and value", configuration: configuration) { benchmark in
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
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], warmupIterations: 2,
        maxDuration: .seconds(4), maxIterations: 20)
    let (plain, pinned) = Store.engines
    let randomKeys = Store.randomKeys
    let report = CounterReport(fileName: "leasehold-rocksdb-counters.txt", records: Store.records)

    rawScans(plain, "", configuration)
    ScanStyles.register(plain, records: Store.records, randomKeys: randomKeys, keyLength: 16, configuration: configuration, report: report)
    rawScans(pinned, "pinData ", configuration)
    ScanStyles.register(
        pinned, records: Store.records, randomKeys: randomKeys, keyLength: 16, configuration: configuration, report: report,
        namePrefix: "pinData ", pointGets: false)

    Benchmark("f1. 100k random gets, raw rocksdb_get_pinned", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            try plain.read { txn in
                var total = 0
                randomKeys.withUnsafeBytes { keys in
                    for i in 0 ..< Store.gets {
                        let key = UnsafeRawBufferPointer(rebasing: keys[i * 16 ..< i * 16 + 16])
                        total &+= txn.withRawPinnedValue(forKey: key) { $0!.count }
                    }
                }
                blackHole(total)
            }
        }
    }
}
