import LeaseholdCore

/// A record of a typed scan: its key, and its value decoded from the lent bytes when you ask.
///
/// ```swift
/// for record in try txn.records(Key("orders", 7).range, as: Order.self) {
///     let id = try record.key[2, as: Int.self]
///     let order = try record.value
/// }
/// ```
///
/// - warning: ``key`` and ``bytes`` are lent under the scan's lease: kept past it, they copy
///   themselves; a record you drop costs no copy.
public struct TypedRecord<Value: Decodable> {
    /// The key, a view on the lent bytes (its elements are decoded when read).
    public let key: Key
    /// The value's packed bytes, lent.
    public let bytes: Bytes
    @usableFromInline let decoder: TupleDecoder

    @usableFromInline
    init(key: Key, bytes: Bytes, decoder: TupleDecoder) {
        self.key = key
        self.bytes = bytes
        self.decoder = decoder
    }

    /// The value, decoded from ``bytes`` at each access (bind it once). A `DecodingError` names
    /// the field at fault and, in its description, this record's key.
    public var value: Value {
        get throws { try decoder.decodeRecord(Value.self, key: key, value: bytes) }
    }
}

/// The records of a range with their values as `Value`: `for` (stop with `break`) or
/// `while let record = try records.next()`.
///
/// Stepping is that of `RecordIterator`: a `for` loop that fails to step ends there, and the
/// transaction's `read`/`write` throws the failure when its closure returns; ``next()`` throws
/// at once. Decoding happens at ``TypedRecord/value``, inside your loop, where `try` reports it.
public struct TypedRecords<Value: Decodable, Source: StoreCursor>: Sequence {
    @usableFromInline var records: RecordIterator<Source>
    @usableFromInline let decoder: TupleDecoder

    @usableFromInline
    init(records: RecordIterator<Source>, decoder: TupleDecoder) {
        self.records = records
        self.decoder = decoder
    }

    /// The next record, or `nil` at the end of the range.
    @inlinable
    public mutating func next() throws -> TypedRecord<Value>? {
        guard let record = try records.next() else { return nil }
        return TypedRecord(key: Key(packed: record.key), bytes: record.value, decoder: decoder)
    }

    /// Every remaining record's value, decoded, in an array.
    public mutating func collect() throws -> [Value] {
        var all: [Value] = []
        while let record = try next() { all.append(try record.value) }
        return all
    }

    /// The iterator of a `for` loop over the records.
    @inlinable
    public func makeIterator() -> Iterator { Iterator(base: records.makeIterator(), decoder: decoder) }

    /// Steps a `for` loop; a failure to step goes to the transaction (see ``TypedRecords``).
    public struct Iterator: IteratorProtocol {
        @usableFromInline var base: RecordIterator<Source>.Iterator
        @usableFromInline let decoder: TupleDecoder

        @usableFromInline
        init(base: RecordIterator<Source>.Iterator, decoder: TupleDecoder) {
            self.base = base
            self.decoder = decoder
        }

        /// The next record; `nil` at the end of the range or at the first failure.
        @inlinable
        public mutating func next() -> TypedRecord<Value>? {
            guard let record = base.next() else { return nil }
            return TypedRecord(key: Key(packed: record.key), bytes: record.value, decoder: decoder)
        }
    }
}

extension TupleDecoder {
    /// Decodes the value of the record under `key`; a `DecodingError` gets the key in its
    /// description (the coding path still names the field).
    @usableFromInline
    func decodeRecord<T: Decodable>(_ type: T.Type, key: Key, value: Bytes) throws -> T {
        do {
            return try decode(T.self, from: value)
        } catch let error as DecodingError {
            throw error.naming(record: key)
        }
    }
}

extension DecodingError {
    /// This error with "in the record under KEY" added to its description.
    func naming(record key: Key) -> DecodingError {
        func more(_ c: Context) -> Context {
            Context(codingPath: c.codingPath, debugDescription: "\(c.debugDescription) (in the record under \(key))", underlyingError: c.underlyingError)
        }
        switch self {
        case .typeMismatch(let type, let c): return .typeMismatch(type, more(c))
        case .valueNotFound(let type, let c): return .valueNotFound(type, more(c))
        case .keyNotFound(let codingKey, let c): return .keyNotFound(codingKey, more(c))
        case .dataCorrupted(let c): return .dataCorrupted(more(c))
        @unknown default: return self
        }
    }
}
