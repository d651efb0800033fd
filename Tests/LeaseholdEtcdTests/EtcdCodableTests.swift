#if Etcd
import Foundation
import Leasehold
import LeaseholdEtcd
import Testing

extension EtcdTests {
    /// The Codable round trip of the other engines (CodableRoundTripTests), on the shared cluster.
    @Suite("Codable records")
    struct CodableRecords {
        @Test("seeded records of every shape: put in one write transaction, read back equal by get(_:as:) and by a typed scan")
        func roundTrip() throws {
            let store = try emptyStore(pageSize: 64)
            defer { try? store.close() }
            var random = SampleRandom(seed: 2026)
            let orders = (0 ..< 300).map { _ in SampleOrder.random(&random) }
            try store.write { txn in
                for (index, order) in orders.enumerated() { try txn.put(Key("orders", index), order) }
            }
            try store.read { txn in
                for (index, order) in orders.enumerated() {
                    #expect(try txn.get(Key("orders", index), as: SampleOrder.self) == order, "record \(index)")
                }
                var scanned = 0
                try txn.scan(Key("orders").range, as: SampleOrder.self) { key, order in
                    let index = try key[1, as: Int.self]
                    #expect(order == orders[index])
                    scanned += 1
                }
                #expect(scanned == orders.count)
            }
        }

        @Test("a value that cannot round-trip throws EncodingError at put and nothing of its transaction is committed")
        func refused() throws {
            let store = try emptyStore()
            defer { try? store.close() }
            try expectRefusedAtPut(store)
        }
    }
}
#endif
