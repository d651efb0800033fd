@_spi(Benchmarks) import Leasehold

/// LevelDB's floor: a bare `leveldb_iter_*` loop and `leveldb_get` + `leveldb_free` on one
/// snapshot, through `LevelDBRawAccess.swift`.
@_spi(Benchmarks)
extension LevelDBEngine: BenchmarkFloor {
    public func rawScanChecksum() throws -> Int {
        try read { txn in
            try txn.withRawIterator { iterator in
                var total = 0
                while iterator.next() { total &+= iterator.key.count &+ iterator.value.count &+ Int(iterator.key[0]) }
                return total
            }
        }
    }

    public func rawGetChecksum(keys: UnsafeRawBufferPointer, keyLength: Int) throws -> Int {
        try read { txn in
            var total = 0
            for offset in stride(from: 0, to: keys.count - keyLength + 1, by: keyLength) {
                let count = txn.rawValueCount(forKey: UnsafeRawBufferPointer(rebasing: keys[offset ..< offset + keyLength]))
                if count < 0 { throw LeaseholdError.notFound("a benchmark key") }
                total &+= count
            }
            return total
        }
    }
}
