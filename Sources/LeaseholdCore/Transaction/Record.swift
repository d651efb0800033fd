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
/// Iterate with `for`, and leave early with `break`:
///
/// ```swift
/// for record in try txn.records(Key("orders", 7).range) {
///     if record.value.isEmpty { break }
///     …
/// }
/// ```
///
/// or step with the throwing ``next()``: `while let record = try records.next() { … }`.
///
/// Each record is lent; one you drop is reused for the next record at no cost, one you keep is
/// copied only if its lease ends while you hold it. For the hottest loops use
/// ``ReadTransaction/scan(_:reverse:limit:_:)`` instead, which lends
/// without handing over ownership.
///
/// A `Sequence` cannot throw, so a `for` loop that fails to step (an I/O error, a lost
/// connection, the transaction ended) stops there, and the failure is thrown by the
/// transaction's `read`/`write` when your closure returns — a write whose loop failed is not
/// committed. Nothing after the loop inside the closure learns of it: where it must, step with
/// `try next()`, which throws at once. After the transaction ends, `next()` throws
/// ``LeaseholdError/transactionEnded``.
///
/// The iteration is single-pass: a `for` loop consumes the records (iterating the same value
/// again continues from where the cursor stands).
public struct RecordIterator<Source: StoreCursor>: Sequence {
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

    /// The iterator of a `for` loop over the records.
    @inlinable
    public func makeIterator() -> Iterator { Iterator(records: self) }

    /// Steps a `for` loop: ``RecordIterator/next()`` with its failure handed to the transaction,
    /// which throws it when its closure returns.
    public struct Iterator: IteratorProtocol {
        @usableFromInline var records: RecordIterator

        @usableFromInline
        init(records: RecordIterator) { self.records = records }

        /// The next record; `nil` at the end of the range or at the first failure.
        @inlinable @inline(__always)
        public mutating func next() -> Record? {
            do {
                return try records.next()
            } catch {
                records.walker.cursor.scope.deferFailure(error)
                return nil
            }
        }
    }
}
