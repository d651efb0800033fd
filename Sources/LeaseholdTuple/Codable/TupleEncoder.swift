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
/// // ('alice', 42, None)
/// ```
///
/// The mapping:
/// - a struct (a keyed container) is its fields in the order they are encoded — declaration
///   order for synthesized conformances — with no field names; at the top level they are the
///   tuple's elements, inside another value a nested tuple;
/// - an array or other unkeyed container is a nested tuple of its elements;
/// - `nil` is null (`encodeIfPresent` writes a null too, so every field keeps its position);
/// - integers are integers (`Int128`, `UInt128`, `BigInt` and `BigUInt` of any size the format
///   allows), `Float` and `Double` are floats and doubles, `Bool` is a boolean, `String` a string;
/// - `Data`, `[UInt8]` and `Bytes` are byte strings; `UUID` is a UUID element; ``Key`` is a
///   nested tuple of its elements;
/// - `Date` is a double: seconds since 2001-01-01 00:00:00 UTC (`timeIntervalSinceReferenceDate`,
///   the value `Date` holds, so it round-trips bit for bit; add 978,307,200 for Unix time);
/// - a value that encodes through a single-value container (a wrapper, a raw-value enum) is
///   the one element it writes.
///
/// Not supported, with an `EncodingError`: dictionaries and enums with associated values (their
/// decoding needs the keys a tuple does not store), integers beyond 255 bytes, nesting deeper
/// than ``Key/maximumNestingDepth``, and nested containers written out of order (a tuple is
/// written front to back: finish a nested container before its parent writes again).
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
    func write<T: Encodable>(_ value: T, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let encoding = TupleEncoding(writer: TupleWriter(into: buffer), userInfo: userInfo)
        try encoding.encodeValue(value, as: .topLevel, in: 0)
        try encoding.closeFrames(downTo: 0)
        return encoding.writer.count
    }
}
