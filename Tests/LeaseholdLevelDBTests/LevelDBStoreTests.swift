import Foundation
import LeaseholdConformance
import LeaseholdCore
import LeaseholdLevelDB
import Testing

/// The LevelDB store itself: reopening, range deletes in a batch, concurrent writers, compaction,
/// compression, sizes.
@Suite("LevelDB store")
struct LevelDBStoreTests {
    @Test("data survives close and reopen; a thrown write left nothing")
    func reopen() throws {
        let path = ScratchDirectory("leveldb-reopen").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let engine = try LevelDBEngine(options: testOptions(path))
            try engine.write { txn in for i in 0 ..< 1000 { try txn.put([0x30, UInt8(i >> 8), UInt8(i & 0xff)], filler(i, count: 64)) } }
            struct Stop: Error {}
            #expect(throws: Stop.self) { try engine.write { txn in try txn.put([0x31], [1]); throw Stop() } }
            try engine.close()
        }
        let engine = try LevelDBEngine(path: path)
        defer { try? engine.close() }
        try engine.read { txn throws in
            #expect(try txn.count() == 1000)
            #expect(try txn.get([0x30, 3, 0x15]).map(Array.init) == filler(0x315, count: 64))
            #expect(try txn.get([0x31]) == nil)
        }
    }

    @Test("a range delete commits as point deletes of the snapshot's keys; later puts in the range stay")
    func rangeDeleteBecomesPointDeletes() throws {
        try withStore("rangedelete") { engine in
            try engine.write { txn in for i in 0 ..< 5000 { try txn.put([0x40, UInt8(i >> 8), UInt8(i & 0xff)], [UInt8(i & 0xff)]) } }
            try engine.write { txn in
                #expect(try txn.deleteRange(KeyRange(lower: .inclusive([0x40, 1]), upper: .exclusive([0x40, 18]))) == 17 * 256)
                try txn.put([0x40, 5, 5], Bytes("back"))            // inside the deleted range
                try txn.put([0x40, 0xff], Bytes("new"))             // never stored before
                #expect(try txn.count() == 5000 - 17 * 256 + 2)
            }
            try engine.read { txn throws in
                #expect(try txn.count() == 5000 - 17 * 256 + 2)
                #expect(try txn.count(KeyRange(lower: .inclusive([0x40, 1]), upper: .exclusive([0x40, 18]))) == 1)
                #expect(try txn.get([0x40, 5, 5]) == Bytes("back"))
                #expect(try txn.get([0x40, 18, 0]) == Bytes([0]))
                #expect(try txn.get([0x40, 0, 0xff]) == Bytes([0xff]))
            }
        }
    }

    @Test("concurrent writers lose no update: each increments a counter read in its transaction")
    func concurrentWritersLoseNothing() throws {
        try withStore("counter") { engine in
            try engine.write { try $0.put(Bytes("n"), withUnsafeBytes(of: UInt64(0)) { Array($0) }) }
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                for _ in 0 ..< 250 {
                    try! engine.write { txn in
                        let n = try txn.get(Bytes("n"))!.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                        try txn.put(Bytes("n"), withUnsafeBytes(of: n + 1) { Array($0) })
                    }
                }
            }
            let n = try engine.read { try $0.get(Bytes("n"))!.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) } }
            #expect(n == 1000)
        }
    }

    @Test("compaction after deleting most keys shrinks the store's tables; sizes per range")
    func compaction() throws {
        let uncompressed: (String) -> LevelDBEngine.Options = { path in
            var options = testOptions(path)
            options.compression = .none
            return options
        }
        try withStore("compact", uncompressed) { engine in
            try engine.write { txn in for i in 0 ..< 20_000 { try txn.put([0x50, UInt8(i >> 8), UInt8(i & 0xff)], filler(i, count: 100)) } }
            try engine.compact()
            let full = try engine.approximateSize()
            let half = try engine.approximateSize(of: .lessThan([0x50, 0x27, 0x10]))  // keys 0 ..< 10,000
            #expect(full > 2_000_000, "20,000 records of 100 bytes in tables: \(full)")
            #expect(half > full / 4 && half < full * 3 / 4, "half the keys, about half the bytes: \(half) of \(full)")
            #expect(try engine.approximateSize(of: .atLeast([0x51])) == 0)
            try engine.write { txn in _ = try txn.deleteRange(.atLeast([0x50, 10])) }
            try engine.compact(.prefix([0x50]))
            let after = try engine.approximateSize()
            // 2,560 of 20,000 records are left: about 13 %.
            #expect(after < full / 5, "compaction dropped the deleted records: \(after) of \(full)")
            #expect(try engine.read { try $0.count() } == 10 * 256)
            #expect(try engine.property("leveldb.num-files-at-level0") == "0")
            #expect(try engine.property("leveldb.no-such-property") == nil)
        }
    }

    @Test("Snappy really compresses in this build: the same data takes far less room than uncompressed")
    func compression() throws {
        var sizes: [LevelDBEngine.Compression: Int] = [:]
        for compression in LevelDBEngine.Compression.allCases {
            var options: (String) -> LevelDBEngine.Options {
                { path in
                    var o = testOptions(path)
                    o.compression = compression
                    return o
                }
            }
            try withStore("compression", options) { engine in
                // Very compressible values: a short pattern repeated.
                try engine.write { txn in for i in 0 ..< 5000 { try txn.put([0x60, UInt8(i >> 8), UInt8(i & 0xff)], [UInt8](repeating: UInt8(i & 7), count: 400)) } }
                try engine.compact()
                sizes[compression] = try engine.approximateSize()
            }
        }
        let none = try #require(sizes[LevelDBEngine.Compression.none]), snappy = try #require(sizes[.snappy])
        #expect(none > 2_000_000 && snappy < none / 5, "none \(none), snappy \(snappy)")
    }

    @Test("close: busy inside a transaction, storeClosed after, harmless twice; the lock is released")
    func closeRules() throws {
        let path = ScratchDirectory("leveldb-close").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try LevelDBEngine(options: testOptions(path))
        try engine.write { txn in
            #expect(throws: LeaseholdError.busy("1 transaction(s) still open")) { try engine.close() }
            try txn.put(Bytes("k"), Bytes("v"))
        }
        try engine.close()
        try engine.close()
        #expect(throws: LeaseholdError.storeClosed) { try engine.read { _ in } }
        #expect(throws: LeaseholdError.storeClosed) { try engine.compact() }
        let again = try LevelDBEngine(options: testOptions(path))
        defer { try? again.close() }
        #expect(try again.read { try $0.get(Bytes("k")) } == Bytes("v"))
    }
}
