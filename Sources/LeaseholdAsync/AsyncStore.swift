import CoreMetrics
import LeaseholdCore
import NIOPosix

/// A store for async code: transactions run on threads the store owns, never on the caller's.
///
/// `try await store.read { txn in … }` and `try await store.write { txn in … }` take the same
/// synchronous closures as ``Engine/read(_:)`` and ``Engine/write(_:)``; the closure runs on one
/// of the store's reader threads (``AsyncStoreOptions/readers`` of them) or on its one writer
/// thread, and its result comes back to the awaiting task. A task waiting for its turn holds no
/// thread, so a busy store never blocks Swift's cooperative pool.
///
/// The closure is `@Sendable` and its result `Sendable`. Leased ``Bytes`` and `Key`s are not
/// `Sendable`, so the compiler refuses to return one: return an owned copy (`Array(bytes)`,
/// `OwnedBytes`, a decoded record) instead. This is what keeps a transaction from spanning an
/// `await` (after which a task may run on another thread, where LMDB's transaction is not valid).
///
/// Cancellation: a task cancelled before its transaction starts throws `CancellationError`
/// and the transaction never runs; once it has started, it runs to the end (a write commits unless
/// the closure throws).
///
/// ``close()`` waits for the work already submitted, stops the threads and closes the engine.
/// A store dropped without ``close()`` stops its threads in `deinit` (the engine closes when it is
/// released).
public final class AsyncStore<E: Engine>: Sendable {
    /// The engine underneath. Its synchronous calls block: call them from synchronous code only.
    public let engine: E
    /// How many read transactions run at once.
    public let readers: Int
    /// The store's reader and writer threads.
    let threads: StoreThreads
    /// The store's metrics, when it has a label.
    let metrics: AsyncMetrics?

    /// Wraps `engine` and starts its threads: `options.readers` reader threads (or the engine's
    /// default) and one writer thread.
    ///
    /// Throws ``LeaseholdError/invalidArgument(_:)`` when `options.readers` is below 1.
    public init(_ engine: E, options: AsyncStoreOptions = .init()) throws {
        let readers = options.readers ?? Self.defaultReaders(for: engine.capabilities)
        guard readers >= 1 else {
            throw LeaseholdError.invalidArgument("readers must be at least 1, not \(readers)")
        }
        self.engine = engine
        self.readers = readers
        self.threads = StoreThreads(readers: readers)
        self.metrics = options.metricsLabel.map {
            AsyncMetrics(label: $0, factory: options.metricsFactory ?? MetricsSystem.factory, statistics: engine.statistics)
        }
    }

    deinit { threads.abandon() }

    /// Runs `body` in a read transaction on one of the store's reader threads and returns its
    /// result.
    ///
    /// Throws `CancellationError` if the task is cancelled before the transaction starts,
    /// ``LeaseholdError/storeClosed`` after ``close()``, and whatever `body` or the engine throws.
    /// - warning: Leased values read in `body` end with the transaction: return owned copies (the
    ///   compiler refuses a leased ``Bytes`` as the result, it is not `Sendable`).
    public func read<T: Sendable>(_ body: @escaping @Sendable (ReadTransaction<E.Reader>) throws -> T) async throws -> T {
        let engine = self.engine
        return try await transaction(.read, on: threads.readers) { try engine.read(body) }
    }

    /// Runs `body` in a write transaction on the store's writer thread and returns its result:
    /// commits when `body` returns, applies nothing when it throws.
    ///
    /// Writers wait their turn in a queue without holding a thread. Throws `CancellationError` if
    /// the task is cancelled before the transaction starts (nothing is written),
    /// ``LeaseholdError/storeClosed`` after ``close()``, and whatever `body` or the engine throws.
    /// An engine may run `body` more than once (see ``Engine/write(_:)``).
    /// - warning: Leased values read in `body` end with the transaction: return owned copies.
    public func write<T: Sendable>(_ body: @escaping @Sendable (WriteTransaction<E.Writer>) throws -> T) async throws -> T {
        let engine = self.engine
        return try await transaction(.write, on: threads.writer) { try engine.write(body) }
    }

    /// Waits for the work already submitted, stops the store's threads and closes the engine.
    ///
    /// Later calls throw ``LeaseholdError/storeClosed``; closing twice is harmless (the second
    /// call returns at once).
    public func close() async throws {
        let engine = self.engine
        _ = try await threads.close { try engine.close() }
    }

    /// Runs `body` on one of the store's reader threads (for work that reads the engine outside
    /// ``read(_:)``'s frame, e.g. a stream's batch); the same cancellation and closing rules as
    /// ``read(_:)``.
    func onReaderThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await threads.run(on: threads.readers, body)
    }

    /// Runs `body` on the store's writer thread, after the writes queued before it; the same
    /// cancellation and closing rules as ``write(_:)``.
    func onWriterThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await threads.run(on: threads.writer, body)
    }
}
