import Leasehold
import LeaseholdAsync
import Testing

/// Streamed scans on the local engines (through `AnyEngine`, as `AsyncStore.open` gives them).
@Suite struct RecordStreamTests {
    @Test("a batch stream yields what the synchronous scan does: every bound kind, reverse, limits, batch sizes, both consistencies",
          arguments: LocalEngine.allCases)
    func matchesSyncScan(_ engine: LocalEngine) async throws {
        try await withAsyncStore(engine) { store in
            let compared = try await checkStreamsMatchSyncScan(store, prefix: Array("stream/".utf8))
            #expect(compared == 540)
        }
    }

    @Test(".snapshot does not see a write committed mid-stream; .perBatch sees the part ahead of it, never a key twice",
          arguments: LocalEngine.allCases)
    func consistency(_ engine: LocalEngine) async throws {
        try await withAsyncStore(engine) { store in
            try await store.write { txn in for i in 0 ..< 100 { try txn.put(recordKey(1, i * 2), [1]) } }
            let batch = BatchLimit(records: 10)
            for consistency in [StreamConsistency.snapshot, .perBatch] {
                var iterator = store.records(in: .prefix([1]), batch: batch, consistency: consistency).makeAsyncIterator()
                var keys: [[UInt8]] = []
                var values: [[UInt8]] = []
                let first = try #require(try await iterator.next())
                for r in first { keys.append(Array(r.key)); values.append(Array(r.value)) }
                // Behind the stream (key 0 changes), ahead of it (odd keys appear, key 100 changes).
                try await store.write { txn in
                    try txn.put(recordKey(1, 0), [2])
                    for i in 0 ..< 100 { try txn.put(recordKey(1, i * 2 + 1), [2]) }
                    try txn.put(recordKey(1, 100), [2])
                }
                while let more = try await iterator.next() {
                    for r in more { keys.append(Array(r.key)); values.append(Array(r.value)) }
                }
                #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) } && Set(keys).count == keys.count)
                switch consistency {
                case .snapshot:
                    #expect(keys == (0 ..< 100).map { recordKey(1, $0 * 2) })
                    #expect(values.allSatisfy { $0 == [1] })
                case .perBatch:
                    // The first batch (keys 0 ... 18) was read before the write; the rest after it.
                    let expected = (0 ..< 10).map { recordKey(1, $0 * 2) } + (19 ..< 200).map { recordKey(1, $0) }
                    #expect(keys == expected)
                    #expect(values[0] == [1])
                    #expect(values[keys.firstIndex(of: recordKey(1, 100))!] == [2])
                }
                try await store.write { txn in _ = try txn.deleteRange(.prefix([1])) }
                try await store.write { txn in for i in 0 ..< 100 { try txn.put(recordKey(1, i * 2), [1]) } }
            }
        }
    }

    @Test("backpressure: a consumer that stops after one batch has caused one batch read, however long it waits",
          arguments: [LocalEngine.memory, .lmdb])
    func backpressure(_ engine: LocalEngine) async throws {
        try await withAsyncStore(engine) { store in
            try await store.write { txn in for i in 0 ..< 1000 { try txn.put(recordKey(1, i), [UInt8(i % 256)]) } }
            for consistency in [StreamConsistency.snapshot, .perBatch] {
                var iterator = store.records(batch: BatchLimit(records: 10), consistency: consistency).makeAsyncIterator()
                #expect(iterator.batchesRead == 0)
                let first = try #require(try await iterator.next())
                #expect(first.count == 10)
                try await Task.sleep(for: .milliseconds(100))
                #expect(iterator.batchesRead == 1)
                _ = try await iterator.next()
                #expect(iterator.batchesRead == 2)
            }
        }
    }

    @Test("a stream's snapshot keeps close() busy; an abandoned stream releases it and the store closes",
          arguments: LocalEngine.allCases)
    func abandonedStreamReleases(_ engine: LocalEngine) async throws {
        try await withAsyncStore(engine) { store in
            try await store.write { txn in for i in 0 ..< 100 { try txn.put(recordKey(1, i), [7]) } }
            // Held: the engine refuses to close.
            var held: RecordStream.Iterator? = store.records(batch: BatchLimit(records: 10)).makeAsyncIterator()
            _ = try await held!.next()
            #expect(throws: LeaseholdError.self) { try closeNow(store.engine) }
            held = nil
            _ = held
            // Abandoned by a cancelled task: the loop throws, the iterator is dropped.
            let consumer = Task {
                var n = 0
                for try await batch in store.records(batch: BatchLimit(records: 10)) {
                    n += batch.count
                    if n == 10 { withUnsafeCurrentTask { $0?.cancel() } }
                }
                return n
            }
            await #expect(throws: CancellationError.self) { try await consumer.value }
            // A stream that ended on its own released its snapshot too.
            var total = 0
            for try await batch in store.records(batch: BatchLimit(records: 30)) { total += batch.count }
            #expect(total == 100)
            // Nothing holds the store: the engine closes (withAsyncStore's close then finds it closed).
            try closeNow(store.engine)
        }
    }

    @Test("bad limits throw invalidArgument at the first batch", arguments: [LocalEngine.memory])
    func badLimits(_ engine: LocalEngine) async throws {
        try await withAsyncStore(engine) { store in
            for (limit, batch) in [(-1, BatchLimit.default), (5, BatchLimit(records: 0)), (5, BatchLimit(bytes: 0))] as [(Int, BatchLimit)] {
                var iterator = store.records(limit: limit, batch: batch).makeAsyncIterator()
                await #expect { _ = try await iterator.next() } throws: { error in
                    guard case LeaseholdError.invalidArgument = error else { return false }
                    return true
                }
            }
        }
    }
}

/// Closes `engine` from a synchronous frame: the engine's `close()` is not for async code, but it
/// is quick, and these tests must see its answer while the AsyncStore still runs.
func closeNow(_ engine: some Engine) throws { try engine.close() }
