import Benchmark
import Foundation
import Leasehold
@_spi(Benchmarks) import LeaseholdRocksDB

/// A RocksDB store of 1,000,000 records (16-byte keys, 100-byte values), built once in this
/// process, flushed and compacted into table files, then opened twice: as it is, and (a copy)
/// with `pinData`. Both get a 512 MiB block cache, so the data set stays cached. Every scan does
/// the same work per record: both lengths plus the key's first byte. One measured iteration is
/// one whole pass (1M records, or 100,000 point gets), so ns/record = wall clock / 1,000,000.
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

    /// Appends the lease counters of one pass to `$TMPDIR/leasehold-rocksdb-counters.txt` (the
    /// benchmark tool swallows the benchmarks' own output), once per label.
    nonisolated(unsafe) static var reported: Set<String> = []
    static func report(_ label: String, _ d: LeaseCounters) {
        guard reported.insert(label).inserted else { return }
        let line = "\(label): \(d); per record: registered \(Double(d.sinksRegistered) / Double(records)), "
            + "copied \(Double(d.sinksCopied) / Double(records)), arenas \(Double(d.arenasAllocated) / Double(records))\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("leasehold-rocksdb-counters.txt")
        if let file = try? FileHandle(forWritingTo: url) {
            file.seekToEndOfFile()
            file.write(Data(line.utf8))
            try? file.close()
        } else {
            try? Data(line.utf8).write(to: url)
        }
    }
}

/// The scan benchmarks, for one engine; `tag` names the `pinData` setting.
func scanBenchmarks(_ engine: RocksDBEngine, _ tag: String, _ configuration: Benchmark.Configuration) {
    Benchmark("\(tag) a. raw rocksdb_iter_next loop (floor)", configuration: configuration) { benchmark in
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

    Benchmark("\(tag) b. scanSpans", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            try engine.read { txn in
                var total = 0
                try txn.scanSpans { key, value in
                    total &+= key.byteCount &+ value.byteCount &+ Int(key.unsafeLoad(as: UInt8.self))
                }
                blackHole(total)
            }
        }
    }

    Benchmark("\(tag) c1. scan closure, Bytes dropped", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let before = engine.statistics.snapshot()
            try engine.read { txn in
                var total = 0
                try txn.scan { key, value in total &+= key.count &+ value.count &+ Int(key[0]) }
                blackHole(total)
            }
            Store.report("\(tag) c1 scan closure", engine.statistics.snapshot() - before)
        }
    }

    Benchmark("\(tag) c2. records() iterator, Bytes dropped", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let before = engine.statistics.snapshot()
            try engine.read { txn in
                var total = 0
                var records = try txn.records()
                while let record = try records.next() {
                    total &+= record.key.count &+ record.value.count &+ Int(record.key[0])
                }
                blackHole(total)
            }
            Store.report("\(tag) c2 records()", engine.statistics.snapshot() - before)
        }
    }

    Benchmark("\(tag) d1. scan keeping every key (copied at each step)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            var kept: [Bytes] = []
            kept.reserveCapacity(Store.records)
            let before = engine.statistics.snapshot()
            try engine.read { txn in
                try txn.scan { key, _ in kept.append(key) }
            }
            Store.report("\(tag) d1 keep every key", engine.statistics.snapshot() - before)
            blackHole(kept)
            benchmark.stopMeasurement()  // freeing the kept keys is not part of it
        }
    }

    Benchmark("\(tag) d2. scan keeping every value", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            var kept: [Bytes] = []
            kept.reserveCapacity(Store.records)
            let before = engine.statistics.snapshot()
            try engine.read { txn in
                try txn.scan { _, value in kept.append(value) }
            }
            Store.report("\(tag) d2 keep every value", engine.statistics.snapshot() - before)
            blackHole(kept)
            benchmark.stopMeasurement()
        }
    }

    Benchmark("\(tag) e. copying style: [UInt8] per key and value", configuration: configuration) { benchmark in
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
    _ = Store.randomKeys

    scanBenchmarks(plain, "step", configuration)
    scanBenchmarks(pinned, "pinData", configuration)

    Benchmark("f1. 100k random gets, raw rocksdb_get_pinned", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            try plain.read { txn in
                var total = 0
                Store.randomKeys.withUnsafeBytes { keys in
                    for i in 0 ..< Store.gets {
                        let key = UnsafeRawBufferPointer(rebasing: keys[i * 16 ..< i * 16 + 16])
                        total &+= txn.withRawPinnedValue(forKey: key) { $0!.count }
                    }
                }
                blackHole(total)
            }
        }
    }

    Benchmark("f2. 100k random gets, Leasehold get (pinned Bytes)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let before = plain.statistics.snapshot()
            try plain.read { txn in
                var total = 0
                try Store.randomKeys.withUnsafeBytes { keys in
                    for i in 0 ..< Store.gets {
                        let key = UnsafeRawBufferPointer(rebasing: keys[i * 16 ..< i * 16 + 16])
                        total &+= try txn.get(key)!.count
                    }
                }
                blackHole(total)
            }
            Store.report("f2 get", plain.statistics.snapshot() - before)
        }
    }

    Benchmark("f3. 100k random gets, Leasehold withValue", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            try plain.read { txn in
                var total = 0
                try Store.randomKeys.withUnsafeBytes { keys in
                    for i in 0 ..< Store.gets {
                        let key = UnsafeRawBufferPointer(rebasing: keys[i * 16 ..< i * 16 + 16])
                        total &+= try txn.withValue(forKey: key) { $0!.count }
                    }
                }
                blackHole(total)
            }
        }
    }
}
