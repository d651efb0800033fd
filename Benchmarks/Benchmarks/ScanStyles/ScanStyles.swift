import Benchmark
import Foundation
import Leasehold
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
