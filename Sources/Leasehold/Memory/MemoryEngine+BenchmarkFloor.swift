/// The Memory engine's floor: a walk over a snapshot of its sorted array and binary searches in
/// it, with no lease, cursor or `Bytes` (it has no C API; this is the least any reader must do).
@_spi(Benchmarks)
extension MemoryEngine: BenchmarkFloor {
    public func rawScanChecksum() throws -> Int {
        let table = try snapshotTable()
        var total = 0
        for record in table.records {
            let key = record.key.bytes, value = record.value.bytes
            total &+= key.count &+ value.count &+ Int(key[0])
        }
        return total
    }

    public func rawGetChecksum(keys: UnsafeRawBufferPointer, keyLength: Int) throws -> Int {
        let table = try snapshotTable()
        var total = 0
        var offset = 0
        while offset + keyLength <= keys.count {
            guard let i = table.index(of: UnsafeRawBufferPointer(rebasing: keys[offset ..< offset + keyLength])) else {
                throw LeaseholdError.notFound("a benchmark key")
            }
            total &+= table.records[i].value.bytes.count
            offset += keyLength
        }
        return total
    }

    private func snapshotTable() throws -> MemoryTable {
        try state.withLock { s in
            if s.closed { throw LeaseholdError.storeClosed }
            return s.table
        }
    }
}
