// Async read of one record vs the synchronous call: the overhead per call of AsyncStore (a hop to
// a reader thread and back). Run: `cd Benchmarks && swift run -c release AsyncOverhead [calls]`.
import Foundation
import LeaseholdAsync
import LeaseholdLMDB

let calls = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 100_000
let key: [UInt8] = [1, 2, 3, 4]

/// Nanoseconds per synchronous read of `key` (a blocking call: a synchronous frame).
func syncRead<E: Engine>(_ engine: E, _ n: Int) throws -> Double {
    var total = 0
    let start = ContinuousClock.now
    for _ in 0 ..< n { total &+= try engine.read { try $0.get(key)?.count ?? 0 } }
    precondition(total == n * 100)
    return Double((ContinuousClock.now - start) / .nanoseconds(1)) / Double(n)
}

/// Nanoseconds per async read of `key`, one task awaiting each call in turn.
func asyncRead<E: Engine>(_ store: AsyncStore<E>, _ n: Int) async throws -> Double {
    var total = 0
    let start = ContinuousClock.now
    for _ in 0 ..< n { total &+= try await store.read { try $0.get(key)?.count ?? 0 } }
    precondition(total == n * 100)
    return Double((ContinuousClock.now - start) / .nanoseconds(1)) / Double(n)
}

/// Fills the one record synchronously.
func fill<E: Engine>(_ engine: E) throws { try engine.write { try $0.put(key, [UInt8](repeating: 7, count: 100)) } }

func measure<E: Engine>(_ name: String, _ engine: E) async throws {
    try fill(engine)
    let store = try AsyncStore(engine)
    _ = try syncRead(engine, calls / 10)  // warm up
    _ = try await asyncRead(store, calls / 10)
    var syncBest = Double.infinity, asyncBest = Double.infinity
    for _ in 0 ..< 3 {
        syncBest = min(syncBest, try syncRead(engine, calls))
        asyncBest = min(asyncBest, try await asyncRead(store, calls))
    }
    print(String(format: "%@: sync %.0f ns/read, async %.0f ns/read, overhead %.2f µs/call (best of 3 × %d calls)",
                 name, syncBest, asyncBest, (asyncBest - syncBest) / 1000, calls))
    try await store.close()
}

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("async-overhead-\(UUID().uuidString)").path
defer { try? FileManager.default.removeItem(atPath: directory) }
try await measure("memory", MemoryEngine())
try await measure("lmdb", LMDBEngine(path: directory))
