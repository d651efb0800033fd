#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

import LeaseholdCore
/// A value that can be an element of a ``Key``.
///
/// The standard integers, `String`, `Substring`, `[UInt8]`, `Bytes`, `Bool`, `Float`,
/// `Double`, `UUID`, ``Versionstamp``, ``TupleNull``, ``TupleValue``, `BigInt`, `BigUInt`, `Optional` of any of these
/// (`nil` is null) and ``Key`` itself (a nested tuple) conform. Conform your own types by
/// appending exactly one element:
///
/// ```swift
/// extension UserID: TupleEncodable {
///     func encode(to writer: inout TupleWriter) { writer.encodeInteger(Int64(rawValue)) }
/// }
/// ```
public protocol TupleEncodable {
    /// Whether `Key(value)` alone builds a one-element tuple: `_KeyOfOneAllowed` (the default),
    /// or `_KeyOfOneRefused` for bytes-like types, whose single-argument call does not compile.
    associatedtype _KeyOfOne = _KeyOfOneAllowed

    /// Appends this value to `writer` as one element. Packing a tuple longer than 128 bytes
    /// calls this twice (once to measure): write the same element each time.
    func encode(to writer: inout TupleWriter)
}

/// The null element (`None` in Python): `Key("a", TupleNull())`. An `Optional` set to `nil`
/// encodes the same.
public struct TupleNull: Sendable, Hashable, TupleEncodable {
    /// The null element.
    @inlinable public init() {}
    /// Appends a null.
    @inlinable public func encode(to writer: inout TupleWriter) { writer.encodeNull() }
}

extension Optional: TupleEncodable where Wrapped: TupleEncodable {
    /// As the wrapped type's: `Key(optionalBytes)` does not compile either.
    public typealias _KeyOfOne = Wrapped._KeyOfOne
    /// Appends the wrapped value, or a null for `nil`.
    @inlinable
    public func encode(to writer: inout TupleWriter) {
        switch self {
        case .some(let value): value.encode(to: &writer)
        case .none: writer.encodeNull()
        }
    }
}

/// The standard integers conform through this: each is one integer element, written as its
/// `Int64` or `UInt64` value would be (a type wider than 64 bits, should you conform one, in the
/// long form its value needs).
extension TupleEncodable where Self: FixedWidthInteger {
    /// Appends an integer.
    @inlinable public func encode(to writer: inout TupleWriter) { writer.encodeInteger(fixedWidth: self) }
}

extension Int: TupleEncodable {}
extension Int64: TupleEncodable {}
extension Int32: TupleEncodable {}
extension Int16: TupleEncodable {}
extension Int8: TupleEncodable {}
extension UInt: TupleEncodable {}
extension UInt64: TupleEncodable {}
extension UInt32: TupleEncodable {}
extension UInt16: TupleEncodable {}
/// A single byte is a number; use `[UInt8]` or `Bytes` for bytes.
extension UInt8: TupleEncodable {}

extension String: TupleEncodable {
    /// Appends a string element.
    @inlinable public func encode(to writer: inout TupleWriter) { writer.encodeString(self) }
}
extension Substring: TupleEncodable {
    /// Appends a string element.
    @inlinable public func encode(to writer: inout TupleWriter) { writer.encodeString(self) }
}
extension Array: TupleEncodable where Element == UInt8 {
    /// `Key(bytes)` does not compile: `Key(packed:)` or `Key(bytes:)`.
    public typealias _KeyOfOne = _KeyOfOneRefused
    /// Appends a byte-string element.
    @inlinable public func encode(to writer: inout TupleWriter) { writer.encodeBytes(self) }
}
extension Bytes: TupleEncodable {
    /// `Key(bytes)` does not compile: `Key(packed:)` or `Key(bytes:)`.
    public typealias _KeyOfOne = _KeyOfOneRefused
    /// Appends a byte-string element.
    @inlinable public func encode(to writer: inout TupleWriter) { withUnsafeBytes { writer.encodeBytes($0) } }
}
extension Bool: TupleEncodable {
    /// Appends `false` or `true`.
    @inlinable public func encode(to writer: inout TupleWriter) { writer.encodeBool(self) }
}
extension Float: TupleEncodable {
    /// Appends a 32-bit float element.
    @inlinable public func encode(to writer: inout TupleWriter) { writer.encodeFloat(self) }
}
extension Double: TupleEncodable {
    /// Appends a 64-bit float element.
    @inlinable public func encode(to writer: inout TupleWriter) { writer.encodeDouble(self) }
}
extension UUID: TupleEncodable {
    /// Appends a UUID element.
    @inlinable public func encode(to writer: inout TupleWriter) { writer.encodeUUID(self) }
}
extension Versionstamp: TupleEncodable {
    /// Appends a versionstamp element.
    @inlinable public func encode(to writer: inout TupleWriter) { writer.encodeVersionstamp(self) }
}

extension Key: TupleEncodable {
    /// `Key(key)` does not compile: the key itself, or `Key(nesting:)`.
    public typealias _KeyOfOne = _KeyOfOneRefused
    /// Appends this tuple as one nested-tuple element. (To append its elements one by one, use
    /// ``Key/appending(contentsOf:)`` or `+`.)
    ///
    /// The elements are copied as they are packed, except top-level nulls, which become `00 ff`
    /// inside the nested tuple. Bytes that are not a valid tuple are copied unchanged from the
    /// first bad element on.
    public func encode(to writer: inout TupleWriter) {
        writer.encodeNested { inner in
            bytes.withUnsafeBytes { buffer in
                var position = 0
                while position < buffer.count {
                    guard let element = try? TupleScanner.element(in: buffer, at: position) else {
                        inner.appendPacked(UnsafeRawBufferPointer(rebasing: buffer[position...]))
                        return
                    }
                    if element.code == TupleCode.null {
                        inner.encodeNull()
                    } else {
                        inner.appendPacked(UnsafeRawBufferPointer(rebasing: buffer[element.range]))
                    }
                    position = element.range.upperBound
                }
            }
        }
    }
}
