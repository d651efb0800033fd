@_spi(Adapter) import LeaseholdCore

extension LevelDBEngine: SnapshotEngine {
    /// A snapshot held as one `leveldb_create_snapshot` and the read options naming it; each read
    /// on it makes its iterators on that snapshot, from any thread.
    ///
    /// - warning: The snapshot keeps LevelDB from dropping the records it sees (compaction keeps
    ///   them) until it is released.
    public func makeSnapshot() throws -> (any StoreSnapshot<LevelDBReader>)? { try gate.makeSnapshot() }
}

extension LevelDBStore: SnapshotAdapter {
    /// A reader is a snapshot already: the held one serves every read on it.
    func makeSnapshot() -> LevelDBReader { LevelDBReader(store: self) }

    func beginRead(_ lender: Lender, in snapshot: LevelDBReader) -> LevelDBReader { snapshot }

    /// The core has closed the read's iterators; the snapshot stays.
    func endRead(_ reader: LevelDBReader, in snapshot: LevelDBReader) {}

    func release(_ snapshot: LevelDBReader) { snapshot.release() }
}
