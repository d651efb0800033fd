/// The one store gate: everything about a store's life that does not depend on the engine,
/// written once for every adapter (`@_spi(Adapter)`).
///
/// It keeps the store open or closed, counts running transactions (``close()`` throws
/// ``LeaseholdError/busy(_:)`` while one runs; anything after it throws
/// ``LeaseholdError/storeClosed``), serialises writers with a ``WriterLock`` (a write inside a
/// write of the store throws ``LeaseholdError/nestedWrite``), and runs the read and write
/// frames: it makes the transaction objects around the adapter's primitives, ends their leases
/// and cursors before the adapter ends the transaction, and runs a write again when the adapter
/// asks (`StoreAdapter/shouldRetry(_:after:during:attempt:)`).
///
/// An engine holds one and forwards `read`, `write`, `close`, `capabilities` and `statistics`
/// to it.
@_spi(Adapter)
public final class StoreGate<Adapter: StoreAdapter>: Sendable {
    struct State {
        var closed = false
        var running = 0
    }

    /// The adapter's store.
    public let adapter: Adapter
    /// The engine's manifest.
    public let capabilities: Capabilities
    /// Totals of the lease machinery of every transaction through this gate.
    public let statistics = LeaseStatistics()
    /// Held for the whole of a write frame.
    public let writer: WriterLock
    private let state = Locked(State())
    /// The store's change feeds (see `StoreGate+Changes.swift`).
    let changeHub = ChangeHub()

    /// A gate over `adapter`. Stores that share one writer (the databases of one LMDB
    /// environment) pass the same `writer`, so a write nested across them throws too.
    public init(_ adapter: Adapter, writer: WriterLock = WriterLock()) {
        self.adapter = adapter
        self.capabilities = adapter.capabilities
        self.writer = writer
    }

    deinit {
        // No transaction can run: each holds the gate while it does.
        if !state.withLock({ $0.closed }) { adapter.close() }
    }

    /// Whether ``close()`` has run.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Counts a transaction (or a maintenance call) in; throws ``LeaseholdError/storeClosed``
    /// once the store is closed.
    func enter() throws(LeaseholdError) {
        try state.withLock { s throws(LeaseholdError) in
            if s.closed { throw .storeClosed }
            s.running += 1
        }
    }

    func leave() { state.withLock { $0.running -= 1 } }

    /// Runs `body` in a read transaction and ends it when `body` returns or throws.
    public func read<R>(_ body: (ReadTransaction<Adapter.Reader>) throws -> R) throws -> R {
        try enter()
        defer { leave() }
        let scope = TransactionScope(statistics: statistics, isWrite: false, capabilities: capabilities)
        let reader = try adapter.beginRead(scope.lender)
        defer {
            scope.end()
            adapter.endRead(reader)
        }
        let result = try body(ReadTransaction(reader: reader, scope: scope, capabilities: capabilities))
        try scope.throwDeferredFailure()
        return result
    }

    /// Runs `body` in a write transaction under the writer lock: commits when it returns,
    /// applies nothing when it throws; runs it again when the adapter asks.
    public func write<R>(_ body: (WriteTransaction<Adapter.Writer>) throws -> R) throws -> R {
        try writer.withLock {
            try enter()
            defer { leave() }
            // One locked check: a log only while a change feed is open.
            let log = changeHub.beginWrite()
            let recorder = log.map { ChangeRecorder($0) }
            var attempt = 0
            while true {
                log?.reset()
                let scope = TransactionScope(statistics: statistics, isWrite: true, capabilities: capabilities)
                let raw = try adapter.beginWrite(scope.lender)
                let outcome: Result<R, any Error>
                do {
                    let value = try body(WriteTransaction(reader: raw, scope: scope, capabilities: capabilities, recorder: recorder))
                    try scope.throwDeferredFailure()
                    outcome = .success(value)
                } catch {
                    outcome = .failure(error)
                }
                // Values kept from the transaction copy themselves before the engine lets go.
                scope.end()
                let stage: WriteStage
                let failure: any Error
                switch outcome {
                case .success(let value):
                    do {
                        try adapter.commit(raw)
                        // Still under the writer lock: feeds get commits in commit order.
                        if let log { changeHub.publish(log) }
                        return value
                    } catch {
                        (stage, failure) = (.commit, error)
                    }
                case .failure(let error):
                    adapter.abort(raw)
                    (stage, failure) = (.body, error)
                }
                guard try adapter.shouldRetry(raw, after: failure, during: stage, attempt: attempt) else { throw failure }
                attempt += 1
            }
        }
    }

    /// Runs `body` with the adapter while counted as a running transaction, so the store cannot
    /// close under it: for maintenance calls (compaction, size estimates, opening a sibling).
    public func withOpenStore<R>(_ body: (Adapter) throws -> R) throws -> R {
        try enter()
        defer { leave() }
        return try body(adapter)
    }

    /// Closes the store: later calls throw ``LeaseholdError/storeClosed``; closing twice is
    /// harmless; throws ``LeaseholdError/busy(_:)`` while a transaction runs. Values kept from
    /// transactions stay valid (they were copied when their leases ended).
    public func close() throws {
        let closing = try state.withLock { s throws(LeaseholdError) -> Bool in
            if s.closed { return false }
            if s.running > 0 { throw .busy("\(s.running) transaction(s) still open") }
            s.closed = true
            return true
        }
        if closing {
            changeHub.close()
            adapter.close()
        }
    }
}
