#if Etcd
import Foundation
import LeaseholdCore
import LeaseholdEtcd
import Testing

extension EtcdTests {
    /// The change feed from etcd's watch: every client's commits, one per revision, resumable.
    @Suite("change feed")
    struct Changes {
        @Test("another client's write is seen, with its revision; one commit per revision")
        func anotherClientsWrite() throws {
            let engine = try emptyStore()
            defer { try? engine.close() }
            #expect(engine.capabilities.changeFeed == .allClients)
            let feed = try engine.changes(in: .prefix(Array("feed/".utf8)), after: nil)
            let other = try EtcdEngine(options: engine.options)
            defer { try? other.close() }
            try other.write { txn in
                try txn.put(Bytes("feed/a"), Bytes("1"))
                try txn.put(Bytes("feed/b"), Bytes("2"))
                try txn.put(Bytes("elsewhere"), Bytes("x"))
            }
            let first = try revisionNow(other)
            try other.write { txn in _ = try txn.delete(Bytes("feed/a")) }
            let second = try revisionNow(other)

            let one = try #require(try feed.next(timeout: .seconds(5)), "the other client's first commit")
            #expect(one.sequence == CommitSequence(UInt64(first)))
            #expect(one.changes == [change("feed/a", "1"), change("feed/b", "2")], "only the keys in the range")
            let two = try #require(try feed.next(timeout: .seconds(5)), "the other client's delete")
            #expect(two.sequence == CommitSequence(UInt64(second)))
            #expect(two.changes == [change("feed/a", nil)])
            #expect(try feed.next(timeout: .milliseconds(300)) == nil, "nothing else")
            feed.cancel()
        }

        @Test("resuming after a revision replays the later ones in order, then goes on live")
        func resume() throws {
            let engine = try emptyStore()
            defer { try? engine.close() }
            let feed = try engine.changes(in: .all, after: nil)
            for i in 0 ..< 5 { try engine.write { try $0.put(be(i), [UInt8(i)]) } }
            var seen: [Commit] = []
            while seen.count < 5, let commit = try feed.next(timeout: .seconds(5)) { seen.append(commit) }
            feed.cancel()
            #expect(seen.map { $0.changes } == (0 ..< 5).map { [Change(key: OwnedBytes(be($0)), value: OwnedBytes([UInt8($0)]))] })
            #expect(seen.map(\.sequence) == seen.map(\.sequence).sorted(), "in revision order")

            let resumed = try engine.changes(in: .all, after: seen[1].sequence)
            defer { resumed.cancel() }
            var replayed: [CommitSequence] = []
            for _ in 0 ..< 3 { replayed.append(try #require(try resumed.next(timeout: .seconds(5))).sequence) }
            #expect(replayed == Array(seen[2...].map(\.sequence)), "the revisions after the resume point, once each")
            try engine.write { try $0.put(be(9), [9]) }
            let live = try #require(try resumed.next(timeout: .seconds(5)))
            #expect(live.changes == [Change(key: OwnedBytes(be(9)), value: OwnedBytes([9]))])
        }

        @Test("resuming from a compacted revision throws historyUnavailable naming the oldest resume point")
        func compacted() throws {
            let engine = try emptyStore()
            defer { try? engine.close() }
            try engine.write { try $0.put(Bytes("c"), Bytes("1")) }
            let old = try revisionNow(engine)
            try engine.write { try $0.put(Bytes("c"), Bytes("2")) }
            try engine.write { try $0.put(Bytes("c"), Bytes("3")) }
            let now = try revisionNow(engine)
            try engine.discardHistory(before: CommitSequence(UInt64(now)))
            try engine.discardHistory(before: CommitSequence(UInt64(now)))  // again: harmless
            #expect(throws: LeaseholdError.historyUnavailable(after: CommitSequence(UInt64(old)), oldest: CommitSequence(UInt64(now - 1)))) {
                try engine.changes(in: .all, after: CommitSequence(UInt64(old)))
            }
            // The oldest resume point still works: it replays the newest revision.
            let feed = try engine.changes(in: .all, after: CommitSequence(UInt64(now - 1)))
            defer { feed.cancel() }
            let commit = try #require(try feed.next(timeout: .seconds(5)))
            #expect(commit.sequence == CommitSequence(UInt64(now)))
            #expect(commit.changes == [change("c", "3")])
            #expect(throws: LeaseholdError.self) { try engine.discardHistory(before: CommitSequence(UInt64(now + 1000))) }
        }

        @Test("a feed outlives the engine's client rotation: 400 commits of its own engine, every one seen in order")
        func outlivesRotation() throws {
            let engine = try emptyStore()
            defer { try? engine.close() }
            let feed = try engine.changes(in: .all, after: nil)
            defer { feed.cancel() }
            // Each write is a read of the revision and a commit: well past 150 calls per client.
            for i in 0 ..< 400 { try engine.write { try $0.put(be(i), [UInt8(i & 0xff)]) } }
            var keys: [[UInt8]] = []
            var sequences: [CommitSequence] = []
            while keys.count < 400, let commit = try feed.next(timeout: .seconds(5)) {
                keys += commit.changes.map { $0.key.array }
                sequences.append(commit.sequence)
            }
            #expect(keys == (0 ..< 400).map(be))
            #expect(Set(sequences).count == sequences.count && sequences == sequences.sorted())
        }

        @Test("closing the engine ends its feeds; a closed engine refuses a new one")
        func closeEndsFeed() throws {
            let engine = try emptyStore()
            let feed = try engine.changes(in: .all, after: nil)
            try engine.write { try $0.put(Bytes("k"), Bytes("v")) }
            #expect(try feed.next(timeout: .seconds(5))?.changes == [change("k", "v")])
            let started = ContinuousClock.now
            try engine.close()
            #expect(ContinuousClock.now - started < .seconds(4), "close does not hang on the watch")
            #expect(try feed.next(timeout: .seconds(2)) == nil)
            #expect(feed.isFinished)
            #expect(throws: LeaseholdError.storeClosed) { try engine.changes(in: .all, after: nil) }
        }

        @Test("an empty range is a feed that never delivers, and still ends on close")
        func emptyRange() throws {
            let engine = try emptyStore()
            let feed = try engine.changes(in: KeyRange(lower: .inclusive([5]), upper: .exclusive([5])), after: nil)
            try engine.write { try $0.put([5], [1]) }
            #expect(try feed.next(timeout: .milliseconds(300)) == nil)
            #expect(!feed.isFinished)
            try engine.close()
            #expect(try feed.next(timeout: .seconds(2)) == nil)
            #expect(feed.isFinished)
        }

        @Test("a namespace's feed (etcd://…/NAMESPACE) sees its keys only, without the prefix")
        func namespace() throws {
            let base = try emptyStore()
            defer { try? base.close() }
            let store = try EngineRegistry([.etcd]).open(try etcdURL("/feedspace"))
            defer { try? store.close() }
            let feed = try store.changes(in: .all, after: nil)
            defer { feed.cancel() }
            try base.write { txn in
                try txn.put(Bytes("feedspace/k"), Bytes("in"))
                try txn.put(Bytes("feedspacer"), Bytes("out"))
            }
            let commit = try #require(try feed.next(timeout: .seconds(5)))
            #expect(commit.changes == [change("k", "in")])
            #expect(try feed.next(timeout: .milliseconds(300)) == nil)
        }
    }
}

/// The store's revision now, as `engine` reads it.
func revisionNow(_ engine: EtcdEngine) throws -> Int64 {
    try engine.read { txn in
        _ = try txn.get(Bytes("-"))
        return txn.revision
    }
}

/// A change of the UTF-8 key `key` to the UTF-8 `value` (`nil`: deleted).
func change(_ key: String, _ value: String?) -> Change {
    Change(key: OwnedBytes(Array(key.utf8)), value: value.map { OwnedBytes(Array($0.utf8)) })
}
#endif
