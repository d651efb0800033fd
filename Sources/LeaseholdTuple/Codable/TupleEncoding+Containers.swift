import BigInt

import LeaseholdCore
// The three containers of ``TupleEncoding``. Each writes into the frame it was made for; a
// value of any other type goes through `TupleEncoding.encodeValue` as one element.

/// What every container does: write one element into its frame.
protocol TupleEncodingContainer {
    var encoding: TupleEncoding { get }
    var frame: Int { get }
}

extension TupleEncodingContainer {
    func element(_ body: (inout TupleWriter) -> Void) throws {
        try encoding.enter(frame)
        body(&encoding.writer)
    }

    func value<T: Encodable>(_ value: T, key: (any CodingKey)?) throws {
        try encoding.encodeValue(value, as: .element, in: frame, key: key)
    }

    /// Writes a value the tuple layer has an element for (`Bool`, `String`, the floats, the
    /// integers of 64 bits or fewer) as the next element: the one a ``Key`` holds for it.
    /// (Always inlined: the keyed container is generic, and inlining keeps `T` concrete there.)
    @inline(__always)
    func primitive<T: TupleEncodable>(_ value: T) throws {
        try element { value.encode(to: &$0) }
    }

    /// Writes an integer wider than 64 bits as the next element (throws if the format has none).
    func wide<I: BinaryInteger>(_ value: I) throws {
        try encoding.enter(frame)
        try encoding.encodeInteger(BigInt(value), value)
    }

    func nested<K: CodingKey>(keyedBy type: K.Type, key: (any CodingKey)?) -> KeyedEncodingContainer<K> {
        KeyedEncodingContainer(KeyedTupleEncodingContainer<K>(encoding: encoding, frame: openNested(), codingPath: path(key)))
    }

    func nestedUnkeyed(key: (any CodingKey)?) -> any UnkeyedEncodingContainer {
        UnkeyedTupleEncodingContainer(encoding: encoding, frame: openNested(), codingPath: path(key))
    }

    /// Opens a nested tuple as this container's next element; its frame (-1 if it cannot open).
    func openNested() -> Int {
        guard (try? encoding.enter(frame)) != nil, encoding.frames.count <= Key.maximumNestingDepth else { return -1 }
        let nested = encoding.nextFrame
        encoding.nextFrame += 1
        encoding.writer.append(TupleCode.nested)
        encoding.writer.depth += 1
        encoding.frames.append(nested)
        return nested
    }

    /// An encoder for the next element, as `super.encode(to:)` uses: a nested tuple.
    func superEncoder(key: (any CodingKey)?) -> any Encoder {
        TupleSuperEncoder(encoding: encoding, frame: openNested(), codingPath: path(key))
    }

    func path(_ key: (any CodingKey)?) -> [any CodingKey] {
        key.map { encoding.codingPath + [$0] } ?? encoding.codingPath
    }
}

struct KeyedTupleEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol, TupleEncodingContainer {
    let encoding: TupleEncoding
    let frame: Int
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { try primitive(TupleNull()) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try primitive(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try primitive(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try primitive(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try primitive(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try primitive(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try primitive(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try primitive(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try primitive(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try primitive(value) }
    mutating func encode(_ value: Int128, forKey key: Key) throws { try wide(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try primitive(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try primitive(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try primitive(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try primitive(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try primitive(value) }
    mutating func encode(_ value: UInt128, forKey key: Key) throws { try wide(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try self.value(value, key: key) }

    // `nil` is a null element, never a missing one: every field keeps its position.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int128?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt128?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try present(value, key) }

    mutating func present<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        nested(keyedBy: keyType, key: key)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { nestedUnkeyed(key: key) }
    mutating func superEncoder() -> any Encoder { superEncoder(key: nil) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(key: key) }
}

struct UnkeyedTupleEncodingContainer: UnkeyedEncodingContainer, TupleEncodingContainer {
    let encoding: TupleEncoding
    let frame: Int
    let codingPath: [any CodingKey]
    private(set) var count = 0

    init(encoding: TupleEncoding, frame: Int, codingPath: [any CodingKey]) {
        self.encoding = encoding
        self.frame = frame
        self.codingPath = codingPath
    }

    mutating func encodeNil() throws { try primitive(TupleNull()); count += 1 }
    mutating func encode(_ value: Bool) throws { try primitive(value); count += 1 }
    mutating func encode(_ value: String) throws { try primitive(value); count += 1 }
    mutating func encode(_ value: Double) throws { try primitive(value); count += 1 }
    mutating func encode(_ value: Float) throws { try primitive(value); count += 1 }
    mutating func encode(_ value: Int) throws { try primitive(value); count += 1 }
    mutating func encode(_ value: Int8) throws { try primitive(value); count += 1 }
    mutating func encode(_ value: Int16) throws { try primitive(value); count += 1 }
    mutating func encode(_ value: Int32) throws { try primitive(value); count += 1 }
    mutating func encode(_ value: Int64) throws { try primitive(value); count += 1 }
    mutating func encode(_ value: Int128) throws { try wide(value); count += 1 }
    mutating func encode(_ value: UInt) throws { try primitive(value); count += 1 }
    mutating func encode(_ value: UInt8) throws { try primitive(value); count += 1 }
    mutating func encode(_ value: UInt16) throws { try primitive(value); count += 1 }
    mutating func encode(_ value: UInt32) throws { try primitive(value); count += 1 }
    mutating func encode(_ value: UInt64) throws { try primitive(value); count += 1 }
    mutating func encode(_ value: UInt128) throws { try wide(value); count += 1 }
    mutating func encode<T: Encodable>(_ value: T) throws { try self.value(value, key: TupleIndexKey(count)); count += 1 }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        defer { count += 1 }
        return nested(keyedBy: keyType, key: TupleIndexKey(count))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        defer { count += 1 }
        return nestedUnkeyed(key: TupleIndexKey(count))
    }
    mutating func superEncoder() -> any Encoder {
        defer { count += 1 }
        return superEncoder(key: TupleIndexKey(count))
    }
}

struct SingleValueTupleEncodingContainer: SingleValueEncodingContainer, TupleEncodingContainer {
    let encoding: TupleEncoding
    /// The slot of the value that asked for this container: a composite written through it
    /// takes that slot (a wrapper is transparent).
    let slot: TupleEncoding.Slot
    let frame: Int
    let codingPath: [any CodingKey]

    /// Writes `value` as the slot's element (see ``TupleEncodingContainer/primitive(_:)``).
    func single<T: TupleEncodable>(_ value: T) throws {
        try primitive(value)
        encoding.wroteSingleValue = true
    }

    /// Writes an integer wider than 64 bits as the slot's element.
    func singleWide<I: BinaryInteger>(_ value: I) throws {
        try wide(value)
        encoding.wroteSingleValue = true
    }

    mutating func encodeNil() throws { try single(TupleNull()) }
    mutating func encode(_ value: Bool) throws { try single(value) }
    mutating func encode(_ value: String) throws { try single(value) }
    mutating func encode(_ value: Double) throws { try single(value) }
    mutating func encode(_ value: Float) throws { try single(value) }
    mutating func encode(_ value: Int) throws { try single(value) }
    mutating func encode(_ value: Int8) throws { try single(value) }
    mutating func encode(_ value: Int16) throws { try single(value) }
    mutating func encode(_ value: Int32) throws { try single(value) }
    mutating func encode(_ value: Int64) throws { try single(value) }
    mutating func encode(_ value: Int128) throws { try singleWide(value) }
    mutating func encode(_ value: UInt) throws { try single(value) }
    mutating func encode(_ value: UInt8) throws { try single(value) }
    mutating func encode(_ value: UInt16) throws { try single(value) }
    mutating func encode(_ value: UInt32) throws { try single(value) }
    mutating func encode(_ value: UInt64) throws { try single(value) }
    mutating func encode(_ value: UInt128) throws { try singleWide(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try encoding.encodeValue(value, as: slot, in: frame)
        encoding.wroteSingleValue = true
    }
}

/// The encoder `superEncoder()` returns: a nested tuple opened as the container's next element,
/// which everything written through it fills (a single value is its one element).
struct TupleSuperEncoder: Encoder {
    let encoding: TupleEncoding
    /// The nested tuple's frame.
    let frame: Int
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { encoding.userInfo }

    func container<K: CodingKey>(keyedBy type: K.Type) -> KeyedEncodingContainer<K> {
        KeyedEncodingContainer(KeyedTupleEncodingContainer<K>(encoding: encoding, frame: frame, codingPath: codingPath))
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedTupleEncodingContainer(encoding: encoding, frame: frame, codingPath: codingPath)
    }
    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueTupleEncodingContainer(encoding: encoding, slot: .element, frame: frame, codingPath: codingPath)
    }
}

/// The coding key of an unkeyed container's element: its index.
struct TupleIndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { return nil }
}
