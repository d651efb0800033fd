/// An immutable block of bytes owned by the Memory engine. Records point at these; snapshots
/// share them, so a value stays alive as long as any snapshot that contains it.
final class Blob: @unchecked Sendable {  // immutable after init
    let bytes: UnsafeRawBufferPointer

    init(copying source: UnsafeRawBufferPointer) {
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(source.count, 1), alignment: 8)
        if !source.isEmpty { memory.copyMemory(from: source) }
        bytes = UnsafeRawBufferPointer(rebasing: memory[..<source.count])
    }

    deinit { UnsafeMutableRawPointer(mutating: bytes.baseAddress!).deallocate() }
}

/// One key and its value.
struct MemoryRecord: Sendable {
    let key: Blob
    var value: Blob
}

/// The sorted records of one version of the store (a copy-on-write array: a snapshot is O(1)).
struct MemoryTable: Sendable {
    var records: [MemoryRecord] = []

    /// The index of the first record whose key is `>= key`.
    func lowerBound(_ key: UnsafeRawBufferPointer) -> Int {
        var low = 0, high = records.count
        while low < high {
            let mid = (low + high) / 2
            if Bytes.compare(records[mid].key.bytes, key) < 0 { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The index of `key`, if present.
    func index(of key: UnsafeRawBufferPointer) -> Int? {
        let i = lowerBound(key)
        return i < records.count && Bytes.compare(records[i].key.bytes, key) == 0 ? i : nil
    }
}

/// Lends memory under one lease. Plain mode lends the records' own memory; checked mode lends a
/// fresh copy of each buffer and, when the lease ends, overwrites every copy with `0xDD` and frees
/// it, so a sink that failed to copy itself reads garbage (or crashes under a sanitizer).
final class MemoryLender {
    let lease: Lease
    let checked: Bool
    @exclusivity(unchecked) private var lent: [UnsafeMutableRawBufferPointer] = []

    init(statistics: LeaseStatistics, checked: Bool) {
        lease = Lease(statistics: statistics)
        self.checked = checked
    }

    /// Memory valid until ``expire()``.
    @inline(__always)
    func lend(_ buffer: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard checked else { return buffer }
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(buffer.count, 1), alignment: 8)
        if !buffer.isEmpty { copy.copyMemory(from: buffer) }
        lent.append(copy)
        return UnsafeRawBufferPointer(rebasing: copy[..<buffer.count])
    }

    /// Ends the current span: sinks copy themselves, then checked memory is poisoned and freed.
    func expire() {
        lease.expire()
        poison()
    }

    /// Ends the lease for good and publishes its counters.
    func end() {
        lease.end()
        poison()
    }

    private func poison() {
        for block in lent {
            block.initializeMemory(as: UInt8.self, repeating: 0xDD)
            block.deallocate()
        }
        lent.removeAll(keepingCapacity: true)
    }

    deinit { end() }
}
