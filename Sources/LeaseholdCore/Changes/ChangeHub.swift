/// A store's change feeds: numbers its commits, keeps recent ones for feeds that resume, and
/// hands each commit to the feeds whose range it touches.
///
/// The gate asks it once per write whether to record (``beginWrite()``: one lock, nothing else
/// when no feed is open) and publishes the recorded changes after the commit, still under the
/// writer lock, so commits reach every feed in commit order. A write that starts while no feed
/// is open is not recorded; it still takes a number and clears the history, so a later resume
/// across it fails loudly instead of missing it.
final class ChangeHub: Sendable {
    struct State {
        /// The number the next commit (or unrecorded write) takes.
        var nextSequence: UInt64 = 1
        /// The earliest `after:` the history can serve: it holds every commit numbered above it.
        var resumableAfter: UInt64 = 0
        var history: [Commit] = []
        var subscribers: [ObjectIdentifier: ChangeSubscription] = [:]
        var limits = ChangeFeedLimits()
        var closed = false
    }

    private let state = Locked(State())

    init() {}

    /// The limits feeds opened from now on get (the history is trimmed at the next commit).
    var limits: ChangeFeedLimits {
        get { state.withLock { $0.limits } }
        set { state.withLock { $0.limits = newValue } }
    }

    /// Called once per write transaction, under the writer lock: a log to record into when a
    /// feed is open; otherwise `nil`, and the write's number is taken and the history cleared.
    @inline(__always)
    func beginWrite() -> ChangeLog? {
        state.withLock { s in
            if !s.subscribers.isEmpty { return ChangeLog() }
            s.nextSequence += 1
            s.resumableAfter = s.nextSequence - 1
            if !s.history.isEmpty { s.history.removeAll() }
            return nil
        }
    }

    /// Numbers the committed `log` and hands it to the feeds it touches (under the writer lock).
    func publish(_ log: ChangeLog) {
        let changes = log.changes
        state.withLock { s in
            let commit = Commit(sequence: CommitSequence(s.nextSequence), changes: changes)
            s.nextSequence += 1
            s.history.append(commit)
            if s.history.count > s.limits.history {
                let drop = s.history.count - s.limits.history
                s.resumableAfter = s.history[drop - 1].sequence.rawValue
                s.history.removeFirst(drop)
            }
            if changes.isEmpty { return }
            for (id, subscriber) in s.subscribers {
                guard let part = Self.part(of: commit, in: subscriber.range) else { continue }
                if !subscriber.deliver(part) { s.subscribers[id] = nil }
            }
        }
    }

    /// The changes of `commit` in `range`, or `nil` when it has none there.
    static func part(of commit: Commit, in range: KeyRange) -> Commit? {
        if range == .all { return commit }
        let inside = commit.changes.filter { change in change.key.withUnsafeBytes { range.contains($0) } }
        return inside.isEmpty ? nil : Commit(sequence: commit.sequence, changes: inside)
    }

    /// A new feed of the commits in `range` after `after` (`nil`: after the last one). Call it
    /// under the writer lock, so no write is half-way.
    func subscribe(range: KeyRange, after: CommitSequence?) throws -> ChangeSubscription {
        try state.withLock { s throws(LeaseholdError) in
            if s.closed { throw .storeClosed }
            var replay: [Commit] = []
            if let after {
                let last = s.nextSequence - 1
                guard after.rawValue >= s.resumableAfter, after.rawValue <= last else {
                    throw .historyUnavailable(after: after, oldest: CommitSequence(s.resumableAfter))
                }
                replay = s.history.filter { $0.sequence > after }.compactMap { Self.part(of: $0, in: range) }
            }
            let subscription = ChangeSubscription(range: range, limit: s.limits.bufferedCommits, replay: replay) {
                [weak self] gone in self?.remove(gone)
            }
            s.subscribers[ObjectIdentifier(subscription)] = subscription
            return subscription
        }
    }

    private func remove(_ subscription: ChangeSubscription) {
        state.withLock { $0.subscribers[ObjectIdentifier(subscription)] = nil }
    }

    /// Ends every feed (the store closed): each consumer takes what is held, then its feed ends.
    func close() {
        let ending = state.withLock { s in
            s.closed = true
            defer { s.subscribers = [:] }
            return Array(s.subscribers.values)
        }
        for subscription in ending { subscription.end(.finished) }
    }
}
