import LeaseholdCore

extension AsyncStore {
    /// A feed of the commits that touch `range`, after commit `after` (`nil`: from now on): the
    /// engine's ``Engine/changes(in:after:)``, opened on the store's writer thread so it starts
    /// cleanly after the writes already queued, without blocking the caller's thread.
    ///
    /// Iterate it with `for try await commit in feed`; cancelling the iterating task ends it.
    /// Throws what the engine throws (``LeaseholdError/unsupported(_:)`` without a feed,
    /// ``LeaseholdError/historyUnavailable(after:oldest:)`` for a resume point it no longer has).
    public func changes(in range: KeyRange = .all, after: CommitSequence? = nil) async throws -> ChangeFeed {
        let engine = self.engine
        return try await onWriterThread { try engine.changes(in: range, after: after) }
    }
}
