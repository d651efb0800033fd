import CLevelDB
import LeaseholdCore
import LeaseholdLevelDB

/// A bare LevelDB iterator with no leases at all: the floor the benchmarks compare Leasehold with.
///
/// - warning: `key` and `value` are valid only until the iterator moves or is destroyed;
///   nothing copies them.
public typealias LevelDBRawIterator = RawIterator<LevelDBIterator>

extension ReadTransaction where Reader == LevelDBReader {
    /// Calls `body` with a bare iterator over the transaction's snapshot.
    ///
    /// - warning: What the iterator points at is borrowed until it moves or `body` returns.
    public func withRawIterator<R>(_ body: (inout LevelDBRawIterator) throws -> R) throws -> R {
        guard isOpen else { throw LeaseholdError.transactionEnded }
        let iterator = leveldb_create_iterator(reader.db, reader.readOptions)!
        defer { leveldb_iter_destroy(iterator) }
        var raw = LevelDBRawIterator(iterator)
        return try body(&raw)
    }

    /// A bare `leveldb_get` + `leveldb_free` on the snapshot: no `Bytes`, no checks; returns the
    /// value's length, or -1 when there is none.
    @inlinable
    public func rawValueCount(forKey key: UnsafeRawBufferPointer) -> Int {
        var count = 0
        var error: UnsafeMutablePointer<CChar>?
        let k = (key.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
        guard let value = leveldb_get(reader.db, reader.readOptions, k, key.count, &count, &error) else {
            if let error { leveldb_free(error) }
            return -1
        }
        leveldb_free(value)
        return count
    }
}

/// LevelDB's floor: a bare `leveldb_iter_*` loop and `leveldb_get` + `leveldb_free` on one
/// snapshot.
extension LevelDBEngine: BenchmarkFloor {
    public func rawScanChecksum() throws -> Int {
        try read { txn in try txn.withRawIterator { FloorLoops.scanChecksum(&$0) } }
    }

    public func rawGetChecksum(keys: UnsafeRawBufferPointer, keyLength: Int) throws -> Int {
        try read { txn in
            try FloorLoops.getChecksum(keys: keys, keyLength: keyLength) { key in
                let count = txn.rawValueCount(forKey: key)
                return count < 0 ? nil : count
            }
        }
    }
}
