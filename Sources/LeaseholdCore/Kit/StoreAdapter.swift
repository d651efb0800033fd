/// Where a write frame's error came from, for `StoreAdapter/shouldRetry(_:after:during:attempt:)`.
@_spi(Adapter)
public enum WriteStage: Sendable {
    /// The closure threw (or a primitive it called did).
    case body
    /// The closure returned and `StoreAdapter/commit(_:)` threw.
    case commit
}

/// Your store, as the core's `StoreGate` drives it: how a transaction begins and ends. The
/// adapter tier (`@_spi(Adapter)`).
///
/// The gate owns the rest — open and closed, the count of running transactions, `busy`,
/// `storeClosed`, the writer lock (`nestedWrite`), the transaction objects, their leases and
/// cursors — and calls these in this order:
/// - read: ``beginRead(_:)``, the closure, the transaction's cursors closed and its lease ended,
///   ``endRead(_:)`` (also when the closure threw);
/// - write, under the writer lock: ``beginWrite(_:)``, the closure, cursors closed and the lease
///   ended, then ``commit(_:)`` if the closure returned or ``abort(_:)`` if it threw; after an
///   error, ``shouldRetry(_:after:during:attempt:)`` may run the whole frame again;
/// - ``close()`` once, when the store is closed with no transaction running (or the gate dies).
/// None of them runs after ``close()``.
@_spi(Adapter)
public protocol StoreAdapter: AnyObject, Sendable {
    /// The read primitives of one read transaction.
    associatedtype Reader: StoreReader
    /// The primitives of one write transaction.
    associatedtype Writer: StoreWriter

    /// The engine's manifest.
    var capabilities: Capabilities { get }

    /// Begins a read transaction. Lend its point reads, and the records of cursors whose
    /// ``StoreCursor/lending`` is ``CursorLending/transaction``, through `lender` (the core ends it).
    func beginRead(_ lender: Lender) throws -> Reader
    /// Ends a read transaction: release its snapshot. Nothing it lent is held any more.
    func endRead(_ reader: Reader)
    /// Begins a write transaction (throw ``LeaseholdError/readOnly`` on a read-only store).
    func beginWrite(_ lender: Lender) throws -> Writer
    /// Applies what the write transaction did, atomically; on failure apply nothing, release
    /// the transaction, and throw.
    func commit(_ writer: Writer) throws
    /// Abandons the write transaction: applies nothing.
    func abort(_ writer: Writer)
    /// Whether to run the write frame again after `error` (LMDB: grow a full map; etcd: a
    /// conflict, after a backoff). `attempt` counts the runs so far, from 0. The default: never.
    func shouldRetry(_ writer: Writer, after error: any Error, during stage: WriteStage, attempt: Int) throws -> Bool
    /// Releases the store (files, handles, connections). Called once.
    func close()
}

@_spi(Adapter)
extension StoreAdapter {
    /// Never retries.
    public func shouldRetry(_ writer: Writer, after error: any Error, during stage: WriteStage, attempt: Int) throws -> Bool {
        false
    }
}
