/// The producing end of a ``ChangeFeed`` that an engine fills itself, from a feed of its own
/// instead of the gate's commits (etcd's watch).
///
/// The engine hands commits to ``deliver(_:)`` in order, and ends the feed with ``finish()``
/// (the store closed) or ``fail(_:)``. When the consumer lets go — cancels the feed, its task is
/// cancelled, or every copy of the feed is dropped — `onCancel` runs once; when ``deliver(_:)``
/// returns `false` the feed takes no more: stop producing either way.
@_spi(Adapter)
public final class ChangeFeedSource: Sendable {
    private let subscription: ChangeSubscription

    /// A source of a feed of the commits in `range` that holds up to `bufferedCommits` commits
    /// its consumer has not taken (one more, and the consumer gets
    /// ``LeaseholdError/feedFellBehind(lastReceived:)`` after the held ones). `onCancel` must not
    /// block: it may run on the consumer's task.
    public init(
        range: KeyRange, bufferedCommits: Int = ChangeFeedLimits().bufferedCommits,
        onCancel: @escaping @Sendable () -> Void
    ) {
        subscription = ChangeSubscription(range: range, limit: max(1, bufferedCommits), replay: []) { _ in onCancel() }
    }

    /// The feed its consumer iterates. Keep no copy in the producer: the feed ends when its
    /// consumer drops the last one.
    public var feed: ChangeFeed { ChangeFeed(subscription) }

    /// Hands `commit` to the consumer; `false` when the feed takes no more (its consumer let go
    /// or fell behind).
    public func deliver(_ commit: Commit) -> Bool { subscription.deliver(commit) }

    /// Ends the feed: the consumer takes the commits held, then the feed ends.
    public func finish() { subscription.end(.finished) }

    /// Ends the feed with `error`: the consumer takes the commits held, then gets `error`.
    public func fail(_ error: LeaseholdError) { subscription.end(.failed(error)) }
}
