import CRocksDB
import LeaseholdCore
import LeaseholdRocksDB

/// A bare RocksDB iterator with no leases at all: the floor the benchmarks compare Leasehold with.
///
/// - warning: `key` and `value` are valid only until the iterator moves or is destroyed;
///   nothing copies them.
public typealias RocksDBRawIterator = RawIterator<RocksDBIterator>

extension ReadTransaction where Reader == RocksDBReader {
    /// Calls `body` with a bare iterator on the transaction's snapshot, with its read options
    /// (`pin_data` included).
    ///
    /// - warning: What the iterator points at is borrowed until it moves or `body` returns.
    public func withRawIterator<R>(_ body: (inout RocksDBRawIterator) throws -> R) throws -> R {
        guard isOpen else { throw LeaseholdError.transactionEnded }
        let iterator = rocksdb_create_iterator(reader.db, reader.readOptions)!
        defer { rocksdb_iter_destroy(iterator) }
        var raw = RocksDBRawIterator(iterator)
        return try body(&raw)
    }

    /// A bare `rocksdb_get_pinned` on the snapshot, the slice destroyed after `body`: no lease,
    /// no `Bytes`, no checks.
    ///
    /// - warning: The buffer is valid only inside `body`.
    @inlinable
    public func withRawPinnedValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        var error: UnsafeMutablePointer<CChar>? = nil
        let k = (key.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
        guard let slice = rocksdb_get_pinned(reader.db, reader.readOptions, k, key.count, &error) else {
            if let error { rocksdb_free(error) }
            return body(nil)
        }
        defer { rocksdb_pinnableslice_destroy(slice) }
        var count = 0
        let start = rocksdb_pinnableslice_value(slice, &count)
        return body(UnsafeRawBufferPointer(start: start, count: count))
    }
}

/// RocksDB's floor: a bare `rocksdb_iter_*` loop and `rocksdb_get_pinned` +
/// `rocksdb_pinnableslice_destroy` on one snapshot.
extension RocksDBEngine: BenchmarkFloor {
    public func rawScanChecksum() throws -> Int {
        try read { txn in try txn.withRawIterator { FloorLoops.scanChecksum(&$0) } }
    }

    public func rawGetChecksum(keys: UnsafeRawBufferPointer, keyLength: Int) throws -> Int {
        try read { txn in
            try FloorLoops.getChecksum(keys: keys, keyLength: keyLength) { key in txn.withRawPinnedValue(forKey: key, { $0?.count }) }
        }
    }
}
