@testable @_spi(Adapter) import LeaseholdCore
import Leasehold
import Testing

/// A sink that counts its notifications and can misbehave in allowed ways.
final class CountingSink: LeaseSink {
    var notified = 0
    /// Registered here from inside `leaseWillEnd`, rewriting its own registration during the walk.
    var moveTo: Lease?
    /// Dropped from inside `leaseWillEnd`: the last reference to another sink of the same lease.
    var holds: CountingSink?
    override func leaseWillEnd(copyingWith copier: inout ExpiryCopier) {
        notified += 1
        if let moveTo { moveTo.register(self, arenaBytes: 0) }
        holds = nil
    }
}

@Suite("Leases and the sink registry")
struct LeaseTests {
    @Test("register and unregister keep the list and totals right, in any order")
    func registerUnregister() {
        let lease = Lease()
        let sinks = (0 ..< 10).map { _ in CountingSink() }
        for (i, s) in sinks.enumerated() { lease.register(s, arenaBytes: i) }
        #expect(lease.liveSinkCount == 10 && lease.liveArenaBytes == 45)
        for i in [0, 9, 5, 1] { lease.unregister(sinks[i]) }   // middle, both ends
        lease._checkInvariants()
        #expect(lease.liveSinkCount == 6 && lease.liveArenaBytes == 45 - 15)
        #expect(!sinks[5].isRegistered && sinks[4].isRegistered)
        lease.unregister(sinks[5])  // twice: harmless
        Lease().unregister(sinks[4]) // not its lease: left alone
        #expect(sinks[4].isRegistered && lease.liveSinkCount == 6)
        lease.expire()
        #expect(sinks.map(\.notified) == [0, 0, 1, 1, 1, 0, 1, 1, 1, 0])
    }

    @Test("expiry notifies each live sink exactly once and leaves the lease empty; again is a no-op")
    func expireOnce() {
        let lease = Lease()
        let sinks = (0 ..< 100).map { _ in CountingSink() }
        for s in sinks { lease.register(s, arenaBytes: 0) }
        lease.expire()
        lease.expire()
        lease.end()
        #expect(sinks.allSatisfy { $0.notified == 1 && !$0.isRegistered })
        #expect(lease.liveSinkCount == 0)
    }

    @Test("the walk survives sinks that relink themselves while notified")
    func relinkDuringWalk() {
        let lease = Lease()
        let other = Lease()
        let sinks = (0 ..< 50).map { _ in CountingSink() }
        for (i, s) in sinks.enumerated() {
            if i % 2 == 0 { s.moveTo = other }
            lease.register(s, arenaBytes: 0)
        }
        lease.expire()
        #expect(sinks.allSatisfy { $0.notified == 1 })
        #expect(other.liveSinkCount == 25)
        other._checkInvariants()
    }

    @Test("a sink that dies during the walk, before its turn, is skipped; one registered on the ending lease waits for the next span")
    func deathDuringWalk() {
        let lease = Lease()
        var sinks = (0 ..< 20).map { _ in CountingSink() }
        for (i, s) in sinks.enumerated() { lease.register(s, arenaBytes: i) }
        weak let dropped = sinks[15]
        sinks[3].holds = sinks[15]     // sink 3 drops the last reference to sink 15 when told
        let late = CountingSink()
        sinks[5].moveTo = lease        // and sink 5 registers again on the ending lease
        sinks[15] = CountingSink()
        lease.expire()
        #expect(dropped == nil)
        #expect(sinks.enumerated().allSatisfy { i, s in i == 15 ? s.notified == 0 : s.notified == 1 })
        #expect(lease.liveSinkCount == 1 && sinks[5].isRegistered)
        lease._checkInvariants()
        lease.register(late, arenaBytes: 0)
        lease.expire()
        #expect(sinks[5].notified == 2 && late.notified == 1 && lease.liveSinkCount == 1)
        sinks[5].moveTo = nil
        lease.expire()
        #expect(lease.liveSinkCount == 0 && sinks[5].notified == 3)
    }

    @Test("a sink dropped before expiry unregisters itself and is never copied")
    func droppedSink() {
        let lease = Lease()
        var memory: [UInt8] = Array(repeating: 7, count: 64)
        memory.withUnsafeBytes { buffer in
            do { let b = Bytes(lending: buffer, on: lease); #expect(b.count == 64) }
            #expect(lease.liveSinkCount == 0 && lease.liveArenaBytes == 0)
        }
        lease.expire()
        #expect(lease.unpublishedCounters.sinksCopied == 0 && lease.unpublishedCounters.sinksRegistered == 1)
        memory[0] = 0
    }

    @Test("a sink does not keep its lease alive, and a lease that dies first copies its sinks")
    func noOwnership() {
        var memory: [UInt8] = Array(0 ..< 100)
        var kept: Bytes?
        weak var weakLease: Lease?
        memory.withUnsafeBytes { buffer in
            let lease = Lease()
            weakLease = lease
            kept = Bytes(lending: buffer, on: lease)
        }
        #expect(weakLease == nil)
        memory = Array(repeating: 0xdd, count: 100)
        #expect(kept.map(Array.init) == Array(0 ..< 100))
        #expect(kept?.residence == .copied)
    }

    @Test("100,000 values of 100 bytes kept past a commit cost one arena and byte-equal copies")
    func oneArenaForManyValues() throws {
        let n = 100_000
        let engine = try MemoryEngine()
        try engine.write { txn in
            for i in 0 ..< n { try txn.put(key(i), value(i)) }
        }
        let before = engine.statistics.snapshot()
        var values: [Bytes] = []
        values.reserveCapacity(n)
        try engine.read { txn in
            try txn.scan { _, v in values.append(v) }
            #expect(values.allSatisfy { $0.residence == .shared })
        }
        let d = engine.statistics.snapshot() - before
        #expect(d.arenasAllocated == 1, "\(d)")
        #expect(d.sinksCopied == n && d.inlineCopies == 0 && d.bytesCopied == n * 100, "\(d)")
        for i in stride(from: 0, to: n, by: 1) where values[i].elementsEqual(value(i)) == false {
            Issue.record("value \(i) differs")
            break
        }
        #expect(values.allSatisfy { $0.residence == .copied })
    }

    @Test("scanning 100,000 records without keeping them copies nothing")
    func noCopiesWhenDropped() throws {
        let n = 100_000
        for scanLease in [Capabilities.LeaseScope.transaction, .step] {
            let engine = try MemoryEngine(options: .init(scanLease: scanLease))
            try engine.write { txn in for i in 0 ..< n { try txn.put(key(i), value(i)) } }
            let before = engine.statistics.snapshot()
            var sum = 0
            try engine.read { txn in try txn.scan { k, v in sum &+= Int(k[k.count - 1]) &+ Int(v[0]) } }
            let d = engine.statistics.snapshot() - before
            #expect(d.sinksCopied == 0 && d.bytesCopied == 0 && d.arenasAllocated == 0, "\(scanLease): \(d)")
            #expect(d.sinksRegistered == 2 * n, "\(scanLease): \(d)")
            #expect(sum != 0)
        }
    }

    @Test("values of up to 16 bytes are copied inline, with no arena; 17 bytes go to the arena")
    func inlineCopies() throws {
        let engine = try MemoryEngine()
        try engine.write { txn in for i in 0 ..< 1000 { try txn.put(key(i), Array(value(i).prefix(16 - i % 16))) } }
        let before = engine.statistics.snapshot()
        let kept = try engine.read { txn in var it = try txn.records(); return try it.collect() }
        let d = engine.statistics.snapshot() - before
        #expect(d.arenasAllocated == 0 && d.inlineCopies == 2000 && d.sinksCopied == 2000, "\(d)")
        #expect(kept.enumerated().allSatisfy { i, r in Array(r.value) == Array(value(i).prefix(16 - i % 16)) && Array(r.key) == key(i) })
        #expect(kept.allSatisfy { $0.key.residence == .copied && $0.value.residence == .copied })

        let longer = try MemoryEngine()
        try longer.write { txn in for i in 0 ..< 100 { try txn.put(key(i), Array(value(i).prefix(17))) } }
        let start = longer.statistics.snapshot()
        let values = try longer.read { txn in var all: [Bytes] = []; try txn.scan { _, v in all.append(v) }; return all }
        let e = longer.statistics.snapshot() - start
        #expect(e.arenasAllocated == 1 && e.inlineCopies == 0 && e.bytesCopied == 1700, "\(e)")
        #expect(values.enumerated().allSatisfy { Array($1) == Array(value($0).prefix(17)) })
    }

    @Test("freed arena chunks are kept for reuse up to the limit, the most recent first")
    func chunkPool() {
        let size = 4096
        let pool = ArenaChunkPool(limit: 2 * size, chunkSize: size)
        let chunks = (0 ..< 3).map { _ in UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16) }
        for c in chunks { pool.give(c) }          // the third is over the limit: freed
        #expect(pool.count == 2)
        #expect(pool.take() == chunks[1] && pool.take() == chunks[0] && pool.take() == nil)
        pool.give(chunks[0])
        pool.give(chunks[1])
        pool.setLimit(size)                       // frees the oldest
        #expect(pool.count == 1 && pool.take() == chunks[1])
        chunks[1].deallocate()
        #expect(ExpiryArena.recycledChunkLimit >= 0)
    }

    @Test("repeated expiries of a step lease share arena chunks")
    func stepLeaseArenaReuse() throws {
        let engine = try MemoryEngine(options: .init(scanLease: .step))
        try engine.write { txn in for i in 0 ..< 1000 { try txn.put(key(i), value(i)) } }
        let before = engine.statistics.snapshot()
        var kept: [Bytes] = []
        try engine.read { txn in try txn.scan { _, v in kept.append(v) } }
        let d = engine.statistics.snapshot() - before
        // 1000 × 100 bytes in 16 KiB chunks: a handful of arenas, not one per value.
        #expect(d.sinksCopied == 1000 && d.arenasAllocated <= 8, "\(d)")
        #expect(kept.enumerated().allSatisfy { Array($1) == value($0) })
    }
}

/// A 16-byte key: an 8-byte prefix and a big-endian id.
func key(_ i: Int) -> [UInt8] {
    Array("records:".utf8) + withUnsafeBytes(of: UInt64(i).bigEndian) { Array($0) }
}

/// A 100-byte value derived from `i`.
func value(_ i: Int) -> [UInt8] {
    (0 ..< 100).map { UInt8(truncatingIfNeeded: i &* 7 &+ $0) }
}
