import Benchmark
import Foundation
import Leasehold
@_spi(Benchmarks) import LeaseholdLevelDB

/// One LevelDB store of 1,000,000 records (16-byte keys, 100-byte values), built and compacted
/// once in this process, then scanned and read in each style against a raw C-API loop. Tables are
/// uncompressed, so the raw loop is as cheap as LevelDB gets and Leasehold's share shows. Every
/// scan does the same work per record: both lengths plus the key's first byte. One measured
/// iteration is one whole pass (1M records, or 100,000 point gets), so ms per pass = ns per record
/// (per get: ÷ 100,000) and mallocs likewise.
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

    /// Calls `body` with each of the random keys.
    @inline(__always)
    static func forEachRandomKey(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        try randomKeys.withUnsafeBytes { keys in
            for i in 0 ..< gets { try body(UnsafeRawBufferPointer(rebasing: keys[i * 16 ..< i * 16 + 16])) }
        }
    }

    /// Appends the lease counters of one pass to `$TMPDIR/leasehold-leveldb-counters.txt` (the
    /// benchmark tool swallows the benchmarks' own output), once per label.
    nonisolated(unsafe) static var reported: Set<String> = []
    static func report(_ label: String, _ d: LeaseCounters) {
        guard reported.insert(label).inserted else { return }
        let line = "\(label): \(d); per record: registered \(Double(d.sinksRegistered) / Double(records)), "
            + "copied \(Double(d.sinksCopied) / Double(records)), arenas \(Double(d.arenasAllocated) / Double(records))\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("leasehold-leveldb-counters.txt")
        if let file = try? FileHandle(forWritingTo: url) {
            file.seekToEndOfFile()
            file.write(Data(line.utf8))
            try? file.close()
        } else {
            try? Data(line.utf8).write(to: url)
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], warmupIterations: 2,
        maxDuration: .seconds(4), maxIterations: 25)
    let engine = Store.engine
    _ = Store.randomKeys

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

    Benchmark("b. scanSpans", configuration: configuration) { benchmark in
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

    Benchmark("c1. scan closure, Bytes dropped", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let before = engine.statistics.snapshot()
            try engine.read { txn in
                var total = 0
                try txn.scan { key, value in total &+= key.count &+ value.count &+ Int(key[0]) }
                blackHole(total)
            }
            Store.report("c1 scan closure", engine.statistics.snapshot() - before)
        }
    }

    Benchmark("c2. records() iterator, Bytes dropped", configuration: configuration) { benchmark in
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
            Store.report("c2 records()", engine.statistics.snapshot() - before)
        }
    }

    Benchmark("d1. scan keeping every key (copied inline at each step)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            var kept: [Bytes] = []
            kept.reserveCapacity(Store.records)
            let before = engine.statistics.snapshot()
            try engine.read { txn in
                try txn.scan { key, _ in kept.append(key) }
            }
            Store.report("d1 keep every key", engine.statistics.snapshot() - before)
            blackHole(kept)
            benchmark.stopMeasurement()  // freeing the kept keys is not part of it
        }
    }

    Benchmark("d2. scan keeping every value (copied into recycled chunks at each step)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            var kept: [Bytes] = []
            kept.reserveCapacity(Store.records)
            let before = engine.statistics.snapshot()
            try engine.read { txn in
                try txn.scan { _, value in kept.append(value) }
            }
            Store.report("d2 keep every value", engine.statistics.snapshot() - before)
            blackHole(kept)
            benchmark.stopMeasurement()
        }
    }

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
                Store.forEachRandomKey { total &+= txn.rawValueCount(forKey: $0) }
                blackHole(total)
            }
        }
    }

    Benchmark("f2. 100k random gets, Leasehold get (adopted buffer)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            try engine.read { txn in
                var total = 0
                try Store.forEachRandomKey { total &+= try txn.get($0)!.count }
                blackHole(total)
            }
        }
    }

    Benchmark("f3. 100k random gets, Leasehold withValue (no Bytes)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            try engine.read { txn in
                var total = 0
                try Store.forEachRandomKey { key in total &+= try txn.withValue(forKey: key) { (span: RawSpan) in span.byteCount } ?? 0 }
                blackHole(total)
            }
        }
    }
}
