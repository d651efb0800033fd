@_spi(Adapter)
extension StoreGate where Adapter: SnapshotAdapter {
    /// Opens a snapshot of the store, counted as a running transaction until it is released (so
    /// ``close()`` throws ``LeaseholdError/busy(_:)`` meanwhile).
    ///
    /// Throws ``LeaseholdError/storeClosed`` once the store is closed.
    public func makeSnapshot() throws -> GateSnapshot<Adapter> {
        try enter()
        do {
            return GateSnapshot(gate: self, snapshot: try adapter.makeSnapshot())
        } catch {
            leave()
            throw error
        }
    }

    /// Runs `body` in a read transaction on `snapshot` and ends it when `body` returns or throws
    /// (the snapshot stays open). ``GateSnapshot`` calls it, one read at a time.
    func read<R>(in snapshot: Adapter.Snapshot, _ body: (ReadTransaction<Adapter.Reader>) throws -> R) throws -> R {
        try enter()
        defer { leave() }
        let scope = TransactionScope(statistics: statistics, isWrite: false, capabilities: capabilities)
        let reader = try adapter.beginRead(scope.lender, in: snapshot)
        defer {
            scope.end()
            adapter.endRead(reader, in: snapshot)
        }
        let result = try body(ReadTransaction(reader: reader, scope: scope, capabilities: capabilities))
        try scope.throwDeferredFailure()
        return result
    }

    /// Releases `snapshot` and counts it out (``GateSnapshot`` calls it once).
    func release(_ snapshot: Adapter.Snapshot) {
        adapter.release(snapshot)
        leave()
    }
}

/// A snapshot held through a ``StoreGate``: the ``StoreSnapshot`` of every gate-based engine
/// (`@_spi(Adapter)`). Reads on it run one at a time; it releases itself when the last
/// reference goes.
@_spi(Adapter)
public final class GateSnapshot<Adapter: SnapshotAdapter>: StoreSnapshot {
    struct State {
        var snapshot: Adapter.Snapshot?
        var reading = false
        var released = false
    }

    let gate: StoreGate<Adapter>
    private let state: Locked<State>

    init(gate: StoreGate<Adapter>, snapshot: Adapter.Snapshot) {
        self.gate = gate
        state = Locked(State(snapshot: snapshot))
    }

    deinit { release() }

    /// Runs `body` in a read transaction on the snapshot (see ``StoreSnapshot/read(_:)``).
    public func read<R>(_ body: (ReadTransaction<Adapter.Reader>) throws -> R) throws -> R {
        let snapshot = try state.withLock { s throws(LeaseholdError) -> Adapter.Snapshot in
            if s.released { throw .transactionEnded }
            if s.reading { throw .busy("another read of this snapshot is running") }
            s.reading = true
            return s.snapshot!
        }
        // The lock is not held while `body` runs: a read nested in a read throws instead of
        // waiting for itself.
        defer {
            let leftover = state.withLock { s -> Adapter.Snapshot? in
                s.reading = false
                guard s.released else { return nil }
                defer { s.snapshot = nil }
                return s.snapshot
            }
            if let leftover { gate.release(leftover) }
        }
        return try gate.read(in: snapshot, body)
    }

    /// Releases the snapshot (see ``StoreSnapshot/release()``).
    public func release() {
        let taken = state.withLock { s -> Adapter.Snapshot? in
            if s.released { return nil }
            s.released = true
            if s.reading { return nil }  // the read releases it as it ends
            defer { s.snapshot = nil }
            return s.snapshot
        }
        if let taken { gate.release(taken) }
    }
}
