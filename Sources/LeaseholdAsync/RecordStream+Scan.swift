@_spi(Adapter) import LeaseholdCore

/// What a stream reads: its range, direction, limits and consistency.
@usableFromInline
struct ScanPlan: Sendable {
    @usableFromInline var range: KeyRange
    @usableFromInline var reverse: Bool
    @usableFromInline var limit: Int?
    @usableFromInline var batch: BatchLimit
    @usableFromInline var consistency: StreamConsistency

    @usableFromInline
    init(range: KeyRange, reverse: Bool, limit: Int?, batch: BatchLimit, consistency: StreamConsistency) {
        self.range = range
        self.reverse = reverse
        self.limit = limit
        self.batch = batch
        self.consistency = consistency
    }

    /// The part of the range past `key` in the stream's direction (the whole range before the
    /// first batch).
    func remaining(after key: [UInt8]?) -> KeyRange {
        guard let key else { return range }
        var rest = range
        if reverse { rest.upper = .exclusive(key) } else { rest.lower = .exclusive(key) }
        return rest
    }

    /// Throws ``LeaseholdError/invalidArgument(_:)`` for a negative limit or a batch limit below 1.
    func validate() throws(LeaseholdError) {
        try batch.validate()
        if let limit, limit < 0 { throw .invalidArgument("negative limit \(limit)") }
    }
}

/// Reads the batches of one iteration of a stream, one batch per hop to a reader thread, only
/// when asked. Holds the stream's snapshot, and releases it when the stream ends, fails, or the
/// last reference goes (an abandoned iterator).
@usableFromInline
final class StreamScan<E: Engine, Batch: Sendable>: Sendable {
    /// Reads one batch in a read transaction: (transaction, range left, records wanted, buffer size hint).
    @usableFromInline typealias ReadBatch = @Sendable (ReadTransaction<E.Reader>, KeyRange, Int, Int) throws -> BatchOutcome<Batch>

    struct State {
        var resumeAfter: [UInt8]?
        var remaining: Int?
        var started = false
        var done = false
        var snapshot: (any StoreSnapshot<E.Reader>)?
        /// The buffer size to start the next batch with: the last batch's size.
        var capacityHint = 64 << 10
        var batchesRead = 0
    }

    let store: AsyncStore<E>
    let plan: ScanPlan
    let readBatch: ReadBatch
    private let state: Locked<State>

    @usableFromInline
    init(store: AsyncStore<E>, plan: ScanPlan, readBatch: @escaping ReadBatch) {
        self.store = store
        self.plan = plan
        self.readBatch = readBatch
        state = Locked(State(remaining: plan.limit))
    }

    deinit { finish() }

    /// How many batches this scan has read from the store.
    @usableFromInline var batchesRead: Int { state.withLock { $0.batchesRead } }

    /// The next batch, read on one of the store's reader threads; `nil` at the end.
    @usableFromInline
    func next() async throws -> Batch? {
        if state.withLock({ $0.done }) { return nil }
        do {
            return try await store.onReaderThread { [self] in try self.readNext() }
        } catch {
            finish()
            throw error
        }
    }

    /// Marks the scan done and releases its snapshot.
    func finish() {
        let snapshot = state.withLock { s -> (any StoreSnapshot<E.Reader>)? in
            s.done = true
            defer { s.snapshot = nil }
            return s.snapshot
        }
        snapshot?.release()
    }

    /// Reads one batch (on a reader thread).
    private func readNext() throws -> Batch? {
        try plan.validate()
        let s = state.withLock { $0 }
        if s.done { return nil }
        let wanted = min(plan.batch.records, s.remaining ?? .max)
        if wanted == 0 {
            finish()
            return nil
        }
        var snapshot = s.snapshot
        if !s.started && plan.consistency == .snapshot {
            snapshot = try store.engine.heldSnapshot()
            state.withLock { $0.snapshot = snapshot }
        }
        let range = plan.remaining(after: s.resumeAfter)
        let read = readBatch
        let outcome = try snapshot.map { try $0.read { txn in try read(txn, range, wanted, s.capacityHint) } }
            ?? store.engine.read { txn in try read(txn, range, wanted, s.capacityHint) }
        let ended = state.withLock { s -> Bool in
            s.started = true
            s.batchesRead += 1
            if let key = outcome.lastKey { s.resumeAfter = key }
            s.remaining = s.remaining.map { $0 - outcome.count }
            s.capacityHint = max(outcome.byteCount, 4096)
            return outcome.exhausted || outcome.count == 0 || s.remaining == 0
        }
        if ended { finish() }
        return outcome.count == 0 ? nil : outcome.batch
    }
}
