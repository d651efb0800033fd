/// Serialises the write transactions of one store, and knows which thread is writing: a `write`
/// inside a `write` of the same store on the same thread throws
/// ``LeaseholdError/nestedWrite`` instead of deadlocking.
///
/// Every adapter's `write` takes one around the whole transaction (an adapter over
/// `OverlayWriter` takes it before opening the snapshot its overlay reads over, so
/// the snapshot is the latest commit). Stores that share one writer (the named databases of an
/// LMDB environment) share one lock, so a nested write on a sibling throws too.
///
/// The owner is tracked by the operating system (`PTHREAD_MUTEX_ERRORCHECK`: relocking by the
/// owning thread fails with `EDEADLK`), so the check costs nothing beyond the lock itself, and
/// ThreadSanitizer sees the lock (see `PThreadMutex` for why that matters).
public final class WriterLock: Sendable {
    private let mutex = PThreadMutex(errorChecking: true)

    /// A lock no thread holds.
    public init() {}

    deinit { mutex.deallocate() }

    /// Runs `body` holding the lock, waiting while another thread holds it.
    ///
    /// - Throws: ``LeaseholdError/nestedWrite`` at once if this thread already holds it (a
    ///   `write` inside a `write`), without running `body`; otherwise whatever `body` throws.
    public func withLock<R>(_ body: () throws -> R) throws -> R {
        guard mutex.lock() else { throw LeaseholdError.nestedWrite }
        defer { mutex.unlock() }
        return try body()
    }

    /// Runs `body` holding the lock if no thread holds it now (this one included); returns `nil`
    /// without waiting otherwise.
    public func withLockIfAvailable<R>(_ body: () throws -> R) rethrows -> R? {
        guard mutex.tryLock() else { return nil }
        defer { mutex.unlock() }
        return try body()
    }
}
