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

    func nested<K: CodingKey>(keyedBy type: K.Type, key: (any CodingKey)?, layout: TupleLayout) -> KeyedEncodingContainer<K> {
        encoding.keyedContainer(in: openNested(), layout: layout, codingPath: path(key))
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
        encoding.frames.append(TupleEncoding.Frame(id: nested))
        return nested
    }

    /// An encoder for the next element, as `super.encode(to:)` uses: a nested tuple whose keyed
    /// containers have `layout`.
    func superEncoder(key: (any CodingKey)?, layout: TupleLayout) -> any Encoder {
        TupleSuperEncoder(encoding: encoding, frame: openNested(), codingPath: path(key), layout: layout)
    }

    func path(_ key: (any CodingKey)?) -> [any CodingKey] {
        key.map { encoding.codingPath + [$0] } ?? encoding.codingPath
    }
}

/// A keyed container: each field is its tag (positional layout) or its key element (named
/// layout, see ``TupleLayout``), then its value.
struct KeyedTupleEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol, TupleEncodingContainer {
    let encoding: TupleEncoding
    /// The frame this container writes into: `fixedFrame`, or for the top-level container a
    /// reused encoding keeps, its ticket's (the current value's top level, closed between values).
    let fixedFrame: Int
    let ticket: TupleFrameTicket?
    var frame: Int { ticket?.frame ?? fixedFrame }
    let codingPath: [any CodingKey]
    /// Whether keys are stored (enums, dictionaries) rather than tagged (structs, classes).
    let named: Bool

    init(encoding: TupleEncoding, frame: Int, codingPath: [any CodingKey], named: Bool, ticket: TupleFrameTicket? = nil) {
        self.encoding = encoding
        fixedFrame = frame
        self.ticket = ticket
        self.codingPath = codingPath
        self.named = named
    }

    /// Starts the field `key`: its tag in the tags element, or its key element.
    @inline(__always)
    func field(_ key: some CodingKey) throws {
        try encoding.enter(frame)
        if named { writeKey(key) } else { encoding.insertTag(for: key) }
    }

    /// Writes `key` as an element: an integer when it is one (a dictionary's `Int` keys), else
    /// its string.
    func writeKey(_ key: some CodingKey) {
        if let int = key.intValue, key.stringValue == String(int) {
            encoding.writer.encodeInteger(Int64(int))
        } else {
            encoding.writer.encodeString(key.stringValue)
        }
    }

    /// Writes a field the tuple layer has an element for.
    @inline(__always)
    func put<T: TupleEncodable>(_ value: T, _ key: Key) throws {
        try field(key)
        value.encode(to: &encoding.writer)
    }

    /// Writes a field wider than 64 bits.
    func wide<I: BinaryInteger>(_ value: I, _ key: Key) throws {
        try field(key)
        try wide(value)
    }

    mutating func encodeNil(forKey key: Key) throws { try put(TupleNull(), key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: String, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int128, forKey key: Key) throws { try wide(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt128, forKey key: Key) throws { try wide(value, key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try field(key)
        try self.value(value, key: key)
    }

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
        guard let value else { return try encodeNil(forKey: key) }
        if isNilOptional(value) { throw someNilError(value, codingPath + [key]) }
        try encode(value, forKey: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        _ = try? field(key)  // if it failed, so does the nested container's first write
        return nested(keyedBy: keyType, key: key, layout: named ? .named : .positional)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        _ = try? field(key)
        return nestedUnkeyed(key: key)
    }
    mutating func superEncoder() -> any Encoder { superField(TupleSuperKey()) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superField(key) }

    func superField(_ key: some CodingKey) -> any Encoder {
        _ = try? field(key)
        return superEncoder(key: key, layout: named ? .named : .positional)
    }
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
        return nested(keyedBy: keyType, key: TupleIndexKey(count), layout: .positional)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        defer { count += 1 }
        return nestedUnkeyed(key: TupleIndexKey(count))
    }
    mutating func superEncoder() -> any Encoder {
        defer { count += 1 }
        return superEncoder(key: TupleIndexKey(count), layout: .positional)
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
        // `Optional.some(nil)`: the wrapped nil would be the same null as the outer one.
        if encoding.valueIsOptional && isNilOptional(value) { throw someNilError(value, codingPath) }
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
    /// The layout of its keyed containers: that of the container it came from.
    let layout: TupleLayout
    var userInfo: [CodingUserInfoKey: Any] { encoding.userInfo }

    func container<K: CodingKey>(keyedBy type: K.Type) -> KeyedEncodingContainer<K> {
        encoding.keyedContainer(in: frame, layout: layout, codingPath: codingPath)
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
