import LeaseholdCore

/// How long a case waits for a commit it expects (etcd's watch crosses the network).
private let arrival: Duration = .seconds(10)
/// How long a case listens to be sure nothing more arrives.
private let quiet: Duration = .milliseconds(300)

/// The next commit of `feed`, failing when none comes in time.
private func nextCommit(_ feed: ChangeFeed, _ what: String) throws -> Commit {
    guard let commit = try feed.next(timeout: arrival) else { throw fail("no commit arrived: \(what)") }
    return commit
}

/// Fails when `feed` delivers anything more.
private func expectNothingMore(_ feed: ChangeFeed, _ what: String) throws {
    if let extra = try feed.next(timeout: quiet) { throw fail("an unexpected commit \(extra.sequence) arrived: \(what)") }
}

/// A commit's changes as comparable text, sorted by key (the order inside one commit is the
/// engine's; the cases write each key once per commit).
private func shown(_ commit: Commit) -> [String] {
    commit.changes.sorted { $0.key < $1.key }.map(\.description)
}

private func put(_ key: String, _ value: String) -> String { Change(key: OwnedBytes(Array(key.utf8)), value: OwnedBytes(Array(value.utf8))).description }
private func deleted(_ key: String) -> String { Change(key: OwnedBytes(Array(key.utf8)), value: nil).description }

extension ConformanceSuite {
    static let changeCases: [ConformanceCase] = [
        ConformanceCase("changes.everyCommitOnceInOrder", "A feed delivers every commit once, in commit order, with its puts, its deletes of keys that existed and one deletion per key a range delete removed.", requires: [.changeFeed]) { ctx in
            let feed = try ctx.engine.changes(in: .all, after: nil)
            defer { feed.cancel() }
            try ctx.engine.write { txn in
                try txn.put(Bytes("a"), Bytes("1"))
                try txn.put(Bytes("b"), Bytes("2"))
                try txn.put(Bytes("c"), Bytes("3"))
            }
            try ctx.engine.write { txn in
                try txn.put(Bytes("d"), Bytes("4"))
                _ = try txn.delete(Bytes("a"))
                _ = try txn.delete(Bytes("missing"))
            }
            try ctx.engine.write { txn in _ = try txn.deleteRange(KeyRange(lower: .inclusive(Array("b".utf8)), upper: .inclusive(Array("c".utf8)))) }
            let first = try nextCommit(feed, "the first write")
            let second = try nextCommit(feed, "the second write")
            let third = try nextCommit(feed, "the range delete")
            try expect(first.sequence < second.sequence && second.sequence < third.sequence, "sequence numbers increase: \(first.sequence), \(second.sequence), \(third.sequence)")
            try expectEqual(shown(first), [put("a", "1"), put("b", "2"), put("c", "3")], "the first commit's changes")
            try expectEqual(shown(second), [deleted("a"), put("d", "4")], "puts and real deletes (not the delete of a missing key)")
            try expectEqual(shown(third), [deleted("b"), deleted("c")], "a range delete as one deletion per key")
            try expectNothingMore(feed, "three writes, three commits")
        },
        ConformanceCase("changes.abortedWriteNeverSeen", "A write whose closure throws is never delivered; the next commit is.", requires: [.changeFeed]) { ctx in
            let feed = try ctx.engine.changes(in: .all, after: nil)
            defer { feed.cancel() }
            do {
                try ctx.engine.write { txn in
                    try txn.put(Bytes("lost"), Bytes("x"))
                    throw Abort()
                }
            } catch is Abort {}
            try ctx.engine.write { txn in try txn.put(Bytes("kept"), Bytes("y")) }
            let commit = try nextCommit(feed, "the write after the aborted one")
            try expectEqual(shown(commit), [put("kept", "y")], "only the committed write arrives")
            try expectNothingMore(feed, "an aborted write")
        },
        ConformanceCase("changes.resumeAfterSequence", "A feed opened after a commit's sequence number replays exactly the later commits, in order, then goes on live.", requires: [.changeFeed]) { ctx in
            let feed = try ctx.engine.changes(in: .all, after: nil)
            defer { feed.cancel() }
            for i in 1 ... 3 { try ctx.engine.write { txn in try txn.put(Bytes("k\(i)"), Bytes("v\(i)")) } }
            let seen = try (1 ... 3).map { try nextCommit(feed, "write \($0)") }
            let resumed = try ctx.engine.changes(in: .all, after: seen[0].sequence)
            defer { resumed.cancel() }
            for expected in seen.dropFirst() {
                let replayed = try nextCommit(resumed, "replay of commit \(expected.sequence)")
                try expectEqual(replayed.sequence, expected.sequence, "the replay's sequence")
                try expectEqual(shown(replayed), shown(expected), "the replay's changes")
            }
            try ctx.engine.write { txn in try txn.put(Bytes("k4"), Bytes("v4")) }
            let live = try nextCommit(resumed, "the live commit after the replay")
            try expect(live.sequence > seen[2].sequence, "the live commit comes after the replayed ones")
            try expectEqual(shown(live), [put("k4", "v4")], "the live commit's changes")
            try expectNothingMore(resumed, "the resumed feed")
        },
        ConformanceCase("changes.rangeFiltering", "A feed of a range gets only the commits that touch it, with only their changes in it (in a namespace: never a neighbour's, keys without the prefix).", requires: [.changeFeed]) { ctx in
            let range = KeyRange(lower: .inclusive(Array("m".utf8)), upper: .exclusive(Array("n".utf8)))
            let feed = try ctx.engine.changes(in: range, after: nil)
            defer { feed.cancel() }
            try ctx.engine.write { txn in try txn.put(Bytes("a"), Bytes("outside")) }
            if ctx.variant == .prefixed {
                // The same key outside the namespace: in the range were the prefix not applied.
                try ctx.store.write { txn in try txn.put(Bytes("m1"), Bytes("neighbour")) }
                try ctx.store.write { txn in _ = try txn.delete(Bytes("m1")) }
            }
            try ctx.engine.write { txn in
                try txn.put(Bytes("m1"), Bytes("inside"))
                try txn.put(Bytes("z"), Bytes("outside"))
            }
            let commit = try nextCommit(feed, "the write touching the range")
            try expectEqual(shown(commit), [put("m1", "inside")], "only the changes in the range")
            try expectNothingMore(feed, "writes outside the range")
        },
    ]
}
