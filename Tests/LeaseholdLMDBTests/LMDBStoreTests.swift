import Foundation
import Leasehold
import LeaseholdConformance
import LeaseholdLMDB
import Testing

/// Growth of the map, persistence, named databases, range deletes and cursor places on a real
/// LMDB store.
@Suite("LMDB store")
struct LMDBStoreTests {
    /// `count` records of `size` bytes under `tag`.
    func records(_ tag: UInt8, count: Int, size: Int) -> [([UInt8], [UInt8])] {
        (0 ..< count).map { (i: Int) -> ([UInt8], [UInt8]) in
            let key: [UInt8] = [tag, UInt8(truncatingIfNeeded: i >> 16), UInt8(truncatingIfNeeded: i >> 8), UInt8(truncatingIfNeeded: i)]
            return (key, [UInt8](repeating: UInt8(truncatingIfNeeded: i), count: size))
        }
    }

    /// Every stored key and value, in order.
    func contents(_ engine: LMDBEngine) throws -> (keys: [[UInt8]], values: [[UInt8]]) {
        try engine.read { txn in
            var keys: [[UInt8]] = [], values: [[UInt8]] = []
            try txn.scan { key, value in
                keys.append(Array(key))
                values.append(Array(value))
            }
            return (keys, values)
        }
    }

    @Test("a write beyond a tiny map grows it and runs the closure again; everything is stored")
    func mapGrows() throws {
        let path = ScratchDirectory("lmdb-grow").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try LMDBEngine(options: .init(path: path, mapSize: 256 << 10, maximumMapSize: 64 << 20, noSync: true))
        defer { try? engine.close() }
        let startSize = engine.mapSize
        let small = records(1, count: 100, size: 100)
        try engine.write { txn in for (k, v) in small { try txn.put(k, v) } }
        let big = records(2, count: 4000, size: 1000)  // ~4 MB in one transaction
        var runs = 0
        try engine.write { txn in
            runs += 1
            for (k, v) in big { try txn.put(k, v) }
        }
        #expect(runs > 1, "the map never filled")
        #expect(engine.mapSize > startSize && engine.mapSize <= 64 << 20)
        let (count, sample) = try engine.read { txn in (try txn.count(), try txn.get(big[3999].0).map(Array.init)) }
        #expect(count == 4100)
        #expect(sample == big[3999].1)
    }

    @Test("at the ceiling a write throws storeFull, stores nothing, and earlier data is intact")
    func mapCeiling() throws {
        let path = ScratchDirectory("lmdb-ceiling").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let options = LMDBEngine.Options(path: path, mapSize: 256 << 10, maximumMapSize: 1 << 20, noSync: true)
        let engine = try LMDBEngine(options: options)
        let early = records(1, count: 200, size: 200)
        try engine.write { txn in for (k, v) in early { try txn.put(k, v) } }
        var runs = 0
        #expect(throws: LeaseholdError.storeFull(limit: 1 << 20)) {
            try engine.write { txn in
                runs += 1
                for (k, v) in records(2, count: 4000, size: 1000) { try txn.put(k, v) }
            }
        }
        #expect(runs >= 2 && engine.mapSize == 1 << 20)
        // Small writes still work, and everything committed before is there, also after reopening.
        try engine.write { try $0.put([9], [9]) }
        try engine.close()
        let reopened = try LMDBEngine(options: options)
        defer { try? reopened.close() }
        let stored = try contents(reopened)
        #expect(stored.keys == early.map { $0.0 } + [[9]])
        #expect(stored.values == early.map { $0.1 } + [[9]])
    }

    /// Runs `body` on a store with one record and a 256 KiB map that `bigWrite` must grow.
    func withSmallMap(growthWait: Double, _ body: (LMDBEngine) throws -> Void) throws {
        let path = ScratchDirectory("lmdb-blocked").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try LMDBEngine(options: .init(path: path, mapSize: 256 << 10, noSync: true, growthWaitSeconds: growthWait))
        defer { try? engine.close() }
        try engine.write { try $0.put([1], [1]) }
        try body(engine)
    }

    /// 2 MB in one write transaction.
    func bigWrite(_ engine: LMDBEngine) throws {
        try engine.write { txn in for (k, v) in records(2, count: 2000, size: 1000) { try txn.put(k, v) } }
    }

    @Test("a write inside a read that needs the map to grow throws busy at once and applies nothing")
    func growthInsideOwnRead() throws {
        // A wait of a minute: the write must not wait for a read its own thread holds.
        try withSmallMap(growthWait: 60) { engine in
            let started = ContinuousClock.now
            let outcome = try engine.read { _ in Result { try bigWrite(engine) } }
            #expect(ContinuousClock.now - started < .seconds(30), "the write waited for its own thread's read")
            if case .failure(LeaseholdError.busy) = outcome {} else { Issue.record("expected busy, got \(outcome)") }
            #expect(try engine.read { try $0.count() } == 1)
            // Outside the read the same write grows the map.
            try bigWrite(engine)
            #expect(try engine.read { try $0.count() } == 2001)
        }
    }

    @Test("growing waits for other threads' reads, then gives up with busy and applies nothing")
    func growthBlockedByOtherRead() throws {
        try withSmallMap(growthWait: 0.2) { engine throws in
            let reading = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
            Thread {
                _ = try? engine.read { _ in
                    reading.signal()
                    release.wait()
                }
                done.signal()
            }.start()
            reading.wait()
            let outcome = Result { try bigWrite(engine) }
            release.signal()
            done.wait()
            if case .failure(LeaseholdError.busy) = outcome {} else { Issue.record("expected busy, got \(outcome)") }
            #expect(try engine.read { try $0.count() } == 1)
        }
    }

    @Test("committed data survives closing and reopening; an aborted write does not")
    func reopen() throws {
        let path = ScratchDirectory("lmdb-reopen").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let data = records(3, count: 5000, size: 50)
        do {
            let engine = try LMDBEngine(options: testOptions(path))
            try engine.write { txn in for (k, v) in data { try txn.put(k, v) } }
            struct Stop: Error {}
            #expect(throws: Stop.self) { try engine.write { txn in try txn.put([0xff], [1]); throw Stop() } }
            try engine.close()
        }
        let engine = try LMDBEngine(options: testOptions(path))
        defer { try? engine.close() }
        #expect(engine.staleReadersCleared == 0)
        let stored = try contents(engine)
        #expect(stored.keys == data.map { $0.0 } && stored.values == data.map { $0.1 })
    }

    @Test("named databases of one environment are separate keyspaces")
    func namedDatabases() throws {
        let path = ScratchDirectory("lmdb-named").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let options = LMDBEngine.Options(path: path, maxDatabases: 4, databaseName: "users", noSync: true)
        let users = try LMDBEngine(options: options)
        let orders = try users.database(named: "orders")
        try users.write { try $0.put(Bytes("k"), Bytes("user")) }
        try orders.write { try $0.put(Bytes("k"), Bytes("order")) }
        try orders.write { try $0.put(Bytes("only-orders"), Bytes("1")) }
        // One writer per environment: a write on a sibling inside a write would wait for itself.
        try users.write { _ in
            #expect(throws: LeaseholdError.nestedWrite) { try orders.write { try $0.put(Bytes("nested"), Bytes("x")) } }
            #expect(throws: LeaseholdError.nestedWrite) { try users.database(named: "third") }
        }
        #expect(try users.read { try $0.get(Bytes("k")) } == Bytes("user"))
        #expect(try orders.read { try $0.get(Bytes("k")) } == Bytes("order"))
        #expect(try users.read { try $0.count() } == 1)
        // Closing one leaves the other usable; the environment closes with the last.
        try users.close()
        #expect(throws: LeaseholdError.storeClosed) { try users.read { _ in } }
        #expect(try orders.read { try $0.count() } == 2)
        try orders.close()
        let reopened = try LMDBEngine(options: LMDBEngine.Options(path: path, maxDatabases: 4, databaseName: "orders"))
        defer { try? reopened.close() }
        #expect(try reopened.read { try $0.get(Bytes("only-orders")) } == Bytes("1"))
    }

    @Test("a range delete across many pages removes exactly the range")
    func rangeDeleteAcrossPages() throws {
        let path = ScratchDirectory("lmdb-rangedelete").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try LMDBEngine(options: testOptions(path))
        defer { try? engine.close() }
        let data = records(4, count: 20_000, size: 40)
        try engine.write { txn in for (k, v) in data { try txn.put(k, v) } }
        let range = KeyRange(lower: .exclusive(data[3_000].0), upper: .inclusive(data[17_000].0))
        let removed = try engine.write { try $0.deleteRange(range) }
        #expect(removed == 14_000)
        let keys = try contents(engine).keys
        #expect(keys == data.prefix(3_001).map { $0.0 } + data.suffix(2_999).map { $0.0 })
        #expect(try engine.write { try $0.deleteRange(.all) } == 6_000)
        #expect(try engine.read { try $0.count() } == 0)
    }
}
