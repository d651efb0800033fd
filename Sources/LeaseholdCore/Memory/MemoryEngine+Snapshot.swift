extension MemoryEngine: SnapshotEngine {
    /// A snapshot of the committed table (a copy-on-write version: O(1), no copy of the records).
    ///
    /// - warning: The snapshot keeps the version's records alive and `close()` busy until it is
    ///   released.
    public func makeSnapshot() throws -> (any StoreSnapshot<MemoryReader>)? { try gate.makeSnapshot() }
}

extension MemoryStore: SnapshotAdapter {
    /// The committed table as it is now: immutable, shared with later versions until they change.
    func makeSnapshot() -> MemoryTable { table.withLock { $0 } }

    func beginRead(_ lender: Lender, in snapshot: MemoryTable) -> MemoryReader {
        MemoryReader(table: snapshot, lender: lender, stepLeases: stepLeases)
    }

    func endRead(_ reader: MemoryReader, in snapshot: MemoryTable) {}

    func release(_ snapshot: MemoryTable) {}
}
