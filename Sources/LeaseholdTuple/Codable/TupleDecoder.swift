#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

import LeaseholdCore
/// Decodes `Decodable` values from tuples that ``TupleEncoder`` wrote (or any tuple of the
/// same shape), reading straight from the bytes it is given.
///
/// ```swift
/// let user = try TupleDecoder().decode(User.self, from: bytes)
/// ```
///
/// Nothing is copied first: the elements are found in place, one at a time, as the type's
/// `init(from:)` asks for them. A `Bytes` field is a view on the same bytes (on a value read
/// from a store: on the engine's memory, under its lease, copied only if kept past it); a
/// ``Key`` field is a view too; strings, `Data` and arrays are made from the bytes, as they
/// must be.
///
/// Fields are read in the order `init(from:)` asks for them — declaration order for synthesized
/// conformances — by position, never by name. An optional field past the end of the tuple is
/// `nil`, so a record written before an optional field was appended still decodes; elements
/// after the last field are ignored. The keyed containers cannot list their keys (`allKeys` is
/// empty), so dictionaries and enums with associated values do not decode.
///
/// Errors are `LeaseholdError/malformedTuple(offset:reason:)` with the byte offset of the
/// element at fault: `TupleMalformation/unexpectedType(expected:found:)` for a field of
/// another type, `TupleMalformation/missingElement(index:)` for a record too short,
/// `TupleMalformation/integerOverflow` for an integer too large for its field,
/// `TupleMalformation/nestedTooDeeply(limit:)` beyond ``Key/maximumNestingDepth``, and every
/// malformation of the bytes themselves.
public struct TupleDecoder {
    /// Values handed to every `init(from:)` through `Decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// A decoder with no user info.
    public init() {}

    /// Decodes a `T` from the tuple `key`.
    ///
    /// - warning: `Bytes` and ``Key`` fields of the result share `key`'s storage; lent bytes
    ///   are copied only if their lease ends while the result still holds them.
    public func decode<T: Decodable>(_ type: T.Type, from key: Key) throws -> T {
        let decoding = TupleDecoding(key: key, slot: .region(TupleRegion(key.bytes.count), depth: 0), userInfo: userInfo)
        return try decoding.decodeValue(T.self)
    }

    /// Decodes a `T` from the tuple whose packed bytes are `bytes` (lent or owned).
    public func decode<T: Decodable>(_ type: T.Type, from bytes: Bytes) throws -> T {
        try decode(type, from: Key(packed: bytes))
    }

    /// Decodes a `T` from the tuple whose packed bytes are `bytes` (copied once).
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try decode(type, from: Key(packed: bytes))
    }
}

/// A run of elements: a whole top-level tuple, or the body of a nested one.
struct TupleRegion {
    /// Where the elements are in the key.
    let range: Range<Int>
    /// Whether this is a nested tuple's body (a null child is written `00 ff`).
    let nested: Bool

    /// A whole top-level tuple of `count` bytes.
    init(_ count: Int) {
        range = 0 ..< count
        nested = false
    }

    /// The body of the nested-tuple element `element`.
    init(body element: Key.Element) {
        range = element.body
        nested = true
    }
}
