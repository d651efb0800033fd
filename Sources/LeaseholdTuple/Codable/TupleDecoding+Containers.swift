import LeaseholdCore
// The containers of ``TupleDecoding``: keyed and unkeyed both walk a region with a
// ``TupleCursor``; the single-value one reads its slot's element.

/// Walks the elements of one region in order, for a keyed or unkeyed container.
final class TupleCursor {
    let decoding: TupleDecoding
    /// The tuple this cursor reads: its own copy of the decoding's, so a container kept past its
    /// record (by an `init(from:)` that stores it) still reads that record's bytes, never the
    /// next record's with this record's positions.
    @exclusivity(unchecked) var key: Key
    @exclusivity(unchecked) var region: TupleRegion
    /// The nesting depth of the container (0: the top-level tuple).
    @exclusivity(unchecked) var depth: Int
    @exclusivity(unchecked) var codingPath: [any CodingKey]
    /// Where the next element starts, and how many were read.
    @exclusivity(unchecked) var position: Int
    @exclusivity(unchecked) var index = 0
    /// A positional keyed container's field tags (``readTags()``): where they are in the key,
    /// the index of its first field, and its first eight tags, first in the low byte.
    @exclusivity(unchecked) var tags: Range<Int> = 0 ..< 0
    @exclusivity(unchecked) var first = 0
    @exclusivity(unchecked) var head: UInt64 = 0

    init(decoding: TupleDecoding, region: TupleRegion, depth: Int, codingPath: [any CodingKey]) {
        self.decoding = decoding
        self.key = decoding.key
        self.region = region
        self.depth = depth
        self.codingPath = codingPath
        position = region.range.lowerBound
    }

    /// Points this cursor at the start of `region` again (a reused decoding's next record).
    func reset(region: TupleRegion, depth: Int, codingPath: [any CodingKey]) {
        key = decoding.key
        self.region = region
        self.depth = depth
        self.codingPath = codingPath
        position = region.range.lowerBound
        index = 0
    }

    var isAtEnd: Bool { position >= region.range.upperBound }

    /// The next element, without moving past it; `nil` at the end.
    func peek() throws -> Key.Element? {
        guard !isAtEnd else { return nil }
        let position = position, nested = region.nested
        return try key.withBuffer { (buffer) throws(LeaseholdError) in try TupleScanner.element(in: buffer, at: position, nested: nested) }
    }

    /// The next element, moved past; throws `TupleMalformation/missingElement(index:)` at the end.
    func required() throws -> Key.Element {
        guard let element = try peek() else { try TupleScanner.fail(region.range.upperBound, .missingElement(index: index)) }
        position = element.range.upperBound
        index += 1
        return element
    }

    // The reads translate errors in a plain do/catch, not through a closure, and take keys
    // as they are, not as `Optional<K>` (whose metadata an unspecialized caller looks up on
    // every call): the happy path then costs nothing (measured: ~20 ns a field otherwise).

    /// The next element decoded as `T`, read for the field `key` (`keyed`) or as element
    /// `key` of an unkeyed container; errors name it.
    @inline(__always)
    func primitive<T: TupleDecodable, K: CodingKey>(_ type: T.Type, key codingKey: K, keyed: Bool) throws -> T {
        do { return try next(T.self) } catch { throw translated(error, T.self, codingKey, keyed) }
    }

    /// The next element decoded as `T` and moved past, found and decoded under one borrow of the
    /// bytes (as a hand-written `Key.decode` reads); throws what ``required()`` and `T.decode`
    /// throw, unchanged.
    @inline(__always)
    func next<T: TupleDecodable>(_ type: T.Type) throws(LeaseholdError) -> T {
        let start = position, end = region.range.upperBound, nested = region.nested
        guard start < end else { try TupleScanner.fail(end, .missingElement(index: index)) }
        let key = key
        // One closure that does not throw (the error comes out beside the value), not
        // ``Key/withBuffer(_:)``'s two: the hottest read of a record.
        var failure: LeaseholdError?
        let read = key.bytes.withUnsafeBytes { (buffer) -> (T, Int)? in
            do throws(LeaseholdError) {
                let element = try TupleScanner.element(in: buffer, at: start, nested: nested)
                return (try T._decode(element, in: key, buffer: buffer), element.range.upperBound)
            } catch {
                failure = error
                return nil
            }
        }
        guard let (value, after) = read else { throw failure! }  // nil only with a failure
        position = after
        index += 1
        return value
    }

    /// The next element decoded as `T` (an unkeyed container's).
    @inline(__always)
    func primitive<T: TupleDecodable>(_ type: T.Type) throws -> T { try primitive(type, key: TupleIndexKey(index), keyed: false) }

    /// The next element as a fixed-width integer wider than 64 bits.
    func wide<I: FixedWidthInteger, K: CodingKey>(_ type: I.Type, key codingKey: K, keyed: Bool) throws -> I {
        do { return try decoding.decodeInteger(I.self, required(), in: key) } catch { throw translated(error, I.self, codingKey, keyed) }
    }

    /// The next element as a wide integer (an unkeyed container's).
    func wide<I: FixedWidthInteger>(_ type: I.Type) throws -> I { try wide(type, key: TupleIndexKey(index), keyed: false) }

    /// The next element decoded as any `Decodable` (a composite one through its `init(from:)`).
    func value<T: Decodable, K: CodingKey>(_ type: T.Type, key codingKey: K, keyed: Bool) throws -> T {
        let element: Key.Element
        do { element = try required() } catch { throw translated(error, T.self, codingKey, keyed) }
        return try decoding.decodeValue(T.self, at: element, of: key, depth: depth, in: codingPath, key: codingKey)
    }

    /// `error` as the `DecodingError` for a `type` at `codingKey`: a missing field is
    /// `keyNotFound`, a missing element `valueNotFound`.
    func translated<K: CodingKey>(_ error: any Error, _ type: Any.Type, _ codingKey: K, _ keyed: Bool) -> any Error {
        guard let error = error as? LeaseholdError else { return error }
        return TupleDecoding.decodingError(error, type, path(codingKey), keyed ? codingKey : nil)
    }

    /// `nil` (moving past a null element, or at the end), or what `decode` reads.
    func optional<T>(_ decode: () throws -> T) throws -> T? {
        guard let next = try peek() else { return nil }
        if next.code == TupleCode.null {
            position = next.range.upperBound
            index += 1
            return nil
        }
        return try decode()
    }

    /// Whether the next element is null (moving past it if so); `true` at the end.
    func decodeNil() throws -> Bool {
        try optional { () } == nil
    }

    /// A cursor over the next element, which must be a nested tuple.
    func nestedCursor(key codingKey: (any CodingKey)?, container: @autoclosure () -> Any.Type) throws -> TupleCursor {
        let element = try TupleDecoding.translating(container(), path(codingKey)) { try required() }
        return try cursor(into: element, key: codingKey, container: container())
    }

    /// A cursor over `element` of this cursor's region, which must be a nested tuple.
    func cursor(into element: Key.Element, key codingKey: (any CodingKey)?, container: @autoclosure () -> Any.Type) throws -> TupleCursor {
        let region = try TupleDecoding.translating(container(), path(codingKey)) { try decoding.nestedRegion(element, depth: depth) }
        return TupleCursor(decoding: decoding, region: region, depth: depth + 1, codingPath: path(codingKey))
    }

    /// A decoder whose top level is the next element, a nested tuple (as `superEncoder` wrote),
    /// with keyed containers of `layout`.
    func superDecoder(key codingKey: (any CodingKey)?, layout: TupleLayout) throws -> any Decoder {
        let element = try TupleDecoding.translating([String: Any].self, path(codingKey)) { try required() }
        return try superDecoder(at: element, key: codingKey, layout: layout)
    }

    /// A decoder whose top level is `element`, a nested tuple of this cursor's region.
    func superDecoder(at element: Key.Element, key codingKey: (any CodingKey)?, layout: TupleLayout) throws -> any Decoder {
        let region = try TupleDecoding.translating([String: Any].self, path(codingKey)) { try decoding.nestedRegion(element, depth: depth) }
        return TupleDecoding(key: key, slot: .region(region, depth: depth + 1), userInfo: decoding.userInfoValues, codingPath: path(codingKey), layout: layout)
    }

    func path(_ key: (any CodingKey)?) -> [any CodingKey] { key.map { codingPath + [$0] } ?? codingPath }
}

struct UnkeyedTupleDecodingContainer: UnkeyedDecodingContainer {
    let cursor: TupleCursor
    var codingPath: [any CodingKey] { cursor.codingPath }
    var isAtEnd: Bool { cursor.isAtEnd }
    var currentIndex: Int { cursor.index }

    /// The number of elements (found by walking them; `nil` if they are malformed).
    var count: Int? {
        let region = cursor.region
        return try? cursor.key.withBuffer { (buffer) throws(LeaseholdError) -> Int in
            var position = region.range.lowerBound, n = 0
            while position < region.range.upperBound {
                position = try TupleScanner.element(in: buffer, at: position, nested: region.nested).range.upperBound
                n += 1
            }
            return n
        }
    }

    mutating func decodeNil() throws -> Bool { try cursor.decodeNil() }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try cursor.primitive(type) }
    mutating func decode(_ type: String.Type) throws -> String { try cursor.primitive(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try cursor.primitive(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try cursor.primitive(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try cursor.primitive(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try cursor.primitive(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try cursor.primitive(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try cursor.primitive(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try cursor.primitive(type) }
    mutating func decode(_ type: Int128.Type) throws -> Int128 { try cursor.wide(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try cursor.primitive(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try cursor.primitive(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try cursor.primitive(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try cursor.primitive(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try cursor.primitive(type) }
    mutating func decode(_ type: UInt128.Type) throws -> UInt128 { try cursor.wide(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try cursor.value(type, key: TupleIndexKey(cursor.index), keyed: false) }

    mutating func decodeIfPresent<T: Decodable>(_ type: T.Type) throws -> T? {
        try cursor.optional { try cursor.value(type, key: TupleIndexKey(cursor.index), keyed: false) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try TupleDecoding.keyedContainer(cursor.nestedCursor(key: TupleIndexKey(cursor.index), container: [String: Any].self), layout: .positional)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        UnkeyedTupleDecodingContainer(cursor: try cursor.nestedCursor(key: TupleIndexKey(cursor.index), container: [Any].self))
    }
    mutating func superDecoder() throws -> any Decoder { try cursor.superDecoder(key: TupleIndexKey(cursor.index), layout: .positional) }
}

struct SingleValueTupleDecodingContainer: SingleValueDecodingContainer {
    let decoding: TupleDecoding
    /// The tuple the slot lies in (the decoding's when the container was made).
    let key: Key
    /// The slot of the value that asked for this container: a composite read through it takes
    /// that slot (a wrapper is transparent).
    let slot: TupleDecoding.Slot
    let codingPath: [any CodingKey]

    /// The element the value is: the slot's, or a region's first.
    func element() throws -> Key.Element {
        switch slot {
        case .element(let element, _): return element
        case .region(let region, let depth):
            let cursor = TupleCursor(decoding: decoding, region: region, depth: depth, codingPath: codingPath)
            cursor.key = key
            return try cursor.required()
        }
    }

    /// The element decoded as `T` (as ``TupleCursor/primitive(_:key:)`` reads the next one).
    func primitive<T: TupleDecodable>(_ type: T.Type) throws -> T {
        try TupleDecoding.translating(T.self, codingPath) { try T.decode(element(), in: key) }
    }

    /// The element as a fixed-width integer wider than 64 bits (as ``TupleCursor/wide(_:key:)``).
    func wide<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        try TupleDecoding.translating(I.self, codingPath) { try decoding.decodeInteger(I.self, element(), in: key) }
    }

    func decodeNil() -> Bool {
        switch slot {
        case .element(let element, _): return element.code == TupleCode.null
        case .region(let region, let depth):
            let cursor = TupleCursor(decoding: decoding, region: region, depth: depth, codingPath: codingPath)
            cursor.key = key
            return (try? cursor.peek()).map { $0 == nil || $0!.code == TupleCode.null } ?? false
        }
    }

    func decode(_ type: Bool.Type) throws -> Bool { try primitive(type) }
    func decode(_ type: String.Type) throws -> String { try primitive(type) }
    func decode(_ type: Double.Type) throws -> Double { try primitive(type) }
    func decode(_ type: Float.Type) throws -> Float { try primitive(type) }
    func decode(_ type: Int.Type) throws -> Int { try primitive(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try primitive(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try primitive(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try primitive(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try primitive(type) }
    func decode(_ type: Int128.Type) throws -> Int128 { try wide(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try primitive(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try primitive(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try primitive(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try primitive(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try primitive(type) }
    func decode(_ type: UInt128.Type) throws -> UInt128 { try wide(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let saved = (decoding.slot, decoding.key)
        decoding.slot = slot
        decoding.key = key
        defer { (decoding.slot, decoding.key) = saved }
        return try decoding.decodeValue(T.self)
    }
}
