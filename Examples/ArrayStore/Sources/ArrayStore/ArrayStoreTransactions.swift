@_spi(Adapter) import LeaseholdCore

/// The read primitives: a snapshot of the records, lent through the transaction's lender.
public class ArrayStoreReader: StoreReader {
    var records: [StoredRecord]
    let lender: Lender

    init(_ records: [StoredRecord], _ lender: Lender) {
        self.records = records
        self.lender = lender
    }

    /// The index of the first record whose key is `>= key`.
    final func lowerBound(_ key: UnsafeRawBufferPointer) -> Int {
        var low = 0, high = records.count
        while low < high {
            let mid = (low + high) / 2
            if Bytes.compare(records[mid].key, key) < 0 { low = mid + 1 } else { high = mid }
        }
        return low
    }

    final func index(of key: UnsafeRawBufferPointer) -> Int? {
        let i = lowerBound(key)
        return i < records.count && Bytes.compare(records[i].key, key) == 0 ? i : nil
    }

    public final func value(forKey key: UnsafeRawBufferPointer) -> Bytes? {
        index(of: key).map { lender.lendBytes(records[$0].value) }
    }

    public final func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) rethrows -> R {
        try body(index(of: key).map { records[$0].value })
    }

    public final func makeCursor() -> ArrayStoreCursor { ArrayStoreCursor(reader: self) }
}

/// The write primitives: the transaction's own copy of the array, published at commit.
public final class ArrayStoreWriter: ArrayStoreReader, StoreWriter {
    public func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        let record = StoredRecord(key: key, value: value)
        let i = lowerBound(key)
        if i < records.count && Bytes.compare(records[i].key, key) == 0 { records[i] = record } else { records.insert(record, at: i) }
    }

    public func delete(key: UnsafeRawBufferPointer) -> Bool {
        guard let i = index(of: key) else { return false }
        records.remove(at: i)
        return true
    }
}

/// A cursor: an index into the transaction's array. Updates shift the array, so it does not keep
/// its place across them: the core finds it again by key.
public struct ArrayStoreCursor: StoreCursor {
    let reader: ArrayStoreReader
    var index = -1

    public var lending: CursorLending { .transaction }
    public var keepsPlaceAcrossUpdates: Bool { false }

    mutating func land(_ i: Int) -> Bool {
        index = i
        return reader.records.indices.contains(i)
    }

    public mutating func first() -> Bool { land(0) }
    public mutating func last() -> Bool { land(reader.records.count - 1) }
    public mutating func next() -> Bool { land(index + 1) }
    public mutating func previous() -> Bool { land(index - 1) }
    public mutating func seek(_ key: UnsafeRawBufferPointer) -> Bool { land(reader.lowerBound(key)) }
    public var key: UnsafeRawBufferPointer { reader.records[index].key }
    public var value: UnsafeRawBufferPointer { reader.records[index].value }
}
