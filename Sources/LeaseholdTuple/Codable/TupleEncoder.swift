#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

import LeaseholdCore
/// Encodes `Encodable` values as tuples, so a record can be stored as a value that any
/// FoundationDB tuple tool reads and that ``TupleDecoder`` decodes straight from leased bytes.
///
/// ```swift
/// struct User: Codable { var name: String; var age: Int; var email: String? }
/// let bytes = try TupleEncoder().encode(User(name: "alice", age: 42, email: nil))
/// // (b'\x6c\x54\x2e', 'alice', 42, None): the field tags, then the fields
/// ```
///
/// Every value `Codable` accepts either reads back equal through ``TupleDecoder`` or throws an
/// `EncodingError` naming its coding path here, before a byte is written (so `put` leaves the
/// store unchanged). The mapping:
/// - a struct or class (a keyed container) is positional: a byte string of *field tags*, one
///   byte per field in encode order (a hash of the field's name, 1...255: two names share a tag
///   once in 255), then the fields' values in that order, without names. Field *i* is tuple
///   element *i + 1*. At the top level they are the tuple's elements, inside another value a
///   nested tuple. A superclass (`superEncoder()`) is a nested record under the field `super`;
/// - an enum or a dictionary (a keyed container whose keys are the data) stores its keys:
///   alternating key and value elements, a key being its string, or an integer for a
///   dictionary's `Int` keys. `Status.open` is `('open', ())`, `Status.shipped(d)` is
///   `('shipped', ('_0', d))`, `["a": 1]` is `('a', 1)`, `[7: "x"]` is `(7, 'x')`;
/// - an array, a set or another unkeyed container (a dictionary with keys other than `String`
///   and `Int`) is a nested tuple of its elements;
/// - `nil` is null (`encodeIfPresent` writes a null too, so every field keeps its position).
///   `Optional.some(nil)` would be a null as well and read back as `nil`: it throws
///   `EncodingError.invalidValue`;
/// - integers are integers (`Int128`, `UInt128`, `BigInt` and `BigUInt` of any size the format
///   allows), `Float` and `Double` are floats and doubles, `Bool` is a boolean, `String` a string;
/// - `Data`, `[UInt8]` and `Bytes` are byte strings; `UUID` is a UUID element; ``Key`` is a
///   nested tuple of its elements;
/// - `Date` is a double: seconds since 2001-01-01 00:00:00 UTC (`timeIntervalSinceReferenceDate`,
///   the value `Date` holds, so it round-trips bit for bit; add 978,307,200 for Unix time);
/// - a value that encodes through a single-value container (a wrapper, a raw-value enum) is
///   the one element it writes.
///
/// Also an `EncodingError`: integers beyond 255 bytes, nesting deeper than
/// ``Key/maximumNestingDepth``, and nested containers written out of order (a tuple is written
/// front to back: finish a nested container before its parent writes again).
///
/// A container's layout follows the type whose `encode(to:)` asks for it. A type that hands its
/// `Encoder` straight to another type's `encode(to:)` lends it its own layout: do that only
/// between types of the same kind (struct to struct), or go through `singleValueContainer()`.
///
/// ## Schema evolution
///
/// Old records survive appended optional fields (read as `nil`), removed trailing fields
/// (ignored) and added enum cases. Reordered, renamed or retyped fields and a removed middle
/// field are caught by the field tags and element types: ``TupleDecoder`` throws a
/// `DecodingError` naming the field, never returns a wrong value (but for a tag collision, 1 in
/// 255 per position). Migrate anything else by reading the old type and writing the new one. See
/// the article *Records and Schema Evolution* in the LeaseholdCore documentation.
public struct TupleEncoder {
    /// Values handed to every `encode(to:)` through `Encoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// An encoder with no user info.
    public init() {}

    /// The tuple of `value`, as owned bytes in one allocation.
    public func encode<T: Encodable>(_ value: T) throws -> Bytes {
        try withEncoding(of: value) { Bytes(copying: $0) }
    }

    /// The tuple of `value`, as a ``Key`` (a record's bytes are a tuple, so `key[i, as:]` reads
    /// one field of it without decoding the others).
    public func encodeKey<T: Encodable>(_ value: T) throws -> Key {
        Key(packed: try encode(value))
    }

    /// Encodes `value` into a temporary buffer and calls `body` with it: no allocation for the
    /// bytes of a tuple up to 1 KiB (the way `put` stores a record).
    ///
    /// - warning: The buffer is valid only inside `body`.
    @inlinable  // specialized for the caller's `R`: unspecialized, each call looked up `Result<R, Error>`'s metadata (~670 instructions)
    public func withEncoding<T: Encodable, R>(of value: T, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        try withUnsafeTemporaryAllocation(byteCount: 1024, alignment: 8) { scratch in
            let first = try write(value, into: scratch)
            if first <= scratch.count { return try body(UnsafeRawBufferPointer(rebasing: scratch[..<first])) }
            // Too large for the scratch: the first pass measured it; write it again, sized.
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: first, alignment: 8)
            defer { buffer.deallocate() }
            let second = try write(value, into: buffer)
            guard second == first else {
                throw EncodingError.invalidValue(value, EncodingError.Context(
                    codingPath: [], debugDescription: "encode(to:) wrote \(second) bytes, then \(first): it must write the same every time"))
            }
            return try body(UnsafeRawBufferPointer(buffer))
        }
    }

    /// Encodes `value` into `buffer`; returns the encoding's full size (which may exceed the
    /// buffer: then only the size is right).
    @usableFromInline
    func write<T: Encodable>(_ value: T, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        // This thread's reused encoding: no encoder object or frame list to allocate per value.
        let encoding = TupleEncoding.forThisThread() ?? TupleEncoding(writer: TupleWriter(into: buffer), userInfo: userInfo)
        return try encoding.encodeTopLevel(value, into: buffer, userInfo: userInfo)
    }
}
