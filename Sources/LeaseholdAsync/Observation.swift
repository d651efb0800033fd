import LeaseholdCore

/// The values of a read, again after every commit that touches a range: what
/// ``AsyncStore/observe(_:_:)`` returns (GRDB's `ValueObservation`, over a change feed).
///
/// The first value is read at once; after that, each `next()` waits for a commit touching the
/// range, takes every other commit already waiting with it, and reads once: a burst of commits
/// costs one read, and commits that land while a read runs cause exactly one more. The feed is
/// opened before the first read, so no commit falls between the two. A consumer that falls so far
/// behind that its feed gives up (``LeaseholdError/feedFellBehind(lastReceived:)``) just reopens
/// it and reads again: an observation wants the latest value, not every commit.
///
/// It ends when the store closes or the iterating task is cancelled; it throws what the read
/// throws.
public struct Observation<T: Sendable>: AsyncSequence, Sendable {
    /// What the observation delivers.
    public typealias Element = T
    /// What the observation throws.
    public typealias Failure = any Error

    let subscribe: @Sendable () async throws -> ChangeFeed
    let fetch: @Sendable () async throws -> T

    /// Starts observing: the first `next()` opens the feed and reads.
    public func makeAsyncIterator() -> Iterator { Iterator(observation: self) }

    /// Delivers the observed values.
    public struct Iterator: AsyncIteratorProtocol {
        /// What the iterator delivers.
        public typealias Element = T
        /// What the iterator throws.
        public typealias Failure = any Error

        let observation: Observation
        var feed: ChangeFeed?
        var ended = false

        /// The first value at once; then the value after the next commits touching the range, or
        /// `nil` once the store closed or the task was cancelled.
        public mutating func next() async throws -> T? {
            if ended { return nil }
            do {
                return try await step()
            } catch is CancellationError {
                // Cancelled while subscribing or before a read started: the documented end.
                return finish()
            } catch LeaseholdError.storeClosed where feed != nil {
                // The store closed between a commit and its re-read: the documented end. (A
                // store closed before the first value still throws.)
                return finish()
            }
        }

        private mutating func step() async throws -> T? {
            guard let feed else {
                feed = try await observation.subscribe()
                return try await observation.fetch()
            }
            do {
                var commits = feed.makeAsyncIterator()
                guard try await commits.next() != nil else { return finish() }
                // Coalesce: the commits already waiting are covered by the same read.
                while try feed.next(timeout: .zero) != nil {}
            } catch LeaseholdError.feedFellBehind {
                self.feed = try await observation.subscribe()
            }
            if Task.isCancelled { return finish() }
            return try await observation.fetch()
        }

        private mutating func finish() -> T? {
            ended = true
            feed?.cancel()
            feed = nil
            return nil
        }
    }
}

extension AsyncStore {
    /// Observes `range`: runs `fetch` in a read transaction now, and again after each commit that
    /// touches `range` (bursts coalesced), delivering each result. See ``Observation``.
    ///
    /// `fetch` should read what depends on `range` (commits elsewhere do not trigger it).
    /// - warning: Leased values read in `fetch` end with its transaction: return owned copies.
    public func observe<T: Sendable>(
        _ range: KeyRange, _ fetch: @escaping @Sendable (ReadTransaction<E.Reader>) throws -> T
    ) -> Observation<T> {
        Observation(
            subscribe: { [self] in try await changes(in: range, after: nil) },
            fetch: { [self] in try await read(fetch) })
    }
}
