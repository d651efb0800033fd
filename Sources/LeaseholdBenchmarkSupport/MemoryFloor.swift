import LeaseholdCore

/// The Memory engine's floor: a walk over a snapshot of its sorted array and binary searches in
/// it, with no lease, cursor or `Bytes` (it has no C API; this is the least any reader must do).
extension MemoryEngine: BenchmarkFloor {
    public func rawScanChecksum() throws -> Int {
        try withCommittedRecords { records in
            var iterator = MemoryRawIterator(records: records)
            return FloorLoops.scanChecksum(&iterator)
        }
    }

    public func rawGetChecksum(keys: UnsafeRawBufferPointer, keyLength: Int) throws -> Int {
        try withCommittedRecords { records in
            try FloorLoops.getChecksum(keys: keys, keyLength: keyLength) { key in
                var low = 0, high = records.count
                while low < high {
                    let mid = (low + high) / 2
                    if Bytes.compare(records[mid].key.bytes, key) < 0 { low = mid + 1 } else { high = mid }
                }
                return low < records.count && Bytes.compare(records[low].key.bytes, key) == 0 ? records[low].value.bytes.count : nil
            }
        }
    }
}

/// The committed records, walked by index.
struct MemoryRawIterator: RawRecordIterator {
    let records: [MemoryRecord]
    var index = -1

    mutating func next() -> Bool {
        index += 1
        return index < records.count
    }

    var key: UnsafeRawBufferPointer { records[index].key.bytes }
    var value: UnsafeRawBufferPointer { records[index].value.bytes }
}
