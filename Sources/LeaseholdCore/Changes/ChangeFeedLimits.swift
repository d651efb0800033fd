/// How much a store's change feeds keep in memory.
public struct ChangeFeedLimits: Sendable, Hashable {
    /// The most commits one feed holds for a consumer that has not taken them yet; a consumer
    /// further behind gets ``LeaseholdError/feedFellBehind(lastReceived:)`` after the commits
    /// already held.
    public var bufferedCommits: Int
    /// The most recent commits kept for feeds that resume with `after:`; an older resume point
    /// throws ``LeaseholdError/historyUnavailable(after:oldest:)``.
    public var history: Int

    /// Limits of `bufferedCommits` per feed (at least 1) and `history` commits kept (at least 0).
    public init(bufferedCommits: Int = 10_000, history: Int = 1_000) {
        self.bufferedCommits = max(1, bufferedCommits)
        self.history = max(0, history)
    }
}
