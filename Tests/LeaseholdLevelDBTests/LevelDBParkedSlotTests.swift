import Foundation
import LeaseholdConformance
@_spi(Adapter) import LeaseholdCore
import LeaseholdLevelDB
import Testing

/// A walk over a step lease keeps its unshared slots registered across a move instead of
/// unregistering them; every way out of a move that does not land in the range must take them
/// off the lease, or a later expiry would copy a record the iterator has left.
@Suite("LevelDB parked slots")
struct LevelDBParkedSlotTests {
    /// The key of record `i`: 16 bytes, in the order of `i`.
    func key(_ i: Int) -> [UInt8] { [0x20, UInt8(i >> 8), UInt8(i & 0xff)] + filler(i, count: 13) }
    /// The value of record `i`: 100 bytes.
    func value(_ i: Int) -> [UInt8] { filler(i + 500, count: 100) }

    /// 200 records.
    func fill(_ engine: LevelDBEngine) throws {
        try engine.write { txn in for i in 0 ..< 200 { try txn.put(key(i), value(i)) } }
    }

    /// The range of records `lower..<upper`.
    func range(_ lower: Int, _ upper: Int) -> KeyRange { .from(key(lower), to: key(upper)) }

    @Test("a scan keeping some keys and values copies exactly those, with their bytes, and lends the rest")
    func scanKeepingSome() throws {
        try withStore("parked-some") { engine in
            try fill(engine)
            let before = engine.statistics.snapshot()
            var keys: [(Int, Bytes)] = [], values: [(Int, Bytes)] = []
            var i = 10
            try engine.read { txn in
                try txn.scan(range(10, 150)) { key, value in
                    if i % 5 == 0 { keys.append((i, key)) }
                    if i % 7 == 0 { values.append((i, value)) }
                    i += 1
                }
            }
            let d = engine.statistics.snapshot() - before
            #expect(i == 150)
            #expect(keys.allSatisfy { n, k in k.residence == .copied && Array(k) == key(n) })
            #expect(values.allSatisfy { n, v in v.residence == .copied && Array(v) == value(n) })
            #expect(d.sinksCopied == keys.count + values.count, "\(d)")
            #expect(d.bytesCopied == 16 * keys.count + 100 * values.count, "\(d)")
            #expect(d.sinksRegistered == 2 * 140, "one registration per lend: \(d)")
        }
    }

    @Test("records() over a range ending before the store's end, one record kept and the iterator kept past the transaction")
    func recordsPastEndOfRange() throws {
        try withStore("parked-records") { engine in
            try fill(engine)
            let before = engine.statistics.snapshot()
            var last: Record?
            var records = try engine.read { txn in
                var records = try txn.records(range(20, 60))
                var n = 20
                while let r = try records.next() {
                    #expect(Array(r.key) == key(n) && Array(r.value) == value(n))
                    if n == 58 { last = r }
                    n += 1
                }
                #expect(n == 60)
                #expect(try records.next() == nil)
                return records
            }
            let d = engine.statistics.snapshot() - before
            // Only the kept record was copied (at the step off it): the slots left registered
            // over the move that ran past the range were taken off the lease, not copied from
            // the iterator when the transaction ended.
            #expect(d.sinksCopied == 2 && d.bytesCopied == 116, "\(d)")
            #expect(last.map { Array($0.key) } == key(58) && last.map { Array($0.value) } == value(58))
            #expect(throws: LeaseholdError.transactionEnded) { _ = try records.next() }
        }
    }

    @Test("cursor() stepping both ways off the ends keeps one record, and copies only it")
    func cursorOffBothEnds() throws {
        try withStore("parked-cursor") { engine in
            try fill(engine)
            let before = engine.statistics.snapshot()
            var kept: Record?
            try engine.read { txn in
                var cursor = try txn.cursor()
                var n = 0
                while let r = try cursor.next() {
                    #expect(Array(r.key) == key(n) && Array(r.value) == value(n))
                    if n == 120 { kept = r }
                    n += 1
                }
                #expect(n == 200)
                n = 199
                while let r = try cursor.previous() {
                    #expect(Array(r.key) == key(n) && Array(r.value) == value(n))
                    n -= 1
                }
                #expect(n == -1)
                #expect(cursor.leases.key.liveSinkCount == 0, "slots left registered off the first record")
            }
            let d = engine.statistics.snapshot() - before
            #expect(kept.map { Array($0.key) } == key(120) && kept.map { Array($0.value) } == value(120))
            #expect(d.sinksCopied == 2 && d.bytesCopied == 116, "\(d)")
            #expect(d.sinksRegistered == 2 * 400, "\(d)")
        }
    }

    @Test("a walk that stops inside its range keeps what it held, and a reverse scan with a limit")
    func reverseWithLimit() throws {
        try withStore("parked-reverse") { engine in
            try fill(engine)
            let before = engine.statistics.snapshot()
            var kept: [Bytes] = []
            var seen = 0
            try engine.read { txn in
                try txn.scan(range(0, 100), reverse: true, limit: 30) { _, value in
                    seen += 1
                    if seen == 30 { kept.append(value) }
                }
            }
            let d = engine.statistics.snapshot() - before
            #expect(seen == 30)
            #expect(kept.count == 1 && Array(kept[0]) == value(70) && kept[0].residence == .copied)
            #expect(d.sinksCopied == 1 && d.bytesCopied == 100, "\(d)")
        }
    }

    @Test("a scan whose body throws mid-way: what it kept before is intact, nothing else was copied")
    func throwingBody() throws {
        struct Stop: Error {}
        try withStore("parked-throw") { engine in
            try fill(engine)
            let before = engine.statistics.snapshot()
            var kept: Bytes?
            var n = 0
            #expect(throws: Stop.self) {
                try engine.read { txn in
                    try txn.scan { _, value in
                        if n == 3 { kept = value }
                        if n == 50 { throw Stop() }
                        n += 1
                    }
                }
            }
            let d = engine.statistics.snapshot() - before
            #expect(kept.map(Array.init) == value(3) && kept?.residence == .copied)
            #expect(d.sinksCopied == 1, "\(d)")
        }
    }
}
