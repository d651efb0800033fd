import LeaseholdCore
// The keyed container of the named layout (``TupleLayout``): enums and dictionaries, whose
// keys are data, store alternating key and value elements and are looked up by key.

/// The key and value elements of a named container, read once when it is made.
final class TupleEntries {
    struct Entry {
        /// The key: a string, or an integer (a dictionary's `Int` keys).
        let name: String?
        let number: Int?
        let value: Key.Element
    }

    let entries: [Entry]
    /// Where the next lookup starts: lookups in stored order (a dictionary's) cost one compare.
    @exclusivity(unchecked) var hint = 0

    init(_ cursor: TupleCursor) throws {
        var entries: [Entry] = []
        while let keyElement = try cursor.peek() {
            _ = try cursor.required()
            var name: String?, number: Int?
            switch keyElement.code {
            case TupleCode.string: name = try String.decode(keyElement, in: cursor.key)
            case TupleCode.negativeLong ... TupleCode.positiveLong: number = try Int.decode(keyElement, in: cursor.key)
            default:
                throw DecodingError.dataCorrupted(DecodingError.Context(
                    codingPath: cursor.codingPath,
                    debugDescription: "expected a key (a string or an integer) at byte \(keyElement.range.lowerBound), "
                        + "found \(TupleDecoding.elementName(keyElement.code)): not an enum or dictionary"))
            }
            guard let value = try cursor.peek() else {
                throw DecodingError.dataCorrupted(DecodingError.Context(
                    codingPath: cursor.codingPath, debugDescription: "the key at byte \(keyElement.range.lowerBound) has no value"))
            }
            _ = try cursor.required()
            entries.append(Entry(name: name, number: number, value: value))
        }
        self.entries = entries
    }

    /// The value stored under `key`, or `nil`.
    func value(for key: some CodingKey) -> Key.Element? {
        let count = entries.count
        var index = hint < count ? hint : 0
        for _ in 0 ..< count {
            let entry = entries[index]
            let matches = if let name = entry.name { name == key.stringValue } else { entry.number == key.intValue }
            if matches {
                hint = index + 1
                return entry.value
            }
            index = index + 1 == count ? 0 : index + 1
        }
        return nil
    }
}

/// A named keyed container: lists its keys, answers `contains`, looks values up by key.
struct NamedTupleDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let cursor: TupleCursor
    let entries: TupleEntries
    var codingPath: [any CodingKey] { cursor.codingPath }

    init(cursor: TupleCursor) throws {
        self.cursor = cursor
        entries = try TupleEntries(cursor)
    }

    /// The stored keys `Key` can represent, in stored order.
    var allKeys: [Key] {
        entries.entries.compactMap { entry in entry.name.flatMap(Key.init(stringValue:)) ?? entry.number.flatMap(Key.init(intValue:)) }
    }

    func contains(_ key: Key) -> Bool { entries.value(for: key) != nil }

    /// The value element under `key`; throws `keyNotFound` if there is none.
    func element(_ key: some CodingKey) throws -> LeaseholdTuple.Key.Element {
        guard let element = entries.value(for: key) else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(
                codingPath: codingPath, debugDescription: "no value stored under '\(key.stringValue)'"))
        }
        return element
    }

    func primitive<T: TupleDecodable>(_ type: T.Type, _ key: Key) throws -> T {
        let element = try element(key)
        return try TupleDecoding.translating(T.self, codingPath + [key]) { try T.decode(element, in: cursor.key) }
    }

    func wide<I: FixedWidthInteger>(_ type: I.Type, _ key: Key) throws -> I {
        let element = try element(key)
        return try TupleDecoding.translating(I.self, codingPath + [key]) { try cursor.decoding.decodeInteger(I.self, element, in: cursor.key) }
    }

    /// `nil` if nothing is stored under `key` or it is null, else what `decode` reads.
    func present<T>(_ key: Key, _ decode: () throws -> T) throws -> T? {
        guard let element = entries.value(for: key), element.code != TupleCode.null else { return nil }
        return try decode()
    }

    func decodeNil(forKey key: Key) throws -> Bool { try element(key).code == TupleCode.null }

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
        try cursor.decoding.decodeValue(T.self, at: element(key), of: cursor.key, depth: cursor.depth, in: codingPath, key: key)
    }

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
        try TupleDecoding.keyedContainer(cursor.cursor(into: element(key), key: key, container: [String: Any].self), layout: .named)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        UnkeyedTupleDecodingContainer(cursor: try cursor.cursor(into: element(key), key: key, container: [Any].self))
    }
    func superDecoder() throws -> any Decoder {
        try cursor.superDecoder(at: element(TupleSuperKey()), key: TupleSuperKey(), layout: .named)
    }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        try cursor.superDecoder(at: element(key), key: key, layout: .named)
    }
}
