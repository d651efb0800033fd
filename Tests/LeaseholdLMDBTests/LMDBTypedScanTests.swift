import Foundation
import Leasehold
import LeaseholdConformance
import LeaseholdLMDB
import Testing

/// Typed scans over a real LMDB store: keys and values decoded from the map, nothing copied.
@Suite("LMDB typed scans")
struct LMDBTypedScanTests {
    struct Order: Codable, Equatable {
        var item: String
        var quantity: Int
        var total: Double
    }

    static func order(_ i: Int) -> Order { Order(item: "item \(i % 97)", quantity: 1 + i % 9, total: Double(i) * 1.5) }

    @Test("a scan of 100,000 typed records that keeps none makes 0 copies, and each closure, for loop and while-let sees every record decoded")
    func typedScanMakesNoCopies() throws {
        let path = ScratchDirectory("lmdb-typed-scan").path
        let engine = try LMDBEngine(options: testOptions(path, mapSize: 64 << 20))
        defer { try? engine.close(); try? FileManager.default.removeItem(atPath: path) }
        let n = 100_000
        try engine.write { txn in
            for i in 0 ..< n { try txn.put(Key("orders", i % 10, i), Self.order(i)) }
        }

        let before = engine.statistics.snapshot()
        let (scanned, looped, stepped) = try engine.read { txn in
            var scanned = 0, looped = 0, stepped = 0
            try txn.scan(Key("orders").range, as: Order.self) { key, order in
                let id = try key[2, as: Int.self]
                #expect(order == Self.order(id))
                scanned += 1
            }
            for record in try txn.records(Key("orders").range, as: Order.self) {
                if try record.value.quantity == Self.order(try record.key[2, as: Int.self]).quantity { looped += 1 }
            }
            var records = try txn.records(Key("orders", 3).range, as: Order.self)
            while let record = try records.next() {
                #expect(try record.key[1, as: Int.self] == 3)
                stepped += 1
            }
            return (scanned, looped, stepped)
        }
        let d = engine.statistics.snapshot() - before
        #expect(scanned == n)
        #expect(looped == n)
        #expect(stepped == n / 10)
        #expect(d.sinksCopied == 0)
        #expect(d.bytesCopied == 0)
        #expect(d.arenasAllocated == 0)
    }

    @Test("values kept from a typed for loop past the transaction are copied, and equal what was stored")
    func keptTypedRecordsAreCopied() throws {
        let path = ScratchDirectory("lmdb-typed-keep").path
        let engine = try LMDBEngine(options: testOptions(path))
        defer { try? engine.close(); try? FileManager.default.removeItem(atPath: path) }
        try engine.write { txn in for i in 0 ..< 100 { try txn.put(Key("orders", 1, i), Self.order(i)) } }
        let before = engine.statistics.snapshot()
        let kept = try engine.read { txn in
            var kept: [Key] = []
            for record in try txn.records(Key("orders", 1).range, as: Order.self) where try record.value.quantity == 5 {
                kept.append(record.key)
            }
            return kept
        }
        #expect(kept.count == 11)
        #expect(try kept.map { try $0[2, as: Int.self] } == (0 ..< 100).filter { Self.order($0).quantity == 5 })
        #expect(engine.statistics.snapshot().sinksCopied - before.sinksCopied == 11)
        #expect(kept.allSatisfy { $0.bytes.residence == .copied })
    }
}
