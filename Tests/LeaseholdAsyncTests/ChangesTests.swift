import LeaseholdAsync
import Testing

/// The text of a commit's changes, in the order the transaction made them.
func shown(_ commit: Commit) -> [String] { commit.changes.map(\.description) }

@Suite("Change feeds through AsyncStore")
struct ChangesTests {
    @Test("an async consumer gets every commit in order, with its changes", arguments: LocalEngine.allCases)
    func asyncConsumer(_ engine: LocalEngine) async throws {
        try await withAsyncStore(engine) { store in
            let feed = try await store.changes()
            let consumer = Task {
                var got: [Commit] = []
                for try await commit in feed {
                    got.append(commit)
                    if got.count == 50 { break }
                }
                return got
            }
            for i in 0 ..< 50 {
                try await store.write { txn in
                    try txn.put(recordKey(1, i), [UInt8(i)])
                    if i > 0 { _ = try txn.delete(recordKey(1, i - 1)) }
                }
            }
            let got = try await consumer.value
            #expect(got.count == 50)
            #expect(zip(got, got.dropFirst()).allSatisfy { $0.sequence < $1.sequence })
            let expectedLast = [
                Change(key: OwnedBytes(recordKey(1, 49)), value: OwnedBytes([49])),
                Change(key: OwnedBytes(recordKey(1, 48)), value: nil),
            ]
            #expect(got.last?.changes == expectedLast)
            #expect(got.first?.changes.count == 1)
        }
    }

    @Test("a range delete is delivered as one deletion per key it removed, its own new keys included")
    func rangeDeleteLists() async throws {
        try await withAsyncStore(.lmdb) { store in
            try await store.write { txn in for i in 0 ..< 5 { try txn.put(recordKey(2, i), [1]) } }
            let feed = try await store.changes(in: .prefix([2]))
            try await store.write { txn in
                try txn.put(recordKey(2, 9), [9])
                try txn.deleteRange(.atLeast(recordKey(2, 3)))
            }
            let commit = try #require(try feed.next(timeout: .seconds(5)))
            #expect(shown(commit) == [
                "put \(OwnedBytes(recordKey(2, 9))) = \(OwnedBytes([9]))",
                "delete \(OwnedBytes(recordKey(2, 3)))", "delete \(OwnedBytes(recordKey(2, 4)))", "delete \(OwnedBytes(recordKey(2, 9)))",
            ])
        }
    }

    @Test("cancelling the consuming task ends the feed and unsubscribes it")
    func cancellationUnsubscribes() async throws {
        try await withAsyncStore(.memory) { store in
            let feed = try await store.changes()
            let taken = Count()
            let consumer = Task {
                for try await commit in feed { taken.set(Int(commit.sequence.rawValue)) }
                return taken.value
            }
            try await store.write { txn in try txn.put([1], [1]) }
            let deadline = ContinuousClock.now + .seconds(120)
            while taken.value == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
            consumer.cancel()
            #expect(try await consumer.value == 1)
            #expect(feed.isFinished)
            // With no feed open, a write is not recorded: resuming across it fails loudly.
            try await store.write { txn in try txn.put([2], [2]) }
            await #expect(throws: LeaseholdError.historyUnavailable(after: CommitSequence(1), oldest: CommitSequence(2))) {
                _ = try await store.changes(after: CommitSequence(1))
            }
        }
    }

    @Test("closing the store ends its feeds after the commits they hold", arguments: [LocalEngine.memory, .rocksdb])
    func closeEndsFeeds(_ engine: LocalEngine) async throws {
        try await withAsyncStore(engine) { store in
            let feed = try await store.changes()
            try await store.write { txn in try txn.put([7], [7]) }
            try await store.close()
            var got: [Commit] = []
            for try await commit in feed { got.append(commit) }
            #expect(got.map(\.sequence) == [CommitSequence(1)])
            await #expect(throws: LeaseholdError.storeClosed) { _ = try await store.changes() }
        }
    }

    @Test("a consumer that falls behind gets feedFellBehind naming the last commit it received")
    func fallingBehindFailsLoudly() async throws {
        try await withAsyncStore(.memory) { store in
            let feed = try await store.changes()
            let limit = ChangeFeedLimits().bufferedCommits
            try await store.write { txn in try txn.put([0], [0]) }
            let first = try #require(try feed.next(timeout: .seconds(5)))
            for i in 0 ... limit { try await store.write { txn in try txn.put([1], withUnsafeBytes(of: i) { Array($0) }) } }
            var received = 0
            do {
                while try feed.next(timeout: .seconds(1)) != nil { received += 1 }
                Issue.record("the feed ended without an error")
            } catch let error as LeaseholdError {
                #expect(received == limit)
                #expect(error == .feedFellBehind(lastReceived: CommitSequence(first.sequence.rawValue + UInt64(limit))))
            }
        }
    }

    @Test("an engine without a feed says so in its manifest and throws unsupported")
    func unsupportedWithoutFeed() throws {
        let engine = NoFeedEngine(try MemoryEngine())
        #expect(engine.capabilities.changeFeed == .none)
        #expect(throws: LeaseholdError.unsupported("the memory engine has no change feed")) { _ = try engine.changes() }
        #expect(throws: LeaseholdError.unsupported("the memory engine has no change feed")) { _ = try AnyEngine(engine).changes() }
        #expect(try MemoryEngine().capabilities.changeFeed == .thisProcess)
    }
}

/// A memory engine seen through an adapter that does not forward the change feed (as a
/// third-party engine written before feeds existed): it gets the protocol's default.
final class NoFeedEngine: Engine {
    let base: MemoryEngine
    init(_ base: MemoryEngine) { self.base = base }
    var capabilities: Capabilities {
        var c = base.capabilities
        c.changeFeed = .none
        return c
    }
    var statistics: LeaseStatistics { base.statistics }
    func read<R>(_ body: (ReadTransaction<MemoryReader>) throws -> R) throws -> R { try base.read(body) }
    func write<R>(_ body: (WriteTransaction<MemoryWriter>) throws -> R) throws -> R { try base.write(body) }
    func close() throws { try base.close() }
}
