import Foundation
import LeaseholdConformance
@_spi(Adapter) import LeaseholdCore
import LeaseholdLevelDB
import Testing

/// How the LevelDB adapter lends: iterator records per step, point reads in LevelDB's own copy.
@Suite("LevelDB leases")
struct LevelDBLeaseTests {
    /// The key of record `i`: 16 bytes (copied inline), in the order of `i`.
    func key(_ i: Int) -> [UInt8] { [0x10, UInt8(i >> 8), UInt8(i & 0xff)] + filler(i, count: 13) }
    /// The value of record `i`: 100 bytes (copied into an arena).
    func value(_ i: Int) -> [UInt8] { filler(i + 1000, count: 100) }

    /// 300 records.
    func fill(_ engine: LevelDBEngine) throws {
        try engine.write { txn in for i in 0 ..< 300 { try txn.put(key(i), value(i)) } }
    }

    @Test("a key and value kept across an iterator step are copied at that step, with their bytes; dropped ones never")
    func keptAcrossStepIsCopiedAtTheStep() throws {
        try withStore("step") { engine in
            try fill(engine)
            try engine.read { txn in
                var cursor = try txn.cursor()
                let lease = cursor.leases.key
                let first = try #require(try cursor.first())
                let key = first.key, value = first.value
                #expect(Array(key) == self.key(0) && Array(value) == self.value(0))
                #expect(key.residence == .shared && value.residence == .shared, "lent from the iterator until it moves")
                let lentAt = value.withUnsafeBytes { $0.baseAddress }
                let beforeStep = lease.unpublishedCounters

                // One step: the lease of the first record ends inside `next()`.
                var landed = try #require(try cursor.next()).key.residence
                let step = lease.unpublishedCounters - beforeStep
                #expect(landed == .shared)
                #expect(key.residence == .copied && value.residence == .copied, "the step did not copy what was kept")
                #expect(value.withUnsafeBytes { $0.baseAddress } != lentAt, "the value still points at the iterator")
                #expect(Array(key) == self.key(0) && Array(value) == self.value(0), "the copies hold the bytes of the first record")
                // Exactly the two kept: the 16-byte key inline, the 100-byte value in an arena.
                #expect(step.sinksCopied == 2 && step.inlineCopies == 1 && step.bytesCopied == 116 && step.arenasAllocated == 1, "\(step)")

                // Records dropped before the next step cost no copy at all, however many steps.
                let beforeWalk = lease.unpublishedCounters
                var steps = 0
                while try cursor.next() != nil { steps += 1 }
                landed = try #require(try cursor.seek(self.key(150))).key.residence
                let walk = lease.unpublishedCounters - beforeWalk
                #expect(steps == 298 && landed == .shared)
                #expect(walk.sinksCopied == 0 && walk.bytesCopied == 0 && walk.arenasAllocated == 0, "\(walk)")
                #expect(walk.sinksRegistered >= 2 * 298, "\(walk)")
                #expect(Array(key) == self.key(0) && Array(value) == self.value(0))
            }
        }
    }

    @Test("records dropped before the step are never copied: scan, records(), cursor")
    func droppedBeforeStepIsNeverCopied() throws {
        try withStore("dropped") { engine in
            try fill(engine)
            let before = engine.statistics.snapshot()
            var total = 0
            try engine.read { txn in
                try txn.scan { key, value in total += key.count + value.count }
                var records = try txn.records()
                while let r = try records.next() { total += r.key.count + r.value.count }
                try txn.scan(reverse: true) { key, _ in total += key.count }
            }
            let d = engine.statistics.snapshot() - before
            #expect(total == 300 * 116 * 2 + 300 * 16)
            #expect(d.sinksCopied == 0 && d.bytesCopied == 0 && d.arenasAllocated == 0, "\(d)")
            #expect(d.sinksRegistered >= 1800, "every record was lent, not copied: \(d)")
        }
    }

    @Test("keeping every value of a scan: one copy per step, expiry chunks recycled across steps")
    func keepEveryValue() throws {
        try withStore("keepall") { engine in
            try fill(engine)
            let before = engine.statistics.snapshot()
            var kept: [Bytes] = []
            try engine.read { txn in try txn.scan { _, value in kept.append(value) } }
            let d = engine.statistics.snapshot() - before
            #expect(d.sinksCopied == 300 && d.bytesCopied == 30_000, "\(d)")
            // 300 expiries of 100 bytes share chunks of at least 16 KiB: a couple, not 300.
            #expect(d.arenasAllocated <= 3, "\(d)")
            #expect(kept.enumerated().allSatisfy { i, v in v.residence == .copied && Array(v) == value(i) })
        }
    }

    @Test("a point read is LevelDB's own copy, adopted: owned, no lease, no sink, no second copy")
    func pointReadIsAdopted() throws {
        try withStore("get") { engine in
            try fill(engine)
            let before = engine.statistics.snapshot()
            let got = try engine.read { txn in
                let got = try #require(try txn.get(key(7)))
                #expect(got.residence == .owned)
                return got
            }
            #expect(Array(got) == value(7))
            let d = engine.statistics.snapshot() - before
            #expect(d == LeaseCounters(), "a point read touched the lease machinery: \(d)")
            #expect(engine.capabilities.pointReads == .copy && engine.capabilities.scans == .step)
        }
    }

    @Test("values kept past close stay valid: they were copied or are LevelDB's private copies")
    func valuesOutliveClose() throws {
        let path = ScratchDirectory("leveldb-close").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try LevelDBEngine(options: testOptions(path))
        try fill(engine)
        let (scanned, got) = try engine.read { txn in
            var scanned: [Bytes] = []
            try txn.scan(limit: 10) { key, value in scanned += [key, value] }
            return (scanned, try txn.get(key(3)))
        }
        try engine.close()
        #expect(scanned.count == 20 && scanned.allSatisfy { $0.residence == .copied })
        #expect(Array(scanned[1]) == value(0))
        #expect(got.map(Array.init) == value(3))
    }

    @Test("a cursor kept past its transaction is closed with it: the record kept from it was copied, moves throw")
    func cursorClosedWithTransaction() throws {
        try withStore("cursor") { engine in
            try fill(engine)
            var kept: Bytes?
            var cursor = try engine.read { txn in
                var cursor = try txn.cursor()
                kept = try #require(try cursor.first()).value
                #expect(kept?.residence == .shared)
                return cursor
            }
            #expect(cursor.leases.key.liveSinkCount == 0)
            #expect(kept?.residence == .copied && kept.map(Array.init) == value(0))
            #expect(throws: LeaseholdError.transactionEnded) { _ = try cursor.next() }
        }
    }

    @Test("seeking to a key the cursor itself lent, going backwards (LevelDB reuses that buffer)")
    func seekToOwnKey() throws {
        try withStore("seekown") { engine in
            try fill(engine)
            try engine.read { txn in
                var cursor = try txn.cursor()
                _ = try cursor.last()
                let record = try #require(try cursor.previous())
                #expect(Array(record.key) == key(298))
                let landed = try #require(try cursor.seek(record.key))
                #expect(Array(landed.key) == key(298))
                // The adapter's own cursor, given its own key buffer as the target.
                var raw = try txn.makeCursor()
                defer { raw.close() }
                #expect(try raw.last())
                #expect(try raw.previous())
                #expect(try raw.seek(raw.key))
                #expect(Array(raw.key) == key(298) && Array(raw.value) == value(298))
            }
        }
    }

    @Test("a write transaction reads its own writes through a step-lease cursor")
    func writeTransactionCursorLendsPerStep() throws {
        try withStore("writecursor") { engine in
            try fill(engine)
            try engine.write { txn in
                try txn.put([0x10, 0x00], Bytes("first"))
                var cursor = try txn.cursor()
                let first = try #require(try cursor.first())
                #expect(Array(first.key) == [0x10, 0x00])
                let second = try #require(try cursor.next())
                _ = try cursor.next()
                #expect(Array(first.value) == Array("first".utf8))
                #expect(second.value.residence == .copied && Array(second.value) == value(0), "kept across a step of the merged cursor")
                #expect(cursor.leasesEndOnMove == (true, true))
            }
        }
    }
}
