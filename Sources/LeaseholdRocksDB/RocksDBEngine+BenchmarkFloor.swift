@_spi(Benchmarks) import Leasehold

/// RocksDB's floor: a bare `rocksdb_iter_*` loop and `rocksdb_get_pinned` +
/// `rocksdb_pinnableslice_destroy` on one snapshot, through `RocksDBRawAccess.swift`.
@_spi(Benchmarks)
extension RocksDBEngine: BenchmarkFloor {
    public func rawScanChecksum() throws -> Int {
        try read { txn in
            try txn.withRawIterator { iterator in
                var total = 0
                while iterator.next() {
                    let key = iterator.key
                    total &+= key.count &+ iterator.value.count &+ Int(key[0])
                }
                return total
            }
        }
    }

    public func rawGetChecksum(keys: UnsafeRawBufferPointer, keyLength: Int) throws -> Int {
        try read { txn in
            var total = 0
            for offset in stride(from: 0, to: keys.count - keyLength + 1, by: keyLength) {
                let key = UnsafeRawBufferPointer(rebasing: keys[offset ..< offset + keyLength])
                guard let count = txn.withRawPinnedValue(forKey: key, { $0?.count }) else {
                    throw LeaseholdError.notFound("a benchmark key")
                }
                total &+= count
            }
            return total
        }
    }
}
