import Foundation
@testable import LeaseholdCore
import Leasehold
import LeaseholdConformance
import LeaseholdLMDB
import Testing

/// How the LMDB adapter lends: from the map, for the read transaction, and in a write
/// transaction only until the next update.
@Suite("LMDB leases")
struct LMDBLeaseTests {
    let path = ScratchDirectory("lmdb-leases").path

    func withStore(_ body: (LMDBEngine) throws -> Void) throws {
        let engine = try LMDBEngine(options: testOptions(path))
        defer { try? engine.close(); try? FileManager.default.removeItem(atPath: path) }
        try body(engine)
    }

    @Test("a point read points into the map: the same address as LMDB's own buffer")
    func pointReadIsZeroCopy() throws {
        try withStore { engine in
            try engine.write { try $0.put(Bytes("k"), Bytes(String(repeating: "v", count: 200))) }
            try engine.read { txn in
                let value = try #require(try txn.get(Bytes("k")))
                #expect(value.residence == .shared)
                let lent = value.withUnsafeBytes { $0.baseAddress }
                let raw = try txn.withValue(forKey: Bytes("k")) { (span: RawSpan) in span.withUnsafeBytes { $0.baseAddress } }
                #expect(lent != nil && lent == raw, "get returned a copy, not the map's bytes")
            }
        }
    }

    @Test("point reads reuse one sink while their values are dropped; kept ones are copied at the end, dropped ones never")
    func pointReadsReuseTheirSink() throws {
        try withStore { engine in
            try engine.write { txn in for i in 0 ..< 100 { try txn.put([0x20, UInt8(i)], [UInt8](repeating: UInt8(i), count: 40)) } }
            let before = engine.statistics.snapshot()
            var kept: [Bytes] = []
            try engine.read { txn in
                var sinks = Set<ObjectIdentifier>()
                for i in 0 ..< 100 {
                    let value = try #require(try txn.get([0x20, UInt8(i)]))
                    #expect(value.residence == .shared && value.count == 40)
                    if let storage = value.storage { sinks.insert(ObjectIdentifier(storage)) }
                    if i % 10 == 0 { kept.append(value) }
                }
                // One sink to start with, and one more after each of the 10 kept values.
                #expect(sinks.count == 11, "\(sinks.count) sinks for 100 reads, 10 of them kept")
            }
            let d = engine.statistics.snapshot() - before
            #expect(d.sinksCopied == 10 && d.bytesCopied == 400, "\(d)")
            #expect(kept.enumerated().allSatisfy { i, v in v.residence == .copied && Array(v) == [UInt8](repeating: UInt8(i * 10), count: 40) })
            // In a write transaction an update ends the lease: a read value nobody holds is not copied.
            let start = engine.statistics.snapshot()
            try engine.write { txn in
                _ = try txn.get([0x20, 1])
                try txn.put([0x21], [1, 2, 3])
                let held = try #require(try txn.get([0x20, 2]))
                try txn.put([0x20, 2], [9])
                #expect(Array(held) == [UInt8](repeating: 2, count: 40) && held.residence == .copied)
            }
            let e = engine.statistics.snapshot() - start
            #expect(e.sinksCopied == 1, "\(e)")
        }
    }

    @Test("scans lend keys and values in place and copy nothing that was dropped")
    func scansAreZeroCopy() throws {
        try withStore { engine in
            try engine.write { txn in for i in 0 ..< 500 { try txn.put([0x10, UInt8(i >> 8), UInt8(i & 0xff)], [UInt8](repeating: UInt8(i & 0xff), count: 100)) } }
            let before = engine.statistics.snapshot()
            var shared = 0
            try engine.read { txn in
                try txn.scan { key, value in
                    if key.residence == .shared && value.residence == .shared { shared += 1 }
                }
            }
            let d = engine.statistics.snapshot() - before
            #expect(shared == 500)
            #expect(d.sinksCopied == 0 && d.arenasAllocated == 0, "\(d)")
            #expect(d.sinksRegistered >= 1000, "\(d)")
        }
    }

    @Test("a value read in a write transaction, then a put: stays byte-equal, copied at the put")
    func valueSurvivesPut() throws {
        try withStore { engine in
            let original = (0 ..< 300).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            try engine.write { try $0.put(Bytes("a"), original) }
            let before = engine.statistics.snapshot()
            try engine.write { txn in
                let held = try #require(try txn.get(Bytes("a")))
                #expect(held.residence == .shared, "a read in a write transaction is zero-copy until the update")
                // Overwrite the very value we hold, and make LMDB move pages around.
                try txn.put(Bytes("a"), [UInt8](repeating: 0xEE, count: 300))
                for i in 0 ..< 200 { try txn.put([0x20, UInt8(i)], [UInt8](repeating: UInt8(i), count: 500)) }
                #expect(held.residence == .copied, "the put did not end the write lease")
                #expect(Array(held) == original)
                #expect(try txn.get(Bytes("a")).map(Array.init) == [UInt8](repeating: 0xEE, count: 300))
            }
            let d = engine.statistics.snapshot() - before
            #expect(d.sinksCopied == 1 && d.bytesCopied == 300 && d.arenasAllocated == 1, "\(d)")
        }
    }

    @Test("a cursor record held across a delete in a write transaction keeps its bytes")
    func cursorRecordSurvivesDelete() throws {
        try withStore { engine in
            try engine.write { txn in for i in 0 ..< 50 { try txn.put([0x30, UInt8(i)], [UInt8](repeating: UInt8(i), count: 64)) } }
            try engine.write { txn in
                var cursor = try txn.cursor()
                let record = try #require(try cursor.seek([0x30, 10]))
                try txn.deleteRange(.prefix([0x30]))
                #expect(Array(record.key) == [0x30, 10])
                #expect(Array(record.value) == [UInt8](repeating: 10, count: 64))
                #expect(try txn.count() == 0)
            }
        }
    }

    @Test("records kept past the read transaction are copied into one arena")
    func keptRecordsCopiedAtEnd() throws {
        try withStore { engine in
            try engine.write { txn in for i in 0 ..< 1000 { try txn.put([0x40, UInt8(i >> 8), UInt8(i & 0xff)], [UInt8](repeating: UInt8(i & 0xff), count: 100)) } }
            let before = engine.statistics.snapshot()
            var kept: [Bytes] = []
            try engine.read { txn in try txn.scan { _, value in kept.append(value) } }
            let d = engine.statistics.snapshot() - before
            #expect(d.sinksCopied == 1000 && d.arenasAllocated == 1 && d.bytesCopied == 100_000, "\(d)")
            #expect(kept.enumerated().allSatisfy { i, v in v.residence == .copied && Array(v) == [UInt8](repeating: UInt8(i & 0xff), count: 100) })
        }
    }
}
