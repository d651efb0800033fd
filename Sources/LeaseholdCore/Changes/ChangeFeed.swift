/// The committed changes of a store, one ``Commit`` at a time in commit order: an
/// `AsyncSequence`, and a synchronous ``next(timeout:)`` for threads.
///
/// Open one with ``Engine/changes(in:after:)``. Each commit that touches the feed's range
/// arrives once, in order, with only its changes in the range; a write that threw (or was
/// retried) never arrives, only the attempt that committed. With `after:` the feed first replays
/// the commits after that number from the store's recent history, then goes on live.
///
/// What a local engine's feed sees: the commits made through this open store, in this
/// process. Another process writing the same LMDB, LevelDB or RocksDB files is **not** seen.
/// ``Capabilities/changeFeed`` says what an engine's feed sees.
///
/// The feed holds up to ``ChangeFeedLimits/bufferedCommits`` commits its consumer has not taken;
/// a consumer further behind is never silently skipped: after the held commits, the feed throws
/// ``LeaseholdError/feedFellBehind(lastReceived:)`` naming the last commit it handed out.
/// Closing the store ends the feed (after the held commits). Cancelling the task that iterates
/// it, calling ``cancel()``, or dropping every copy of the feed ends it and unsubscribes it.
///
/// One consumer at a time: a second task waiting on the same feed throws
/// ``LeaseholdError/invalidArgument(_:)``.
public struct ChangeFeed: AsyncSequence, Sendable {
    /// What the feed delivers.
    public typealias Element = Commit
    /// What the feed throws.
    public typealias Failure = any Error

    /// Owns the subscription: when the last copy of the feed (or of an iterator) goes, it leaves.
    final class Handle: Sendable {
        let subscription: ChangeSubscription
        init(_ subscription: ChangeSubscription) { self.subscription = subscription }
        deinit { subscription.cancel() }
    }

    let handle: Handle
    /// How many leading bytes to drop from each key (a namespace's prefix).
    let stripped: Int

    init(_ subscription: ChangeSubscription) {
        handle = Handle(subscription)
        stripped = 0
    }

    private init(handle: Handle, stripped: Int) {
        self.handle = handle
        self.stripped = stripped
    }

    /// The same feed with the first `count` bytes of every key removed (for a namespace: its
    /// range already limits the keys to ones starting with the prefix).
    public func droppingKeyPrefix(_ count: Int) -> ChangeFeed {
        ChangeFeed(handle: handle, stripped: stripped + Swift.max(0, count))
    }

    private func strip(_ commit: Commit?) -> Commit? {
        guard stripped > 0, let commit else { return commit }
        let changes = commit.changes.map { change in
            Change(key: OwnedBytes(Array(change.key.array.dropFirst(stripped))), value: change.value)
        }
        return Commit(sequence: commit.sequence, changes: changes)
    }

    /// The next commit, waiting at most `timeout`: `nil` when none came in time or the feed has
    /// ended (``isFinished`` tells which). Throws ``LeaseholdError/feedFellBehind(lastReceived:)``
    /// when the consumer fell behind. Blocks the calling thread: call it from synchronous code.
    public func next(timeout: Duration) throws -> Commit? {
        strip(try handle.subscription.next(timeout: timeout))
    }

    /// Whether the feed has ended (store closed, cancelled, or fell behind) and holds nothing more.
    public var isFinished: Bool { handle.subscription.isFinished }

    /// Ends the feed and unsubscribes it: a waiting consumer gets the end at once.
    public func cancel() { handle.subscription.cancel() }

    /// Iterates the feed's commits.
    public func makeAsyncIterator() -> Iterator { Iterator(feed: self) }

    /// Takes the feed's commits one at a time.
    public struct Iterator: AsyncIteratorProtocol {
        /// What the iterator delivers.
        public typealias Element = Commit
        /// What the iterator throws.
        public typealias Failure = any Error

        let feed: ChangeFeed

        /// The next commit: waits for one; `nil` when the feed ended or the task was cancelled.
        public mutating func next() async throws -> Commit? {
            feed.strip(try await feed.handle.subscription.next())
        }
    }
}
