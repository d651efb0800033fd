import LeaseholdCore

extension ReadTransaction {
    /// Calls `body` with each record of `range` (in key order, or reverse; up to `limit`), its
    /// key as a ``Key`` and its value decoded as a `Value`:
    ///
    /// ```swift
    /// try txn.scan(Key("orders", 7).range, as: Order.self) { key, order in
    ///     totals[try key[2, as: Int.self]] = order.total
    /// }
    /// ```
    ///
    /// The value is decoded straight from the engine's memory and the key is a view on it: a
    /// record you keep nothing of costs no copy. A `DecodingError` names the field and the key.
    /// To stop early without throwing, iterate ``records(_:as:reverse:limit:using:)`` with `for`
    /// and `break`.
    @inlinable
    public func scan<Value: Decodable>(
        _ range: KeyRange = .all, as type: Value.Type, reverse: Bool = false, limit: Int? = nil,
        using decoder: TupleDecoder = TupleDecoder(),
        _ body: (_ key: Key, _ value: Value) throws -> Void
    ) throws {
        let records = TupleRecordDecoding(decoder)
        try scan(range, reverse: reverse, limit: limit) { key, value in
            let key = Key(packed: key)
            try body(key, try records.decode(Value.self, key: key, value: value))
        }
    }

    /// The records of `range` with their values as `Value`, for `for` loops and `while let`:
    ///
    /// ```swift
    /// for record in try txn.records(Key("orders", 7).range, as: Order.self) {
    ///     let order = try record.value
    ///     if order.status == .open { break }
    /// }
    /// ```
    ///
    /// See ``TypedRecords`` for how a failure to step reaches you.
    @inlinable
    public func records<Value: Decodable>(
        _ range: KeyRange = .all, as type: Value.Type, reverse: Bool = false, limit: Int? = nil,
        using decoder: TupleDecoder = TupleDecoder()
    ) throws -> TypedRecords<Value, Reader.Cursor> {
        TypedRecords(records: try records(range, reverse: reverse, limit: limit), decoder: decoder)
    }
}

extension KeyRange {
    /// Keys `> key`: the same as `.after(key)`.
    public static func greaterThan(_ key: Key) -> KeyRange { .after(key) }
    /// Keys `>= key`.
    public static func atLeast(_ key: Key) -> KeyRange { .from(key) }
    /// Keys `< key`.
    public static func lessThan(_ key: Key) -> KeyRange { KeyRange(upper: .exclusive(key.packed)) }
    /// Keys `<= key`.
    public static func atMost(_ key: Key) -> KeyRange { KeyRange(upper: .inclusive(key.packed)) }
}
