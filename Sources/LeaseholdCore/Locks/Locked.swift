/// A value that threads share, guarded by a pthread mutex: where an engine keeps its shared
/// state (open transactions, whether it is closed).
///
/// It plays the part of `Synchronization.Mutex`, which we do not use because ThreadSanitizer
/// cannot see it on Linux (see ``PThreadMutex``): with this lock a TSan run stays a real race
/// detector. The lock is not re-entrant; keep the closures short and never call out to user
/// code inside them.
@_spi(Adapter)
public final class Locked<Value>: @unchecked Sendable {  // `value` is only touched under `mutex`
    private let mutex = PThreadMutex(errorChecking: false)
    /// The value lives in its own allocation, not in a stored property: TSan attributes an
    /// `inout` access to a zero-sized property (`Locked(())`) to the object's first word, which
    /// every caller reads unlocked (its type), and would report that as a race.
    private let value: UnsafeMutablePointer<Value>

    /// A lock guarding `value`.
    public init(_ value: Value) {
        self.value = .allocate(capacity: 1)
        self.value.initialize(to: value)
    }

    deinit {
        value.deinitialize(count: 1)
        value.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` with the value while holding the lock.
    public func withLock<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R {
        _ = mutex.lock()
        defer { mutex.unlock() }
        return try body(&value.pointee)
    }

    /// Runs `body` with the value if the lock is free right now; returns `nil` without waiting
    /// if another thread holds it.
    public func withLockIfAvailable<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R? {
        guard mutex.tryLock() else { return nil }
        defer { mutex.unlock() }
        return try body(&value.pointee)
    }
}
