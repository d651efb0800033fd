@_spi(Benchmarks) import Leasehold

/// LMDB's floor: `mdb_cursor_get(MDB_NEXT)` and `mdb_get` in one read transaction, through the
/// raw cursor of `LMDBRawAccess.swift`.
@_spi(Benchmarks)
extension LMDBEngine: BenchmarkFloor {
    public func rawScanChecksum() throws -> Int {
        try read { txn in
            try txn.withRawCursor { cursor in
                var total = 0
                while cursor.next() { total &+= cursor.key.count &+ cursor.value.count &+ Int(cursor.key[0]) }
                return total
            }
        }
    }

    public func rawGetChecksum(keys: UnsafeRawBufferPointer, keyLength: Int) throws -> Int {
        try read { txn in
            var total = 0
            var offset = 0
            while offset + keyLength <= keys.count {
                guard let value = txn.rawValue(forKey: UnsafeRawBufferPointer(rebasing: keys[offset ..< offset + keyLength])) else {
                    throw LeaseholdError.notFound("a benchmark key")
                }
                total &+= value.count
                offset += keyLength
            }
            return total
        }
    }
}
