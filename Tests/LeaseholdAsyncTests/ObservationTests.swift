import LeaseholdAsync
import Synchronization
import Testing

/// A count the store's threads bump and the test reads.
final class Count: Sendable {
    private let atomic = Atomic<Int>(0)
    func add() { atomic.add(1, ordering: .relaxed) }
    var value: Int { atomic.load(ordering: .relaxed) }
    func set(_ new: Int) { atomic.store(new, ordering: .relaxed) }
}

@Suite("Observation")
struct ObservationTests {
    /// The records under `prefix [5]` as (last key byte, value byte) pairs.
    static func fetch(_ txn: ReadTransaction<AnyReader>, _ reads: Count) throws -> [[UInt8]] {
        reads.add()
        var rows: [[UInt8]] = []
        try txn.scan(.prefix([5])) { key, value in rows.append([key[key.count - 1], value[0]]) }
        return rows
    }

    @Test("the first value at once, then a new one after a commit in the range; none for commits elsewhere", arguments: [LocalEngine.memory, .lmdb])
    func firstValueThenChanges(_ engine: LocalEngine) async throws {
        try await withAsyncStore(engine) { store in
            try await store.write { txn in try txn.put([5, 1], [10]) }
            let reads = Count()
            var values = store.observe(.prefix([5])) { txn in try Self.fetch(txn, reads) }.makeAsyncIterator()
            #expect(try await values.next() == [[1, 10]])
            try await store.write { txn in try txn.put([6, 1], [0]) }  // outside: no read
            try await store.write { txn in try txn.put([5, 2], [20]) }
            #expect(try await values.next() == [[1, 10], [2, 20]])
            #expect(reads.value == 2)
        }
    }

    @Test("a burst of commits while the consumer is away costs one read")
    func burstCoalesces() async throws {
        try await withAsyncStore(.memory) { store in
            let reads = Count()
            var values = store.observe(.prefix([5])) { txn in try Self.fetch(txn, reads) }.makeAsyncIterator()
            #expect(try await values.next() == [])
            for i in 0 ..< 100 { try await store.write { txn in try txn.put([5, UInt8(i % 4)], [UInt8(i)]) } }
            #expect(try await values.next() == [[0, 96], [1, 97], [2, 98], [3, 99]])
            #expect(reads.value == 2)
            // A commit after the coalesced read causes exactly one more.
            try await store.write { txn in try txn.put([5, 0], [0]) }
            #expect(try await values.next() == [[0, 0], [1, 97], [2, 98], [3, 99]])
            #expect(reads.value == 3)
        }
    }

    @Test("closing the store ends the observation", .timeLimit(.minutes(10)))
    func closeEnds() async throws {
        try await withAsyncStore(.memory) { store in
            let reads = Count()
            let observation = store.observe(.all) { txn in try Self.fetch(txn, reads) }
            let (firstValue, delivered) = AsyncStream<Void>.makeStream()
            let consumer = Task {
                var count = 0
                for try await _ in observation {
                    count += 1
                    delivered.yield()
                }
                return count
            }
            // Wait for the first value itself, with no clock: beside the rest of the suite
            // (under ASan above all) the cooperative pool can be blocked for minutes, and a
            // deadline then measures the other suites. The time limit ends a real hang.
            var values = firstValue.makeAsyncIterator()
            _ = await values.next()
            try await store.close()
            let count = try await consumer.value
            #expect(count == 1)
        }
    }

    @Test("cancelling the observing task ends it", .timeLimit(.minutes(10)))
    func cancellationEnds() async throws {
        try await withAsyncStore(.memory) { store in
            let reads = Count()
            let observation = store.observe(.all) { txn in try Self.fetch(txn, reads) }
            let (firstValue, delivered) = AsyncStream<Void>.makeStream()
            let consumer = Task {
                var count = 0
                for try await _ in observation {
                    count += 1
                    delivered.yield()
                }
                return count
            }
            // Wait for the first value itself, with no clock: beside the rest of the suite
            // (under ASan above all) the cooperative pool can be blocked for minutes, and a
            // deadline then measures the other suites. The time limit ends a real hang.
            var values = firstValue.makeAsyncIterator()
            _ = await values.next()
            consumer.cancel()
            let count = try await consumer.value
            #expect(count == 1)
        }
    }
}
