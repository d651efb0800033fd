/// A cursor of the Memory engine: an index into its transaction's table. An update may shift
/// the table, so it does not keep its place across updates: the core finds it again by key.
public struct MemoryCursor: StoreCursor {
    let reader: MemoryReader
    /// Where the cursor stands (meaningful after a move that returned `true`).
    var index = -1
    /// The record there, taken from the table when the cursor lands.
    public private(set) var key = UnsafeRawBufferPointer(start: nil, count: 0)
    public private(set) var value = UnsafeRawBufferPointer(start: nil, count: 0)
    /// Transaction-long, or one step (the engine's `scanLease`).
    public let lending: CursorLending

    init(reader: MemoryReader, lending: CursorLending) {
        self.reader = reader
        self.lending = lending
    }

    /// An index into an array that updates shift.
    public var keepsPlaceAcrossUpdates: Bool { false }

    private mutating func land(_ i: Int) -> Bool {
        index = i
        guard i >= 0 && i < reader.table.records.count else { return false }
        let record = reader.table.records[i]
        key = record.key.bytes
        value = record.value.bytes
        return true
    }

    public mutating func first() -> Bool { land(0) }
    public mutating func last() -> Bool { land(reader.table.records.count - 1) }
    public mutating func next() -> Bool { land(index + 1) }
    public mutating func previous() -> Bool { land(index - 1) }
    public mutating func seek(_ key: UnsafeRawBufferPointer) -> Bool { land(reader.table.lowerBound(key)) }
}
