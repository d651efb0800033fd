#if Etcd
import Foundation
import LeaseholdCore
import LeaseholdEtcd
import Testing

extension EtcdTests {
    @Suite("reads")
    struct Reads {
        @Test("a read transaction is one revision, across pages, while others commit")
        func snapshotAcrossPages() throws {
            let engine = try emptyStore(pageSize: 4)
            defer { try? engine.close() }
            try engine.write { txn in for i in 0 ..< 50 { try txn.put(be(i), [UInt8(i)]) } }
            let other = try EtcdEngine(options: engine.options)
            defer { try? other.close() }
            try engine.read { txn in
                var seen: [[UInt8]] = []
                var records = try txn.records()
                for _ in 0 ..< 10 { seen.append(Array(try records.next()!.key)) }
                let revision = txn.revision
                // Behind the scan: change a key ahead, delete one, add one, change one behind.
                try other.write { w in
                    try w.put(be(30), [0xee])
                    try w.delete(be(31))
                    try w.put(be(1000), [0xee])
                    try w.put(be(2), [0xee])
                }
                while let r = try records.next() {
                    #expect(Array(r.value) == [r.key.last!], "a value from after the snapshot")
                    seen.append(Array(r.key))
                }
                #expect(seen == (0 ..< 50).map(be), "the keys of the snapshot")
                #expect(try txn.get(be(2)) == Bytes([2]), "a point read at the snapshot")
                #expect(try txn.get(be(1000)) == nil, "a key added after the snapshot")
                #expect(txn.revision == revision)
            }
            try engine.read { txn throws in
                #expect(try txn.get(be(30)) == Bytes([0xee]))
                #expect(try txn.get(be(31)) == nil)
                #expect(try txn.count() == 50)
            }
        }

        @Test("point reads are pinned: zero-copy, never copied, kept past the transaction")
        func pinnedPointReads() throws {
            let engine = try emptyStore()
            defer { try? engine.close() }
            let big = pattern(9, count: 100_000)
            try engine.write { txn in try txn.put(Bytes("big"), big) }
            let before = engine.statistics.snapshot()
            let kept = try engine.read { txn in
                let value = try txn.get(Bytes("big"))!
                #expect(value.residence == .pinned)
                return value
            }
            #expect(kept.residence == .pinned)
            #expect(Array(kept) == big)
            let d = engine.statistics.snapshot() - before
            #expect(d.sinksCopied == 0 && d.bytesCopied == 0, "\(d)")
        }

        @Test("page leases: a kept record is copied when its page is replaced, a dropped one never")
        func pageLeases() throws {
            let engine = try emptyStore(pageSize: 10)
            defer { try? engine.close() }
            try engine.write { txn in for i in 0 ..< 200 { try txn.put(be(i), pattern(i, count: 50)) } }
            let before = engine.statistics.snapshot()
            var kept: [(Int, Bytes)] = []
            try engine.read { txn in
                var i = 0
                try txn.scan { key, value in
                    #expect(value.residence == .shared)
                    if i % 10 == 3 { kept.append((i, value)) }
                    i += 1
                }
            }
            let d = engine.statistics.snapshot() - before
            #expect(kept.count == 20)
            #expect(d.sinksCopied == 20, "only the kept values were copied: \(d)")
            #expect(d.bytesCopied == 20 * 50, "\(d)")
            #expect(d.sinksRegistered >= 400, "\(d)")
            for (i, value) in kept {
                #expect(value.residence == .copied)
                #expect(Array(value) == pattern(i, count: 50))
            }
        }

        @Test("range deletes at the ends of the keyspace: 00 is the smallest key, an open top needs no highest key")
        func rangeDeletesAtTheEnds() throws {
            let engine = try emptyStore()
            defer { try? engine.close() }
            let keys: [[UInt8]] = [[0], [0, 0], [1], [0xff], [0xff, 0xff]]
            func remaining(after range: KeyRange) throws -> [[UInt8]] {
                try engine.write { txn in for k in keys { try txn.put(k, [1]) } }
                try engine.write { _ = try $0.deleteRange(range) }
                return try engine.read { txn in
                    var left: [[UInt8]] = []
                    try txn.scan { key, _ in left.append(Array(key)) }
                    return left
                }
            }
            #expect(try remaining(after: .lessThan([])) == keys, "nothing lies below the empty key")
            #expect(try remaining(after: .lessThan([0])) == keys, "nothing lies below 00")
            #expect(try remaining(after: .atMost([])) == keys, "no key is at most the empty key")
            #expect(try remaining(after: .atMost([0])) == Array(keys[1...]))
            #expect(try remaining(after: .greaterThan([0xff])) == Array(keys[..<4]))
            #expect(try remaining(after: .prefix([0xff])) == Array(keys[..<3]), "an open top (0xff has no successor)")
            #expect(try remaining(after: KeyRange(lower: .inclusive([1]), upper: .exclusive([1]))) == keys)
            #expect(try remaining(after: .all) == [])
        }

        @Test("size limits are typed errors before anything is sent")
        func sizeLimits() throws {
            let cluster = try SharedCluster.get()
            var options = cluster.options()
            options.maxTxnOps = 4
            let engine = try EtcdEngine(options: options)
            defer { try? engine.close() }
            try engine.write { _ = try $0.deleteRange(.all) }
            let limits = engine.capabilities
            #expect(limits.maxKeySize == 4096)
            #expect(limits.maxValueSize == 1_572_864 - 4 * 4096 - 1024)
            #expect(throws: LeaseholdError.keyTooLarge(size: 4097, limit: 4096)) {
                try engine.write { try $0.put(pattern(1, count: 4097), Bytes("v")) }
            }
            #expect(throws: LeaseholdError.valueTooLarge(size: limits.maxValueSize! + 1, limit: limits.maxValueSize!)) {
                try engine.write { try $0.put(Bytes("k"), pattern(1, count: limits.maxValueSize! + 1)) }
            }
            // The largest value fits, with the longest key.
            try engine.write { try $0.put(pattern(2, count: 4096), pattern(3, count: limits.maxValueSize!)) }
            #expect(try engine.read { try $0.get(pattern(2, count: 4096))?.count } == limits.maxValueSize!)
            try engine.write { _ = try $0.deleteRange(.all) }
            // Two large values: each fits, the transaction does not.
            #expect {
                try engine.write { txn in
                    try txn.put(Bytes("a"), pattern(4, count: 1 << 20))
                    try txn.put(Bytes("b"), pattern(5, count: 1 << 20))
                }
            } throws: { error in
                guard case LeaseholdError.invalidArgument(let why) = error else { return false }
                return why.contains("--max-request-bytes")
            }
            // More writes than --max-txn-ops.
            #expect {
                try engine.write { txn in for i in 0 ..< 5 { try txn.put(be(i), [1]) } }
            } throws: { error in
                guard case LeaseholdError.invalidArgument(let why) = error else { return false }
                return why.contains("--max-txn-ops")
            }
            #expect(try engine.read { try $0.count() } == 0, "a refused transaction stored nothing")
        }

        @Test("no member listening: unavailable within the timeout")
        func unreachable() throws {
            // A port nobody listens on: taken from the cluster's range and its member killed is
            // too slow; a fresh loopback port is enough.
            let engine = try EtcdEngine(options: .init(endpoints: [.init(host: "127.0.0.1", port: 1)], timeout: .seconds(1)))
            defer { try? engine.close() }
            let start = ContinuousClock.now
            #expect {
                try engine.read { _ = try $0.get(Bytes("k")) }
            } throws: { error in
                guard case LeaseholdError.unavailable = error else { return false }
                return true
            }
            let elapsed = ContinuousClock.now - start
            // Dispatch's deadline and this clock differ by a hair (a run measured 999.9 ms): the
            // lower bound only shows that the client waited for the timeout, not that it gave up
            // at once.
            #expect(elapsed >= .milliseconds(900) && elapsed < .seconds(3), "\(elapsed)")
        }

        @Test("callers blocking every cooperative thread at once do not deadlock the client")
        func blockingFromTheCooperativePool() async throws {
            let engine = try emptyStore()
            defer { try? Self.blocking { try engine.close() } }
            try Self.blocking { try engine.write { txn in for i in 0 ..< 32 { try txn.put(be(i), be(i * 2)) } } }
            let total = try await withThrowingTaskGroup(of: Int.self) { group in
                // Many more tasks than cooperative threads, each blocking its thread in etcd calls.
                for t in 0 ..< 4 * ProcessInfo.processInfo.activeProcessorCount + 4 {
                    group.addTask {
                        try Self.blocking {
                            try engine.read { txn in
                                var sum = 0
                                for i in 0 ..< 8 { sum += Int(try txn.get(be((t + i) % 32))!.last!) }
                                return sum
                            }
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(total > 0)
        }

        /// Runs `body` in a synchronous frame: the engine's calls are `noasync`, and this test
        /// blocks cooperative threads on purpose.
        static func blocking<R>(_ body: () throws -> R) rethrows -> R { try body() }

        @Test("endpoint strings")
        func endpoints() throws {
            #expect(try EtcdEngine.Endpoint.list("127.0.0.1:2379, localhost:22379,[::1]:4000,host") == [
                .init(host: "127.0.0.1", port: 2379), .init(host: "localhost", port: 22379),
                .init(host: "::1", port: 4000), .init(host: "host", port: 2379),
            ])
            for bad in ["", "a:", "a:x", "a:0", "a:70000", "[::1", "a,,b"] {
                #expect(throws: LeaseholdError.self, "\(bad)") { try EtcdEngine.Endpoint.list(bad) }
            }
        }
    }
}

/// A value of `count` bytes derived from `seed`.
func pattern(_ seed: Int, count: Int) -> [UInt8] {
    (0 ..< count).map { UInt8(truncatingIfNeeded: seed &* 31 &+ $0 &* 7 &+ 1) }
}
#endif
