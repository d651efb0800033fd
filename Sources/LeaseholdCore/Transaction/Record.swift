/// A key and its value, as lent by a scan or a cursor.
///
/// Both are ``Bytes`` on the scan's lease: zero-copy until it ends, copied if kept past it.
public struct Record: CustomStringConvertible {
    /// The key.
    public let key: Bytes
    /// The value.
    public let value: Bytes

    /// Pairs a key and a value.
    @inlinable
    public init(key: Bytes, value: Bytes) {
        self.key = key
        self.value = value
    }

    public var description: String { "\(key): \(value)" }
}

/// Records of a range, one at a time: the convenient form of a scan.
///
/// `while let record = try records.next() { … }`. Each record is lent; one you drop is reused
/// for the next record at no cost, one you keep is copied only if its lease ends while you hold
/// it. After the transaction ends, `next()` throws ``LeaseholdError/transactionEnded``. For the
/// hottest loops use ``ReadTransaction/scan(_:reverse:limit:_:)`` instead, which lends without
/// handing over ownership.
public struct RecordIterator<Source: StoreCursor> {
    @usableFromInline var walker: RangeWalker<Source>

    @usableFromInline
    init(walker: RangeWalker<Source>) { self.walker = walker }

    /// The next record, or `nil` at the end of the range.
    @inlinable @inline(__always)
    public mutating func next() throws -> Record? {
        try walker.cursor.checkMovable()
        guard try walker.advance() else { return nil }
        let checked = walker.checked
        return Record(key: walker.lendKey(checked: checked), value: walker.lendValue(checked: checked))
    }

    /// Every remaining record, in an array.
    public mutating func collect() throws -> [Record] {
        var all: [Record] = []
        while let r = try next() { all.append(r) }
        return all
    }
}
