extension StoreGate {
    /// A feed of the commits made through this gate (see ``ChangeFeed``); an engine over a gate
    /// forwards ``Engine/changes(in:after:)`` here.
    ///
    /// Waits for a write in progress to finish, so the feed starts cleanly after a commit. Throws
    /// ``LeaseholdError/storeClosed`` once the store is closed,
    /// ``LeaseholdError/historyUnavailable(after:oldest:)`` when `after` is older than the
    /// history kept (or newer than the last commit), and ``LeaseholdError/nestedWrite`` inside a
    /// write of this store on this thread.
    public func changes(in range: KeyRange = .all, after: CommitSequence? = nil) throws -> ChangeFeed {
        if isClosed { throw LeaseholdError.storeClosed }
        let subscription = try writer.withLock { try changeHub.subscribe(range: range, after: after) }
        return ChangeFeed(subscription)
    }

    /// How much this store's change feeds keep in memory (for feeds opened from now on).
    public var changeFeedLimits: ChangeFeedLimits {
        get { changeHub.limits }
        set { changeHub.limits = newValue }
    }
}
