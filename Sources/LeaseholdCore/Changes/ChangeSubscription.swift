#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One feed's end of a store's change hub: the commits published for it and not yet taken, and
/// the one consumer waiting for them (an async task, or a thread in ``ChangeFeed/next(timeout:)``).
///
/// The publisher appends under the lock and wakes the consumer; a consumer more than `limit`
/// commits behind is cut off (it takes what is held, then gets
/// ``LeaseholdError/feedFellBehind(lastReceived:)``).
final class ChangeSubscription: @unchecked Sendable {  // all mutable state is under `mutex`
    /// How a subscription ended.
    enum Ending: Equatable {
        /// The engine's own feed failed (etcd's watch: history compacted, cluster unreachable):
        /// the consumer takes what is held, then gets the error.
        case failed(LeaseholdError)
        /// The store closed: the consumer takes what is held, then the feed ends.
        case finished
        /// The consumer fell behind: it takes what is held, then gets the error.
        case overflowed
        /// The consumer let go (cancelled its task or called ``ChangeFeed/cancel()``): nothing more.
        case cancelled
    }

    /// The stored keys this feed wants.
    let range: KeyRange
    let limit: Int
    private let mutex = PThreadMutex(errorChecking: false)
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var held: [Commit] = []
    private var head = 0
    private var ending: Ending?
    private var lastReceived: CommitSequence?
    private var waiter: CheckedContinuation<Commit?, any Error>?
    private var syncWaiters = 0
    /// Called once when the consumer lets go, to leave the hub.
    private let leave: @Sendable (ChangeSubscription) -> Void

    init(range: KeyRange, limit: Int, replay: [Commit], leave: @escaping @Sendable (ChangeSubscription) -> Void) {
        self.range = range
        self.limit = limit
        self.held = replay
        self.leave = leave
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        #if !canImport(Darwin)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        #endif
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
        mutex.deallocate()
    }

    private func locked<R>(_ body: () throws -> R) rethrows -> R {
        _ = mutex.lock()
        defer { mutex.unlock() }
        return try body()
    }

    private var heldCount: Int { held.count - head }

    /// Takes the oldest held commit (under the lock).
    private func takeHeld() -> Commit {
        let commit = held[head]
        head += 1
        if head == held.count {
            held.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024, head * 2 >= held.count {
            held.removeFirst(head)
            head = 0
        }
        lastReceived = commit.sequence
        return commit
    }

    /// What the consumer gets when nothing is held (under the lock): `nil` to wait, or the end.
    private func endResult() -> Result<Commit?, any Error>? {
        switch ending {
        case nil: return nil
        case .finished, .cancelled: return .success(nil)
        case .overflowed: return .failure(LeaseholdError.feedFellBehind(lastReceived: lastReceived))
        case .failed(let error): return .failure(error)
        }
    }

    /// Hands `commit` to the consumer; returns `false` when this subscription takes no more
    /// (the hub then drops it).
    func deliver(_ commit: Commit) -> Bool {
        let (waiting, keep): (CheckedContinuation<Commit?, any Error>?, Bool) = locked {
            if ending != nil { return (nil, false) }
            if let waiter {
                self.waiter = nil
                lastReceived = commit.sequence
                return (waiter, true)
            }
            if heldCount >= limit {
                ending = .overflowed
                pthread_cond_broadcast(condition)
                return (nil, false)
            }
            held.append(commit)
            if syncWaiters > 0 { pthread_cond_broadcast(condition) }
            return (nil, true)
        }
        waiting?.resume(returning: commit)
        return keep
    }

    /// Ends the subscription from the store's side (`.finished` when it closes).
    func end(_ how: Ending) {
        let waiting: CheckedContinuation<Commit?, any Error>? = locked {
            if ending == nil { ending = how }
            if how == .cancelled {
                held.removeAll()
                head = 0
            }
            pthread_cond_broadcast(condition)
            defer { waiter = nil }
            return heldCount == 0 ? waiter : nil
        }
        guard let waiting else { return }
        switch locked({ endResult() }) ?? .success(nil) {
        case .success(let commit): waiting.resume(returning: commit)
        case .failure(let error): waiting.resume(throwing: error)
        }
    }

    /// The consumer lets go: nothing more is delivered and the hub forgets it.
    func cancel() {
        end(.cancelled)
        leave(self)
    }

    /// Whether the feed has ended and nothing is held.
    var isFinished: Bool { locked { heldCount == 0 && ending != nil } }

    /// The next commit, waiting at most `timeout`; `nil` when none came in time or the feed ended.
    func next(timeout: Duration) throws -> Commit? {
        let deadline = Self.monotonicDeadline(after: timeout)
        _ = mutex.lock()
        defer { mutex.unlock() }
        while true {
            if heldCount > 0 { return takeHeld() }
            if let result = endResult() { return try result.get() }
            syncWaiters += 1
            var deadlineSpec = deadline
            let rc = pthread_cond_timedwait(condition, mutex.pointer, &deadlineSpec)
            syncWaiters -= 1
            if rc == ETIMEDOUT {
                if heldCount > 0 { return takeHeld() }
                if let result = endResult() { return try result.get() }
                return nil
            }
        }
    }

    /// The next commit for an async consumer; `nil` when the feed ended or the task was cancelled.
    func next() async throws -> Commit? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Commit?, any Error>) in
                let immediate: Result<Commit?, any Error>? = locked {
                    if heldCount > 0 { return .success(takeHeld()) }
                    if let result = endResult() { return result }
                    if Task.isCancelled { return .success(nil) }
                    if waiter != nil {
                        return .failure(LeaseholdError.invalidArgument("a change feed has one consumer at a time"))
                    }
                    waiter = continuation
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            cancel()
        }
    }

    private static func monotonicDeadline(after timeout: Duration) -> timespec {
        var now = timespec()
        #if canImport(Darwin)
        clock_gettime(CLOCK_REALTIME, &now)
        #else
        clock_gettime(CLOCK_MONOTONIC, &now)
        #endif
        let (seconds, attoseconds) = max(timeout, .zero).components
        var nanos = Int(now.tv_nsec) + Int(attoseconds / 1_000_000_000)
        var secs = Int(now.tv_sec) + Int(min(seconds, 1 << 40))
        if nanos >= 1_000_000_000 {
            nanos -= 1_000_000_000
            secs += 1
        }
        return timespec(tv_sec: secs, tv_nsec: nanos)
    }
}
