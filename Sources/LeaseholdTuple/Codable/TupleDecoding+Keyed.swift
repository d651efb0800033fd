import LeaseholdCore
// The keyed container of the positional layout (``TupleLayout``): structs and classes.

/// A positional keyed container (a struct's or class's): its tags element, then its fields in
/// order, each checked against its stored tag (``TupleSchema``).
struct KeyedTupleDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let cursor: TupleCursor
    /// Where the stored field tags are in the key, the cursor index of the first field, and the
    /// first eight tags (first in the low byte): the cursor's, read by ``TupleCursor/readTags()``
    /// (on the cursor, so a reused container reads the next record's tags into the same object).
    var tags: Range<Int> { cursor.tags }
    var first: Int { cursor.first }
    var head: UInt64 { cursor.head }
    var codingPath: [any CodingKey] { cursor.codingPath }
    /// Always empty: a record stores tags, not field names.
    var allKeys: [Key] { [] }

    /// Reads the tags element at `cursor`'s position.
    init(cursor: TupleCursor) throws {
        self.cursor = cursor
        try cursor.readTags()
    }

    /// Whether a field is stored at the current position (`false` past the stored fields);
    /// throws if it is stored under another name than `key`.
    @inline(__always)
    func stored(_ key: some CodingKey) throws -> Bool {
        let position = cursor.index - first
        guard position < tags.count else { return false }
        let offset = tags.lowerBound + position
        let tag = position < 8 ? UInt8(truncatingIfNeeded: head >> (position &* 8)) : cursor.key.bytes.withUnsafeBytes { $0[offset] }
        let expected = TupleSchema.tag(key)
        if tag != expected { throw misplaced(key, position, tag, expected) }
        return true
    }

    /// The error for a field stored under another name.
    func misplaced(_ key: some CodingKey, _ position: Int, _ tag: UInt8, _ expected: UInt8) -> DecodingError {
        DecodingError.dataCorrupted(DecodingError.Context(
            codingPath: codingPath + [key],
            debugDescription: "field '\(key.stringValue)' is stored at position \(position) under another name "
                + "(tag 0x\(TupleSchema.hex(tag)), '\(key.stringValue)' is 0x\(TupleSchema.hex(expected))): "
                + "fields were reordered or renamed; see Schema evolution"))
    }

    /// The error for a field past the stored ones.
    func missing(_ key: some CodingKey) -> DecodingError {
        DecodingError.keyNotFound(key, DecodingError.Context(
            codingPath: codingPath,
            debugDescription: "no field '\(key.stringValue)' at position \(cursor.index - first): the record stores \(tags.count) fields"))
    }

    @inline(__always)
    func primitive<T: TupleDecodable>(_ type: T.Type, _ key: Key) throws -> T {
        guard try stored(key) else { throw missing(key) }
        return try cursor.primitive(type, key: key, keyed: true)
    }

    func wide<I: FixedWidthInteger>(_ type: I.Type, _ key: Key) throws -> I {
        guard try stored(key) else { throw missing(key) }
        return try cursor.wide(type, key: key, keyed: true)
    }

    /// `nil` past the stored fields or for a null, else what `decode` reads.
    func present<T>(_ key: Key, _ decode: () throws -> T) throws -> T? {
        guard try stored(key) else { return nil }
        return try cursor.optional(decode)
    }

    /// Whether a field is stored at the current position under `key`'s tag.
    func contains(_ key: Key) -> Bool { (try? stored(key)) ?? false }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard try stored(key) else { return true }
        return try cursor.decodeNil()
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try primitive(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try primitive(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try primitive(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try primitive(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try primitive(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try primitive(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try primitive(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try primitive(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try primitive(type, key) }
    func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 { try wide(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try primitive(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try primitive(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try primitive(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try primitive(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try primitive(type, key) }
    func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 { try wide(type, key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard try stored(key) else { throw missing(key) }
        return try cursor.value(type, key: key, keyed: true)
    }

    // A null element, or a field past the stored ones (appended after the record was written), is `nil`.
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try present(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try present(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try present(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try present(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try present(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: Int128.Type, forKey key: Key) throws -> Int128? { try present(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try present(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try present(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try present(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try present(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try present(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: UInt128.Type, forKey key: Key) throws -> UInt128? { try present(key) { try decode(type, forKey: key) } }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try present(key) { try decode(type, forKey: key) } }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        guard try stored(key) else { throw missing(key) }
        return try TupleDecoding.keyedContainer(cursor.nestedCursor(key: key, container: [String: Any].self), layout: .positional)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        guard try stored(key) else { throw missing(key) }
        return UnkeyedTupleDecodingContainer(cursor: try cursor.nestedCursor(key: key, container: [Any].self))
    }
    func superDecoder() throws -> any Decoder { try superDecoder(TupleSuperKey()) }
    func superDecoder(forKey key: Key) throws -> any Decoder { try superDecoder(key) }

    func superDecoder(_ key: some CodingKey) throws -> any Decoder {
        guard try stored(key) else { throw missing(key) }
        return try cursor.superDecoder(key: key, layout: .positional)
    }
}

extension TupleCursor {
    /// Reads a positional container's tags element at the current position into ``tags``,
    /// ``first`` and ``head`` (a region with no elements, a value that wrote no container, has
    /// no fields).
    func readTags() throws {
        let start = position, end = region.range.upperBound, nested = region.nested
        if start < end {
            // The tags element and its first eight tags, under one borrow of the bytes.
            let (element, head) = try key.withBuffer { (buffer) throws(LeaseholdError) -> (Key.Element, UInt64) in
                let element = try TupleScanner.element(in: buffer, at: start, nested: nested)
                var head: UInt64 = 0
                if element.code == TupleCode.bytes, !element.escaped {
                    for offset in element.body.prefix(8).reversed() { head = head << 8 | UInt64(buffer[offset]) }
                }
                return (element, head)
            }
            guard element.code == TupleCode.bytes, !element.escaped else {
                throw DecodingError.typeMismatch([String: Any].self, DecodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "expected a record's field tags (bytes) at byte \(element.range.lowerBound), found \(TupleDecoding.elementName(element.code)): "
                        + "not a record, or one written before records stored tags"))
            }
            position = element.range.upperBound
            index += 1
            tags = element.body
            self.head = head
        } else {
            tags = position ..< position
            head = 0
        }
        first = index
    }
}
