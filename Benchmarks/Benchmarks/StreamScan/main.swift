// Streamed scan vs synchronous closure scan, 1M records on LMDB:
// `swift run -c release StreamScan [records]` (from Benchmarks/).
import Foundation
import LeaseholdAsync
import LeaseholdCore
import LeaseholdLMDB

let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1])! : 1_000_000
let path = NSTemporaryDirectory() + "leasehold-stream-bench-\(getpid())"
defer { try? FileManager.default.removeItem(atPath: path) }

/// Fills the store: 8-byte big-endian keys, 32-byte values.
func fill(_ engine: LMDBEngine) throws {
    for start in stride(from: 0, to: count, by: 100_000) {
        try engine.write { txn in
            for i in start ..< min(start + 100_000, count) {
                let key = withUnsafeBytes(of: UInt64(i).bigEndian) { Array($0) }
                try txn.put(key, [UInt8](repeating: UInt8(truncatingIfNeeded: i), count: 32))
            }
        }
    }
}

/// The synchronous closure scan: records and bytes seen.
func syncScan(_ engine: LMDBEngine) throws -> (Int, Int) {
    var records = 0, bytes = 0
    try engine.read { txn in
        try txn.scan { key, value in
            records += 1
            bytes &+= key.count &+ value.count
        }
    }
    return (records, bytes)
}

/// The streamed scan, touching every record of every batch.
func streamScan(_ store: AsyncStore<LMDBEngine>, batch: BatchLimit) async throws -> (Int, Int) {
    var records = 0, bytes = 0
    for try await records_ in store.records(batch: batch) {
        for record in records_ {
            records += 1
            bytes &+= record.key.count &+ record.value.count
        }
    }
    return (records, bytes)
}

/// The streamed scan, counting batches only (the cost of reading, without touching records).
func streamTotals(_ store: AsyncStore<LMDBEngine>, batch: BatchLimit) async throws -> (Int, Int) {
    var records = 0, bytes = 0
    for try await b in store.records(batch: batch) {
        records += b.count
        bytes &+= b.byteCount
    }
    return (records, bytes)
}

func rate(_ n: Int, _ d: Duration) -> String {
    let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    return String(format: "%.2f M records/s (%.1f ms)", Double(n) / s / 1e6, s * 1000)
}

let engine = try LMDBEngine(options: .init(path: path))
try fill(engine)
let store = try AsyncStore(engine)
let clock = ContinuousClock()
var best: [String: Duration] = [:]
for _ in 0 ..< 5 {
    var seen = (0, 0)
    let sync = clock.measure { seen = try! syncScan(engine) }
    precondition(seen.0 == count)
    best["sync", default: sync] = min(best["sync", default: sync], sync)
    let start = clock.now
    let totals = try await streamTotals(store, batch: .default)
    let took = clock.now - start
    precondition(totals == seen)
    best["stream 1024/1MiB, batch totals only", default: took] = min(best["stream 1024/1MiB, batch totals only", default: took], took)
    for (name, batch) in [("stream 1024/1MiB", BatchLimit.default), ("stream 4096/4MiB", BatchLimit(records: 4096, bytes: 4 << 20)),
                          ("stream 256", BatchLimit(records: 256)), ("stream 65536/64MiB", BatchLimit(records: 65536, bytes: 64 << 20))] {
        let start = clock.now
        let got = try await streamScan(store, batch: batch)
        let took = clock.now - start
        precondition(got == seen)
        best[name, default: took] = min(best[name, default: took], took)
    }
}
let sync = best["sync"]!
print("\(count) records, 8-byte keys, 32-byte values, LMDB, best of 5")
print("sync closure scan:  \(rate(count, sync))")
for name in ["stream 1024/1MiB, batch totals only", "stream 1024/1MiB", "stream 4096/4MiB", "stream 256", "stream 65536/64MiB"] {
    let t = best[name]!
    print("\(name): \(rate(count, t))  = \(String(format: "%.2f", sync / t))x sync")
}
try await store.close()
