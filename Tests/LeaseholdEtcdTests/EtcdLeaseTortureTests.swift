#if Etcd
import LeaseholdCore
import LeaseholdConformance
import LeaseholdEtcd
import Testing

struct TortureAbort: Error {}

extension EtcdTests {
    /// Random reads that keep or drop what they read, across page boundaries, in read
    /// transactions and in write transactions that commit, abort, or run again after a conflict
    /// forced by a second engine. Every value kept is checked against a model when it is read and
    /// again at every later round, and the counters must show copies only of kept values.
    @Suite("lease torture")
    struct LeaseTorture {
        @Test("random keep and drop", arguments: [Capabilities.LeaseScope.step, .transaction], [UInt64(1), 2, 3])
        func torture(_ scanLease: Capabilities.LeaseScope, _ seed: UInt64) throws {
            let engine = try emptyStore(scanLease: scanLease, pageSize: 3)
            defer { try? engine.close() }
            let other = try EtcdEngine(options: engine.options)
            defer { try? other.close() }
            var random = SeededGenerator(seed: seed)
            var committed: [[UInt8]: [UInt8]] = [:]
            var kept: [(value: Bytes, expected: [UInt8], what: String)] = []
            var keptSinks = 0
            func key() -> [UInt8] { [0x40, UInt8.random(in: 0 ..< 40, using: &random)] }
            func value() -> [UInt8] { pattern(Int(random.next() % 1000), count: Int.random(in: 0 ... 60, using: &random)) }
            func sorted(_ m: [[UInt8]: [UInt8]]) -> [[UInt8]] { m.keys.sorted { $0.lexicographicallyPrecedes($1) } }

            /// Reads at random through `txn`, checking against `model`, keeping about a third.
            func readAround<Reader: StoreReader>(_ txn: ReadTransaction<Reader>, _ model: [[UInt8]: [UInt8]], _ label: String) throws {
                let keys = sorted(model)
                // A scan over a random range, forwards or backwards, maybe limited.
                let lo = key(), reverse = Bool.random(using: &random)
                let range = KeyRange.atLeast(lo)
                var expected = keys.filter { !$0.lexicographicallyPrecedes(lo) }
                if reverse { expected.reverse() }
                let limit = Bool.random(using: &random) ? Int.random(in: 0 ... 8, using: &random) : nil
                if let limit { expected = Array(expected.prefix(limit)) }
                var seen: [[UInt8]] = []
                try txn.scan(range, reverse: reverse, limit: limit) { k, v in
                    seen.append(Array(k))
                    #expect(Array(v) == model[Array(k)], "\(label): scanned value of \(Array(k))")
                    if Int.random(in: 0 ..< 3, using: &random) == 0 {
                        kept.append((v, model[Array(k)] ?? [], "\(label) scan"))
                        kept.append((k, Array(k), "\(label) scan key"))
                        keptSinks += 2
                    }
                }
                #expect(seen == expected, "\(label): scan \(range) reverse \(reverse) limit \(String(describing: limit))")
                // A cursor walk that turns around.
                var cursor = try txn.cursor()
                var place = keys.firstIndex { !$0.lexicographicallyPrecedes(lo) } ?? keys.count
                var record = try cursor.seek(lo)
                for step in 0 ..< Int.random(in: 1 ... 12, using: &random) {
                    #expect(record.map { Array($0.key) } == (place < keys.count && place >= 0 ? keys[place] : nil), "\(label): cursor step \(step)")
                    if let record, Int.random(in: 0 ..< 4, using: &random) == 0 {
                        kept.append((record.value, model[Array(record.key)] ?? [], "\(label) cursor"))
                        keptSinks += 1
                    }
                    if place >= keys.count || place < 0 { break }
                    record = nil  // (holding it across the move would keep it past its page)
                    if step < 6 { record = try cursor.next(); place += 1 } else { record = try cursor.previous(); place -= 1 }
                }
                // Point reads.
                for _ in 0 ..< 3 {
                    let k = key()
                    let v = try txn.get(k)
                    #expect(v.map(Array.init) == model[k], "\(label): get \(k)")
                    if let v, Bool.random(using: &random) { kept.append((v, model[k]!, "\(label) get")) }
                }
            }

            func checkKept(_ round: Int) {
                for (i, k) in kept.enumerated() where Array(k.value) != k.expected {
                    Issue.record("round \(round): kept value \(i) (\(k.what)) changed")
                }
            }

            try engine.write { txn in for _ in 0 ..< 30 { let k = key(), v = value(); try txn.put(k, v); committed[k] = v } }
            let before = engine.statistics.snapshot()
            for round in 0 ..< 24 {
                let kind = Int.random(in: 0 ..< 4, using: &random)
                if kind == 0 {
                    try engine.read { txn in try readAround(txn, committed, "read \(round)") }
                } else {
                    var attempts = 0
                    var local = committed
                    do {
                        try engine.write { txn in
                            attempts += 1
                            local = committed
                            try readAround(txn, local, "write \(round)/\(attempts)")
                            for _ in 0 ..< Int.random(in: 1 ... 5, using: &random) {
                                let k = key()
                                switch Int.random(in: 0 ..< 5, using: &random) {
                                case 0: try txn.delete(k); local[k] = nil
                                case 1:
                                    let r = KeyRange(lower: .inclusive(k), upper: .exclusive([0x40, k[1] &+ 3]))
                                    try txn.deleteRange(r)
                                    for key in local.keys where key.withUnsafeBytes({ r.contains($0) }) { local[key] = nil }
                                default: let v = value(); try txn.put(k, v); local[k] = v
                                }
                            }
                            try readAround(txn, local, "write \(round)/\(attempts) after writes")
                            if kind == 3 && attempts == 1 {
                                // Another engine changes a key this transaction read: it must run again.
                                let k = sorted(committed).first ?? key()
                                let v = value()
                                _ = try txn.get(k)
                                try other.write { try $0.put(k, v) }
                                committed[k] = v
                            }
                            if kind == 2 { throw TortureAbort() }
                        }
                        committed = local
                        if kind == 3 { #expect(attempts == 2, "round \(round): the forced conflict did not retry") }
                    } catch is TortureAbort {}
                }
                checkKept(round)
                #expect(try engine.read { txn in
                    var all: [[UInt8]: [UInt8]] = [:]
                    try txn.scan { k, v in all[Array(k)] = Array(v) }
                    return all
                } == committed, "round \(round): the store and the model differ")
            }
            checkKept(24)
            let d = engine.statistics.snapshot() - before
            // Scanned records not kept are never copied; kept ones are copied at most once.
            #expect(d.sinksCopied <= keptSinks + kept.count, "\(d), \(keptSinks) scanned sinks kept")
            #expect(d.sinksCopied > 0, "nothing kept was ever copied: \(d)")
        }
    }
}
#endif
