import Leasehold
import LeaseholdAsync
import Testing

/// A record of the typed stream tests.
private struct Order: Codable, Sendable, Equatable {
    var customer: String
    var total: Int
}

/// Typed streamed scans: batches of keys and decoded values.
@Suite struct RecordStreamTypedTests {
    @Test("the typed stream yields the typed synchronous scan's keys and values, forward and reverse, with limits",
          arguments: LocalEngine.allCases)
    func matchesTypedScan(_ engine: LocalEngine) async throws {
        try await withAsyncStore(engine) { store in
            try await store.write { txn in
                for i in 0 ..< 500 { try txn.put(Key("orders", i), Order(customer: "c\(i % 13)", total: i * 3)) }
            }
            for reverse in [false, true] {
                for limit in [nil, 120] as [Int?] {
                    let expected = try await store.read { txn in
                        var out: [(key: [UInt8], value: Order)] = []
                        try txn.scan(Key("orders").range, as: Order.self, reverse: reverse, limit: limit) { key, order in
                            out.append((key.packed, order))
                        }
                        return out.map { TypedPair(key: $0.key, order: $0.value) }
                    }
                    var got: [TypedPair] = []
                    for try await batch in store.records(in: Key("orders").range, as: Order.self, reverse: reverse, limit: limit,
                                                         batch: BatchLimit(records: 64, bytes: 2000)) {
                        #expect(batch.count <= 64)
                        for (key, order) in batch {
                            #expect(try key[1, as: Int.self] * 3 == order.total)
                            got.append(TypedPair(key: key.packed, order: order))
                        }
                    }
                    #expect(got.count == (limit ?? 500))
                    #expect(got == expected)
                }
            }
        }
    }

    @Test("a value that does not decode ends the typed stream with a DecodingError naming its key",
          arguments: [LocalEngine.memory, .lmdb, .rocksdb])
    func decodingErrorNamesKey(_ engine: LocalEngine) async throws {
        try await withAsyncStore(engine) { store in
            try await store.write { txn in
                for i in 0 ..< 50 { try txn.put(Key("orders", i), Order(customer: "c", total: i)) }
                try txn.put(Key("orders", 37), "not an order")
            }
            var seen = 0
            let error = await #expect(throws: DecodingError.self) {
                for try await batch in store.records(in: Key("orders").range, as: Order.self, batch: BatchLimit(records: 10)) {
                    seen += batch.count
                }
            }
            #expect(seen == 30)  // three whole batches before the one holding the bad record
            #expect(String(describing: error).contains(Key("orders", 37).description))
            try closeNow(store.engine)  // the failed stream released its snapshot
        }
    }
}

private struct TypedPair: Sendable, Equatable {
    let key: [UInt8]
    let order: Order
}
