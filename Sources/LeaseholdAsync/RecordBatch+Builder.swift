#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
@_spi(Adapter) import LeaseholdCore

/// Builds a ``RecordBatch``: appends keys and values into one `malloc`'d buffer (grown by
/// `realloc`, usually in place) that the batch adopts at the end. Frees the buffer if dropped
/// unfinished (a scan that threw).
@usableFromInline
final class RecordBatchBuilder {
    // Used by one thread at a time, in one batch read: no dynamic exclusivity checks (they
    // cost more than the copies, measured).
    @exclusivity(unchecked) @usableFromInline var base: UnsafeMutableRawPointer?
    @exclusivity(unchecked) @usableFromInline var capacity: Int
    @exclusivity(unchecked) @usableFromInline var byteCount = 0
    @exclusivity(unchecked) @usableFromInline var offsets: [Int]

    /// A builder whose buffer starts at `capacity` bytes, for up to `records` records.
    @usableFromInline
    init(capacity: Int, records: Int) {
        self.capacity = max(capacity, 64)
        base = malloc(self.capacity)
        offsets = []
        offsets.reserveCapacity(2 * records + 1)
        offsets.append(0)
    }

    deinit { free(base) }

    /// The number of records appended.
    @inlinable var count: Int { offsets.count / 2 }

    /// Copies `key` and `value` to the end of the buffer.
    @inlinable
    func append(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        reserve(key.count + value.count)
        copy(key)
        offsets.append(byteCount)
        copy(value)
        offsets.append(byteCount)
    }

    @inlinable
    func copy(_ bytes: UnsafeRawBufferPointer) {
        guard let from = bytes.baseAddress, !bytes.isEmpty else { return }
        (base! + byteCount).copyMemory(from: from, byteCount: bytes.count)
        byteCount += bytes.count
    }

    @inlinable
    func reserve(_ more: Int) {
        let needed = byteCount + more
        guard needed > capacity else { return }
        var grown = capacity
        while grown < needed { grown *= 2 }
        guard let moved = realloc(base, grown) else { fatalError("out of memory for a record batch of \(grown) bytes") }
        base = moved
        capacity = grown
    }

    /// The batch: the buffer, trimmed to what was written, adopted by one `Bytes`.
    @usableFromInline
    func finish() -> RecordBatch {
        guard byteCount > 0, let buffer = base else {
            return RecordBatch(storage: Bytes(), offsets: offsets)
        }
        let trimmed = byteCount < capacity / 2 ? (realloc(buffer, byteCount) ?? buffer) : buffer
        base = nil
        let storage = Bytes(adopting: UnsafeRawBufferPointer(start: trimmed, count: byteCount), context: trimmed,
                            release: { free($0) })
        return RecordBatch(storage: storage, offsets: offsets)
    }
}
