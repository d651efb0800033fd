/// An immutable block of bytes owned by the Memory engine. Records point at these; snapshots
/// share them, so a value stays alive as long as any snapshot that contains it.
package final class Blob: @unchecked Sendable {  // immutable after init
    package let bytes: UnsafeRawBufferPointer

    init(copying source: UnsafeRawBufferPointer) {
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(source.count, 1), alignment: 8)
        if !source.isEmpty { memory.copyMemory(from: source) }
        bytes = UnsafeRawBufferPointer(rebasing: memory[..<source.count])
    }

    deinit { UnsafeMutableRawPointer(mutating: bytes.baseAddress!).deallocate() }
}

/// One key and its value.
package struct MemoryRecord: Sendable {
    package let key: Blob
    package var value: Blob
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
