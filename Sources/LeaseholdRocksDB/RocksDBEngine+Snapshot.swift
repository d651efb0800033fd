@_spi(Adapter) import LeaseholdCore

extension RocksDBEngine: SnapshotEngine {
    /// A snapshot held as one `rocksdb_create_snapshot` and the read options naming it; each read
    /// on it makes its iterators on that snapshot, from any thread.
    ///
    /// - warning: The snapshot keeps RocksDB from dropping the records it sees (compaction keeps
    ///   them) until it is released.
    public func makeSnapshot() throws -> (any StoreSnapshot<RocksDBReader>)? { try gate.makeSnapshot() }
}

extension RocksDBStore: SnapshotAdapter {
    /// A reader is a snapshot already: the held one serves every read on it.
    func makeSnapshot() -> RocksDBReader { RocksDBReader(store: self) }

    func beginRead(_ lender: Lender, in snapshot: RocksDBReader) -> RocksDBReader { snapshot }

    /// The core has closed the read's iterators; the snapshot stays.
    func endRead(_ reader: RocksDBReader, in snapshot: RocksDBReader) {}

    func release(_ snapshot: RocksDBReader) { snapshot.release() }
}
