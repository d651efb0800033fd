/// An open key-value store: what applications use, whichever engine is underneath.
///
/// Keys are byte strings ordered by memcmp. Work happens in closure-scoped transactions:
/// ``read(_:)`` gives a consistent view; ``write(_:)`` applies everything the closure did when it
/// returns, and nothing if it throws. Both run synchronously on the calling thread, so they (and
/// ``close()``) are unavailable from async functions (`noasync`, on every engine alike): async
/// code uses `AsyncStore` (`import LeaseholdAsync`), which runs them on threads of its own.
///
/// Values and keys read inside a transaction are ``Bytes`` lent from the engine's memory. They may
/// escape the closure: the lease they are registered on copies them the moment before the memory
/// goes away. Which lease ends when is in ``Capabilities``, checked by the `LeaseholdConformance`
/// suite.
///
/// An engine is `Sendable`: many threads may read at once; writers are serialised. Transactions,
/// cursors and leased values are not `Sendable`, so a lease and its values stay in one isolation
/// domain.
///
/// Adapters implement it by forwarding to a `StoreGate` (the adapter tier,
/// `@_spi(Adapter) import LeaseholdCore`); see "Writing an Adapter".
public protocol Engine: Sendable {
    /// The adapter's read primitives, wrapped by the ``ReadTransaction`` handed to ``read(_:)``.
    associatedtype Reader: StoreReader
    /// The adapter's write primitives, wrapped by the ``WriteTransaction`` handed to ``write(_:)``.
    associatedtype Writer: StoreWriter

    /// What this engine can do, and how long the memory it lends stays valid.
    var capabilities: Capabilities { get }

    /// Totals of the lease machinery for this engine (published as transactions end).
    var statistics: LeaseStatistics { get }

    /// Runs `body` in a read transaction and ends it when `body` returns or throws.
    ///
    /// Leased values that escape `body` are copied when the transaction ends.
    /// - warning: Do not let `txn` escape `body`; using it afterwards throws
    ///   ``LeaseholdError/transactionEnded``.
    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    func read<R>(_ body: (ReadTransaction<Reader>) throws -> R) throws -> R

    /// Runs `body` in a write transaction: commits when `body` returns, applies nothing when it
    /// throws (the error is rethrown).
    ///
    /// Call it from synchronous code only: the transaction must begin and end on one thread.
    /// An engine may run `body` more than once (LMDB grows a full map and retries; etcd retries a
    /// conflict), so keep side effects outside the store idempotent. Writers are serialised by
    /// a lock that is not re-entrant: calling `write` inside `body` on the same store (or a
    /// namespace of it) throws ``LeaseholdError/nestedWrite`` and runs nothing, instead of
    /// deadlocking; the outer transaction goes on (it commits unless that error propagates out of
    /// `body`).
    /// - warning: Do not let `txn` escape `body`: using it afterwards throws
    ///   ``LeaseholdError/transactionEnded``.
    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    func write<R>(_ body: (WriteTransaction<Writer>) throws -> R) throws -> R

    /// A feed of the commits that touch `range`, after commit `after` (`nil`: from now on).
    ///
    /// See ``ChangeFeed`` for what it delivers and ``Capabilities/changeFeed`` for whose
    /// commits it sees. An engine without a feed throws ``LeaseholdError/unsupported(_:)``;
    /// an `after` the engine no longer remembers throws
    /// ``LeaseholdError/historyUnavailable(after:oldest:)``; a closed store throws
    /// ``LeaseholdError/storeClosed``. Closing the store ends the feed.
    func changes(in range: KeyRange, after: CommitSequence?) throws -> ChangeFeed

    /// Closes the store. Later calls throw ``LeaseholdError/storeClosed``; closing twice is
    /// harmless. Throws ``LeaseholdError/busy(_:)`` while a transaction is running.
    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    func close() throws
}
