import LeaseholdCore

/// The Memory engine's floor: a walk over a snapshot of its sorted array and binary searches in
/// it, with no lease, cursor or `Bytes` (it has no C API; this is the least any reader must do).
extension MemoryEngine: BenchmarkFloor {
    public func rawScanChecksum() throws -> Int {
        try withCommittedRecords { records in
            var total = 0
            for record in records {
                let key = record.key.bytes, value = record.value.bytes
                total &+= key.count &+ value.count &+ Int(key[0])
            }
            return total
        }
    }

    public func rawGetChecksum(keys: UnsafeRawBufferPointer, keyLength: Int) throws -> Int {
        try withCommittedRecords { records in
            var total = 0
            var offset = 0
            while offset + keyLength <= keys.count {
                let key = UnsafeRawBufferPointer(rebasing: keys[offset ..< offset + keyLength])
                var low = 0, high = records.count
                while low < high {
                    let mid = (low + high) / 2
                    if Bytes.compare(records[mid].key.bytes, key) < 0 { low = mid + 1 } else { high = mid }
                }
                guard low < records.count, Bytes.compare(records[low].key.bytes, key) == 0 else {
                    throw LeaseholdError.notFound("a benchmark key")
                }
                total &+= records[low].value.bytes.count
                offset += keyLength
            }
            return total
        }
    }
}
