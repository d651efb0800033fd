import Benchmark
import Foundation
import Leasehold
@_exported import LeaseholdBenchmarkSupport
import ScanPasses

/// The Leasehold side of the scan and get styles every engine's benchmarks run, written once and
/// generic over the engine (`@inlinable`, so each engine's benchmark target specialises them).
///
/// Each engine's target adds its own raw C-API floor and copying-style loop beside these, in the
/// same run. Every scan does the same work per record as the floor (`ScanPasses`): both lengths
/// plus the key's first byte. One measured iteration is one whole pass over the store (or over the random keys).
public enum ScanStyles {
    /// Registers the scan styles (`b.`–`d2.`) and the Leasehold point gets (`f2.`, `f3.`) over
    /// `engine`, which holds `records` records; `randomKeys` holds the keys to get, back to back,
    /// `keyLength` bytes each. Lease counters of one pass go to `report`. `namePrefix` starts
    /// every benchmark name and counter label (for a second setting of one engine in the same
    /// target); `pointGets: false` leaves the gets out.
    @inlinable
    public static func register<E: Engine>(
        _ engine: E, records: Int, randomKeys: [UInt8], keyLength: Int,
        configuration: Benchmark.Configuration, report: CounterReport, namePrefix: String = "", pointGets: Bool = true
    ) {
        Benchmark(namePrefix + "b. scanSpans", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try engine.read { try spansPass($0) })
            }
        }

        Benchmark(namePrefix + "c1. scan closure, Bytes dropped", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                try report.once(namePrefix + "c1 scan closure", engine) {
                    blackHole(try engine.read { try scanPass($0) })
                }
            }
        }

        Benchmark(namePrefix + "c2. records() iterator, Bytes dropped", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                try report.once(namePrefix + "c2 records()", engine) {
                    blackHole(try engine.read { try recordsPass($0) })
                }
            }
        }

        for (label, keepsKeys) in [("d1. scan keeping every key", true), ("d2. scan keeping every value", false)] {
            Benchmark(namePrefix + label, configuration: configuration) { benchmark in
                for _ in benchmark.scaledIterations {
                    var kept: [Bytes] = []
                    kept.reserveCapacity(records)
                    try report.once(namePrefix + (keepsKeys ? "d1 keep every key" : "d2 keep every value"), engine) {
                        try engine.read { txn in
                            if keepsKeys { try keepKeysPass(txn, &kept) } else { try keepValuesPass(txn, &kept) }
                        }
                    }
                    blackHole(kept)
                    benchmark.stopMeasurement()  // freeing the kept values is not part of it
                }
            }
        }

        guard pointGets else { return }
        let gets = randomKeys.count / keyLength
        Benchmark("f2. \(gets / 1000)k random gets, Leasehold get", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                try engine.read { txn in
                    var total = 0
                    try randomKeys.withUnsafeBytes { keys in
                        for i in 0 ..< gets {
                            total &+= try txn.get(UnsafeRawBufferPointer(rebasing: keys[i * keyLength ..< (i + 1) * keyLength]))!.count
                        }
                    }
                    blackHole(total)
                }
            }
        }

        Benchmark("f3. \(gets / 1000)k random gets, Leasehold withValue (no Bytes)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                try engine.read { txn in
                    var total = 0
                    try randomKeys.withUnsafeBytes { keys in
                        for i in 0 ..< gets {
                            let key = UnsafeRawBufferPointer(rebasing: keys[i * keyLength ..< (i + 1) * keyLength])
                            total &+= try txn.withValue(forKey: key) { (span: RawSpan) in span.byteCount } ?? 0
                        }
                    }
                    blackHole(total)
                }
            }
        }
    }
}

/// The records every engine's benchmarks load: 16-byte keys (`leasehld` and a big-endian index)
/// with 100-byte values derived from the index, and random keys to get.
public enum BenchmarkRecords {
    /// The key of record `i`.
    public static func key(_ i: Int) -> [UInt8] {
        Array("leasehld".utf8) + withUnsafeBytes(of: UInt64(i).bigEndian) { Array($0) }
    }

    /// Stores `count` records into `engine`, `perTransaction` per write transaction (etcd takes
    /// a few thousand at most).
    public static func load<E: Engine>(_ engine: E, count: Int, perTransaction: Int = 100_000) throws {
        var value = [UInt8](repeating: 0, count: 100)
        for start in stride(from: 0, to: count, by: perTransaction) {
            try engine.write { txn in
                for i in start ..< min(start + perTransaction, count) {
                    for j in 0 ..< 100 { value[j] = UInt8(truncatingIfNeeded: i &+ j) }
                    try txn.put(key(i), value)
                }
            }
        }
    }

    /// `gets` keys of records in `0 ..< records`, in random order, back to back (16 bytes each).
    public static func randomKeys(gets: Int, records: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0 ..< gets).flatMap { _ in key(Int.random(in: 0 ..< records, using: &generator)) }
    }
}

extension ScanStyles {
    /// Registers the raw floor (`a.`) and the copying style (`e.`: a `[UInt8]` per key and value)
    /// over an engine's bare iterator. `iterate` runs its argument on a fresh iterator in a read
    /// transaction of the engine and returns what it returns.
    @inlinable
    public static func registerRaw<I: RawRecordIterator>(
        floor: String, configuration: Benchmark.Configuration, namePrefix: String = "",
        iterate: @escaping @Sendable (_ body: (inout I) -> Int) throws -> Int
    ) {
        Benchmark(namePrefix + "a. raw \(floor) loop (floor)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try iterate { iterator in
                    var total = 0
                    while iterator.next() {
                        let key = iterator.key
                        total &+= key.count &+ iterator.value.count &+ Int(key[0])
                    }
                    return total
                })
            }
        }

        Benchmark(namePrefix + "e. copying style: [UInt8] per key and value", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try iterate { iterator in
                    var total = 0
                    while iterator.next() {
                        let key = [UInt8](iterator.key)
                        let value = [UInt8](iterator.value)
                        total &+= key.count &+ value.count &+ Int(key[0])
                    }
                    return total
                })
            }
        }
    }
}

/// Writes the lease counters of one pass of each labelled style to a file in `$TMPDIR` (the
/// benchmark tool swallows the benchmarks' own output), once per label.
public final class CounterReport: @unchecked Sendable {
    let url: URL
    let records: Int
    let lock = NSLock()
    var written: Set<String> = []

    /// A report to `$TMPDIR/<fileName>` about passes over `records` records.
    public init(fileName: String, records: Int) {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(fileName)
        self.records = records
    }

    /// Runs `body` and, the first time for `label`, appends the engine's counters it changed.
    public func once<E: Engine>(_ label: String, _ engine: E, _ body: () throws -> Void) rethrows {
        let before = engine.statistics.snapshot()
        try body()
        let d = engine.statistics.snapshot() - before
        guard lock.withLock({ written.insert(label).inserted }) else { return }
        let perRecord = { (n: Int) in String(format: "%.4f", Double(n) / Double(self.records)) }
        let line = "\(label): \(d); per record: registered \(perRecord(d.sinksRegistered)), "
            + "copied \(perRecord(d.sinksCopied)), arenas \(perRecord(d.arenasAllocated))\n"
        if let file = try? FileHandle(forWritingTo: url) {
            file.seekToEndOfFile()
            file.write(Data(line.utf8))
            try? file.close()
        } else {
            try? Data(line.utf8).write(to: url)
        }
    }
}
