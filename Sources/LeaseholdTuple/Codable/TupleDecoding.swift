#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BigInt

import LeaseholdCore
/// The `Decoder` behind ``TupleDecoder``: reads elements of one key in place, one at a time.
///
/// The value being decoded sits in a *slot*: a region (the whole tuple, or the nested tuple a
/// super decoder hands out), whose elements its containers read; or one element, which must be a
/// nested tuple for a keyed or unkeyed container and is the value itself for a single-value one.
/// Every read borrows the key's bytes for just that read, so no pointer outlives a call.
///
/// One decoding runs on one thread and hands out no references to its state, so its fields (and
/// its cursors') skip run-time exclusivity checks.
final class TupleDecoding: Decoder {
    /// Where the value's elements are, and how deeply nested its containers would be.
    enum Slot {
        case region(TupleRegion, depth: Int)
        case element(Key.Element, depth: Int)
    }

    /// The tuple being read (a scan's reused decoding points it at each record in turn).
    @exclusivity(unchecked) var key: Key
    @exclusivity(unchecked) var slot: Slot
    /// The top-level cursor kept for the next record when this decoding is reused across a scan
    /// (``TupleRecordDecoding``, which breaks the cycle through `decoding` when it ends); `nil`
    /// otherwise.
    @exclusivity(unchecked) var spareCursor: TupleCursor?
    @exclusivity(unchecked) var keepsSpareCursor = false
    /// The top-level keyed container kept for the next record when this decoding is reused (a
    /// `KeyedDecodingContainer` is one reference to its box: kept as that reference), the type of
    /// its keys and its cursor: a record of the same type then reuses it, with no box to allocate
    /// and no generic metadata to look up (``reusableContainer(_:region:depth:)``).
    @exclusivity(unchecked) var reusedBox: AnyObject?
    @exclusivity(unchecked) var reusedBoxKeys: ObjectIdentifier?
    @exclusivity(unchecked) var reusedBoxCursor: TupleCursor?
    @exclusivity(unchecked) var userInfoValues: [CodingUserInfoKey: any Sendable]
    @exclusivity(unchecked) var codingPath: [any CodingKey] = []
    /// The layout of the current value's keyed containers (``TupleLayout``).
    @exclusivity(unchecked) var layout: TupleLayout
    var userInfo: [CodingUserInfoKey: Any] { userInfoValues }

    init(key: Key, slot: Slot, userInfo: [CodingUserInfoKey: any Sendable], codingPath: [any CodingKey] = [], layout: TupleLayout = .positional) {
        self.key = key
        self.slot = slot
        self.userInfoValues = userInfo
        self.codingPath = codingPath
        self.layout = layout
    }

    // MARK: Decoder

    func container<K: CodingKey>(keyedBy type: K.Type) throws -> KeyedDecodingContainer<K> {
        if keepsSpareCursor, layout == .positional, case .region(let region, let depth) = slot {
            return try reusableContainer(K.self, region: region, depth: depth)
        }
        let cursor: TupleCursor
        do { cursor = try compositeCursor() } catch let error as LeaseholdError {
            throw TupleDecoding.decodingError(error, [String: Any].self, codingPath, nil)
        }
        return try TupleDecoding.keyedContainer(cursor, layout: layout)
    }

    /// A reused decoding's positional container over `region`: the one kept from an earlier
    /// record when its keys are `K`'s and nothing else holds it (no container of an earlier record
    /// is still in use), else a new one, kept for the next record.
    func reusableContainer<K: CodingKey>(_ type: K.Type, region: TupleRegion, depth: Int) throws -> KeyedDecodingContainer<K> {
        if reusedBoxKeys == ObjectIdentifier(K.self), isKnownUniquelyReferenced(&reusedBox), let box = reusedBox, let cursor = reusedBoxCursor {
            cursor.reset(region: region, depth: depth, codingPath: codingPath)
            try cursor.readTags()
            return unsafeBitCast(box, to: KeyedDecodingContainer<K>.self)
        }
        let cursor = TupleCursor(decoding: self, region: region, depth: depth, codingPath: codingPath)
        let container = KeyedDecodingContainer(try KeyedTupleDecodingContainer<K>(cursor: cursor))
        if TupleDecoding.containerIsOneReference {
            reusedBox = unsafeBitCast(container, to: AnyObject.self)
            reusedBoxKeys = ObjectIdentifier(K.self)
            reusedBoxCursor = cursor
        }
        return container
    }

    /// Lets go of the record the kept cursors read, unless a container still in use holds them
    /// (then it keeps reading its own record, whose bytes it holds under their lease).
    func releaseSpareKeys() {
        if isKnownUniquelyReferenced(&reusedBox) { reusedBoxCursor?.key = Key() }
        if isKnownUniquelyReferenced(&spareCursor) { spareCursor?.key = Key() }
    }

    /// Whether a `KeyedDecodingContainer` is exactly one reference, to its box (checked once, by
    /// reflection, on the standard library this runs with): only then is a container kept as
    /// that reference.
    static let containerIsOneReference: Bool = {
        let decoding = TupleDecoding(key: Key(), slot: .region(TupleRegion(0), depth: 0), userInfo: [:])
        let cursor = TupleCursor(decoding: decoding, region: TupleRegion(0), depth: 0, codingPath: [])
        guard let probe = try? KeyedDecodingContainer(KeyedTupleDecodingContainer<TupleSuperKey>(cursor: cursor)),
              MemoryLayout.size(ofValue: probe) == MemoryLayout<AnyObject>.size else { return false }
        let children = Array(Mirror(reflecting: probe).children)
        guard children.count == 1, type(of: children[0].value) is AnyClass else { return false }
        return (children[0].value as AnyObject) === unsafeBitCast(probe, to: AnyObject.self)
    }()

    /// The keyed container of `layout` over `cursor`'s elements.
    static func keyedContainer<K: CodingKey>(_ cursor: TupleCursor, layout: TupleLayout) throws -> KeyedDecodingContainer<K> {
        switch layout {
        case .positional: return KeyedDecodingContainer(try KeyedTupleDecodingContainer<K>(cursor: cursor))
        case .named: return KeyedDecodingContainer(try NamedTupleDecodingContainer<K>(cursor: cursor))
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        UnkeyedTupleDecodingContainer(cursor: try TupleDecoding.translating([Any].self, codingPath) { try compositeCursor() })
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueTupleDecodingContainer(decoding: self, key: key, slot: slot, codingPath: codingPath)
    }

    /// A cursor over the elements of the current value's keyed or unkeyed container.
    func compositeCursor() throws -> TupleCursor {
        switch slot {
        case .region(let region, let depth):
            guard keepsSpareCursor else { return TupleCursor(decoding: self, region: region, depth: depth, codingPath: codingPath) }
            // Reused only when no container of an earlier record still holds it.
            if isKnownUniquelyReferenced(&spareCursor), let spare = spareCursor {
                spare.reset(region: region, depth: depth, codingPath: codingPath)
                return spare
            }
            let cursor = TupleCursor(decoding: self, region: region, depth: depth, codingPath: codingPath)
            spareCursor = cursor
            return cursor
        case .element(let element, let depth):
            return TupleCursor(decoding: self, region: try nestedRegion(element, depth: depth), depth: depth + 1, codingPath: codingPath)
        }
    }

    /// The body of `element`, which must be a nested tuple no deeper than the limit.
    func nestedRegion(_ element: Key.Element, depth: Int) throws -> TupleRegion {
        try element.expect(.tuple, element.code == TupleCode.nested)
        if depth >= Key.maximumNestingDepth {
            try TupleScanner.fail(element.range.lowerBound, .nestedTooDeeply(limit: Key.maximumNestingDepth))
        }
        return TupleRegion(body: element)
    }

    // MARK: Values

    /// Decodes a `T` from the current slot.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            // Asked first, by metadata compares: the special paths return a `T?`, whose metadata
            // an unspecialized caller would otherwise look up for every value (~320 instructions).
            if TupleDecoding.isSpecial(T.self) { return try decodeSpecialSlot(T.self) }
            return try decodeComposite(T.self)
        } catch let error as LeaseholdError {
            throw TupleDecoding.decodingError(error, T.self, codingPath, nil)
        }
    }

    /// Decodes a `T` from `element` of `bytes`, the field or element `key` of a container at
    /// `depth` whose coding path is `path`.
    func decodeValue<T: Decodable>(_ type: T.Type, at element: Key.Element, of bytes: Key, depth: Int, in path: [any CodingKey], key: any CodingKey) throws -> T {
        let saved = (slot, codingPath.count, self.key)
        self.key = bytes
        // A nested container's path is longer than the value's own: errors below name it.
        let outer: [any CodingKey]? = path.count == codingPath.count ? nil : codingPath
        if outer != nil { codingPath = path }
        let count = codingPath.count
        slot = .element(element, depth: depth)
        codingPath.append(key)
        defer {
            slot = saved.0
            self.key = saved.2
            if let outer { codingPath = outer } else { codingPath.removeLast(codingPath.count - count) }
        }
        return try decodeValue(T.self)
    }

    /// The special type `T` (``isSpecial(_:)``) from the current slot: its element, or a region's
    /// first (a top-level `Data`, say).
    @inline(never)
    func decodeSpecialSlot<T: Decodable>(_ type: T.Type) throws -> T {
        let special: T?
        switch slot {
        case .element(let element, _): special = try decodeSpecial(T.self, element)
        case .region(let region, _): special = try decodeSpecialFirst(T.self, region)
        }
        return try special ?? decodeComposite(T.self)
    }

    /// A `T` through its own `init(from:)`, its keyed containers in `T`'s layout.
    @inline(__always)
    func decodeComposite<T: Decodable>(_ type: T.Type) throws -> T {
        let saved = layout
        layout = TupleLayout.of(T.self)
        defer { layout = saved }
        return try T(from: self)
    }

    /// A special type as the first element of `region` (a top-level `Data`, say), or `nil`.
    func decodeSpecialFirst<T: Decodable>(_ type: T.Type, _ region: TupleRegion) throws -> T? {
        guard TupleDecoding.isSpecial(T.self) else { return nil }
        let cursor = TupleCursor(decoding: self, region: region, depth: 0, codingPath: codingPath)
        return try decodeSpecial(T.self, try cursor.required())
    }

    /// Whether `T` has an element type of its own (decoded without `init(from:)`).
    static func isSpecial<T>(_ type: T.Type) -> Bool {
        T.self == Data.self || T.self == [UInt8].self || T.self == Bytes.self || T.self == UUID.self
            || T.self == Date.self || T.self == Key.self || T.self == BigInt.self || T.self == BigUInt.self
    }

    /// Decodes the types the tuple layer has an element for; `nil` for any other type.
    func decodeSpecial<T: Decodable>(_ type: T.Type, _ element: Key.Element) throws -> T? {
        if T.self == Bytes.self { return exactly(try Bytes.decode(element, in: key), T.self) }
        if T.self == [UInt8].self { return exactly(try [UInt8].decode(element, in: key), T.self) }
        if T.self == Data.self {
            try element.expect(.bytes, element.code == TupleCode.bytes || element.code == TupleCode.string)
            return exactly(key.bytes.withUnsafeBytes { Data(element.unescapedBody(in: $0)) }, T.self)
        }
        if T.self == UUID.self { return exactly(try UUID.decode(element, in: key), T.self) }
        if T.self == Date.self { return exactly(Date(timeIntervalSinceReferenceDate: try Double.decode(element, in: key)), T.self) }
        if T.self == Key.self { return exactly(try Key.decode(element, in: key), T.self) }
        if T.self == BigInt.self { return exactly(try BigInt.decode(element, in: key), T.self) }
        if T.self == BigUInt.self { return exactly(try BigUInt.decode(element, in: key), T.self) }
        return nil
    }

    /// Decodes a fixed-width integer of any width from `element` (through `BigInt` when wider
    /// than 64 bits), or throws `TupleMalformation/integerOverflow`.
    func decodeInteger<I: FixedWidthInteger>(_ type: I.Type, _ element: Key.Element, in key: Key) throws -> I {
        guard let value = I(exactly: try BigInt.decode(element, in: key)) else {
            try TupleScanner.fail(element.range.lowerBound, .integerOverflow)
        }
        return value
    }
}
