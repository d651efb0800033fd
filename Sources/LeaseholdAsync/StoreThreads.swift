@_spi(Adapter) import LeaseholdCore  // Locked: a pthread lock TSan sees (Mutex it cannot)
import NIOPosix

/// The threads an ``AsyncStore`` owns: a pool of reader threads and one writer thread, with the
/// count of work submitted and not yet finished, so that closing can wait for it.
///
/// Both pools are `NIOThreadPool`s: a queued item holds no thread, and an item whose task is
/// cancelled while it waits is dropped (it throws `CancellationError`) instead of running.
final class StoreThreads: Sendable {
    /// Runs read transactions (and other parts' read-side work), `readers` at a time.
    let readers: NIOThreadPool
    /// Runs write transactions, one at a time, in submission order.
    let writer: NIOThreadPool
    /// Whether the threads still take work, and how much is in flight.
    private let state = Locked(State())

    private struct State {
        var closed = false
        var inFlight = 0
        var drained: [CheckedContinuation<Void, Never>] = []
    }

    /// Starts `readers` reader threads and one writer thread.
    init(readers: Int) {
        self.readers = NIOThreadPool(numberOfThreads: readers)
        self.writer = NIOThreadPool(numberOfThreads: 1)
        self.readers.start()
        self.writer.start()
    }

    /// Whether ``close()`` has begun.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Runs `body` on a thread of `pool` and returns its result.
    ///
    /// Throws `CancellationError` when the task is cancelled before `body` starts (before or
    /// while it waits in the queue), ``LeaseholdError/storeClosed`` after ``close()``; once
    /// `body` has started it runs to the end whatever happens to the task.
    func run<T: Sendable>(on pool: NIOThreadPool, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try Task.checkCancellation()
        try enter()
        defer { leave() }
        return try await pool.runIfActive(body)
    }

    /// Refuses new work from now on and waits for the work already submitted to finish; then
    /// runs `last` on the writer thread and shuts both pools down. Returns `false` (and does
    /// nothing) when the threads were already closed.
    func close(last: @escaping @Sendable () throws -> Void) async throws -> Bool {
        let first = state.withLock { s -> Bool in
            if s.closed { return false }
            s.closed = true
            return true
        }
        guard first else { return false }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.inFlight == 0 { return true }
                s.drained.append(done)
                return false
            }
            if now { done.resume() }
        }
        var failure: (any Error)?
        do { try await writer.runIfActive(last) } catch { failure = error }
        try? await readers.shutdownGracefully()
        try? await writer.shutdownGracefully()
        if let failure { throw failure }
        return true
    }

    /// Shuts both pools down without waiting (for `deinit`): queued work, if any, is cancelled.
    func abandon() {
        let first = state.withLock { s -> Bool in
            if s.closed { return false }
            s.closed = true
            return true
        }
        guard first else { return }
        readers.shutdownGracefully { _ in }
        writer.shutdownGracefully { _ in }
    }

    private func enter() throws(LeaseholdError) {
        let open = state.withLock { s -> Bool in
            if s.closed { return false }
            s.inFlight += 1
            return true
        }
        if !open { throw .storeClosed }
    }

    private func leave() {
        let waiting = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.inFlight -= 1
            guard s.inFlight == 0, s.closed else { return [] }
            defer { s.drained = [] }
            return s.drained
        }
        for waiter in waiting { waiter.resume() }
    }
}
