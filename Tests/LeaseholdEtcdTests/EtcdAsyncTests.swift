#if Etcd
import Foundation
import LeaseholdAsync
@_spi(Adapter) import LeaseholdCore
import LeaseholdEtcd
import Testing

extension EtcdTests {
    /// The async API (`LeaseholdAsync`) over etcd: transactions on the store's threads, streamed
    /// scans, and the watch-fed change feed iterated from a task.
    @Suite("async")
    struct Async {
        @Test("AsyncStore reads and writes etcd from tasks; the readers default is 4")
        func readWrite() async throws {
            let store = try AsyncStore(try emptyStore())
            #expect(store.readers == 8)
            try await store.write { txn in for i in 0 ..< 20 { try txn.put(be(i), [UInt8(i)]) } }
            let values = try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
                for i in 0 ..< 20 { group.addTask { try await store.read { txn in try txn.get(be(i)).map(Array.init) } } }
                var all: [[UInt8]] = []
                for try await value in group { all.append(try #require(value)) }
                return all
            }
            #expect(values.sorted { $0.lexicographicallyPrecedes($1) } == (0 ..< 20).map { [UInt8($0)] })
            let count = try await store.read { try $0.count() }
            #expect(count == 20)
            try await store.close()
            await #expect(throws: LeaseholdError.storeClosed) { try await store.read { try $0.count() } }
        }

        @Test("a task cancelled before its transaction starts throws CancellationError and runs nothing")
        func cancelledBeforeStart() async throws {
            let store = try AsyncStore(try emptyStore())
            let ran = Locked(false)
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                try await store.write { txn in
                    ran.withLock { $0 = true }
                    try txn.put(Bytes("never"), Bytes("x"))
                }
            }
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(!ran.withLock { $0 })
            let stored = try await store.read { try $0.get(Bytes("never")) == nil }
            #expect(stored)
            try await store.close()
        }

        @Test("the batch stream yields exactly what the synchronous scan reads", arguments: [false, true])
        func streamEqualsScan(reverse: Bool) async throws {
            let store = try AsyncStore(try emptyStore(pageSize: 64))
            try await store.write { txn in
                for i in 0 ..< 1500 { try txn.put(be(i), Array(repeating: UInt8(i & 0xff), count: i % 37)) }
            }
            let range = KeyRange(lower: .inclusive(be(7)), upper: .exclusive(be(1433)))
            let expected = try await store.read { txn in
                var all: [[UInt8]] = []
                var records = try txn.records(range, reverse: reverse)
                while let r = try records.next() { all.append(Array(r.key) + [0xff] + Array(r.value)) }
                return all
            }
            var streamed: [[UInt8]] = []
            var batches = 0
            for try await batch in store.records(in: range, reverse: reverse, batch: BatchLimit(records: 100, bytes: 2000)) {
                batches += 1
                #expect(batch.count <= 100)
                for r in batch { streamed.append(Array(r.key) + [0xff] + Array(r.value)) }
            }
            #expect(expected.count == 1426)
            #expect(streamed == expected)
            #expect(batches >= 15, "batches of at most 100 records")
            try await store.close()
        }

        @Test("AsyncStore.changes on etcd, iterated by a task, sees another client's writes; cancelling the task ends it")
        func feedFromTask() async throws {
            let store = try AsyncStore(try emptyStore())
            let feed = try await store.changes(in: .all, after: nil)
            let firstTwo = Task {
                var seen: [Commit] = []
                for try await commit in feed {
                    seen.append(commit)
                    if seen.count == 2 { break }
                }
                return seen
            }
            let other = try AsyncStore(try EtcdEngine(options: store.engine.options))
            try await other.write { try $0.put(Bytes("a"), Bytes("1")) }
            try await other.write { try $0.put(Bytes("b"), Bytes("2")) }
            let seen = try await firstTwo.value
            #expect(seen.map(\.changes) == [[change("a", "1")], [change("b", "2")]])
            #expect(seen[0].sequence < seen[1].sequence)

            let returned = Locked(false)
            let waiting = Task {
                defer { returned.withLock { $0 = true } }
                for try await _ in try await store.changes(in: .all, after: nil) {}
            }
            try await Task.sleep(for: .milliseconds(200))
            waiting.cancel()
            let deadline = ContinuousClock.now + .seconds(5)
            while !returned.withLock({ $0 }) && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(returned.withLock { $0 }, "the cancelled iteration returned")
            try await other.close()
            try await store.close()
        }
    }
}
#endif
