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
/// A struct's or class's fields are read in the order `init(from:)` asks for them — declaration
/// order for synthesized conformances — by position, and each is checked against the field tag
/// stored at its position (see ``TupleEncoder``). An enum's or dictionary's keyed container
/// lists its stored keys (`allKeys`), answers `contains` and looks values up by key.
///
/// ## Schema evolution
///
/// What old records survive:
/// - an optional field appended to the type: past the stored fields it is `nil`
///   (`decodeIfPresent`); a required one is `keyNotFound`;
/// - trailing fields removed from the type: stored fields past the reader's last are ignored;
/// - enum cases added: stored cases are found by name.
///
/// What is detected, never read as a wrong value:
/// - a field reordered, renamed, or a field before it removed: `DecodingError.dataCorrupted`
///   naming the field ("field 'email' is stored at position 2 under another name (tag 0x…,
///   'email' is 0x…): fields were reordered or renamed; see Schema evolution"). Two names share
///   a tag once in 255, so a change at one position slips past the tags with that chance (the
///   element type still catches most);
/// - a field retyped: `DecodingError.typeMismatch` with the expected type, the type code found
///   and the byte offset; null for a non-optional: `valueNotFound`; an integer too large for
///   its field: `dataCorrupted`;
/// - an enum case the reader does not know: `DecodingError`.
///
/// To migrate, read with the old type and write the new one (or keep a version field, or make
/// the record an enum of its versions, whose cases are stored by name).
///
/// ## Errors
///
/// `DecodingError`s, as `JSONDecoder` throws them, with the coding path through nested records,
/// arrays (`Index 2`), dictionaries and enum payloads — `[items, Index 2, price]` — and the
/// `LeaseholdError` underneath as `underlyingError`. Only bytes that are not a well-formed tuple
/// are `LeaseholdError/malformedTuple(offset:reason:)`, with the byte offset; and so is
/// `TupleMalformation/nestedTooDeeply(limit:)` beyond ``Key/maximumNestingDepth``.
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
        // This thread's reused decoding: no allocation of the decoder's own per value.
        if let records = TupleRecordDecoding.forThisThread() {
            return try records.decode(T.self, from: key, userInfo: userInfo)
        }
        let decoding = TupleDecoding(key: key, slot: .region(TupleRegion(key.bytes.count), depth: 0), userInfo: userInfo, layout: TupleLayout.of(T.self))
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

    /// Decodes a `T` from an owned copy (a change feed's value, say; copied once).
    public func decode<T: Decodable>(_ type: T.Type, from bytes: OwnedBytes) throws -> T {
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
