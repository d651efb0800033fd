#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A heap-allocated `pthread_mutex_t` (it must not move once initialised): the one primitive
/// under `Locked` and ``WriterLock``.
///
/// Why pthread and not `Synchronization.Mutex`: on Linux `Mutex` waits with raw futex calls,
/// which ThreadSanitizer does not intercept, so under TSan it sees no happens-before edge and
/// reports every access the mutex guards as a race. Suppressing those reports by the
/// `Mutex.withLock` frame would blind TSan to real races as well: a report is suppressed when
/// either of its two stacks matches, and the locked half of a genuine race (one thread under the
/// lock, another touching the same state without it) always has `withLock` on its stack.
/// TSan intercepts `pthread_mutex_lock`/`unlock`, so with these locks it sees the ordering and
/// stays a real race detector for everything else. The uncontended cost is the same (one atomic
/// operation each way).
struct PThreadMutex: @unchecked Sendable {  // the pointer is only used through pthread calls
    let pointer: UnsafeMutablePointer<pthread_mutex_t>

    /// A new mutex; `errorChecking` makes relocking by the owning thread fail with `EDEADLK`
    /// instead of deadlocking (`PTHREAD_MUTEX_ERRORCHECK`).
    init(errorChecking: Bool) {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: pthread_mutex_t())
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        defer { pthread_mutexattr_destroy(&attributes) }
        let kind = errorChecking ? PTHREAD_MUTEX_ERRORCHECK : PTHREAD_MUTEX_NORMAL
        pthread_mutexattr_settype(&attributes, Int32(kind))
        let rc = pthread_mutex_init(pointer, &attributes)
        precondition(rc == 0, "pthread_mutex_init failed: \(rc)")
    }

    /// Locks; returns `false` only for an error-checking mutex this thread already holds.
    func lock() -> Bool {
        let rc = pthread_mutex_lock(pointer)
        if rc == EDEADLK { return false }
        precondition(rc == 0, "pthread_mutex_lock failed: \(rc)")
        return true
    }

    /// Locks if no thread holds the mutex; returns whether it did.
    func tryLock() -> Bool { pthread_mutex_trylock(pointer) == 0 }

    func unlock() {
        let rc = pthread_mutex_unlock(pointer)
        precondition(rc == 0, "pthread_mutex_unlock failed: \(rc)")
    }

    /// Destroys and frees the mutex; call once, when nothing can hold it any more.
    func deallocate() {
        pthread_mutex_destroy(pointer)
        pointer.deallocate()
    }
}
