#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value that can be read from one element of a ``Key``.
///
/// Conform your own types by decoding a built-in one:
///
/// ```swift
/// extension UserID: TupleDecodable {
///     static func decode(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> UserID {
///         UserID(rawValue: try Int64.decode(element, in: key))
///     }
/// }
/// ```
public protocol TupleDecodable {
    /// Decodes `element` of `key`, or throws ``LeaseholdError/malformedTuple(offset:reason:)``
    /// (``TupleMalformation/unexpectedType(expected:found:)`` for an element of another kind).
    static func decode(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> Self
}

/// Both ``TupleEncodable`` and ``TupleDecodable``.
public typealias TupleCodable = TupleEncodable & TupleDecodable

extension Key {
    /// Calls `body` with the packed bytes; errors keep their type.
    ///
    /// - warning: Do not let the pointer escape `body`: lent bytes move when their lease ends.
    @inlinable
    func withBuffer<R>(_ body: (UnsafeRawBufferPointer) throws(LeaseholdError) -> R) throws(LeaseholdError) -> R {
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(LeaseholdError) -> R in try body(buffer) } }
        return try result.get()
    }
}

extension Key.Element {
    /// Throws ``TupleMalformation/unexpectedType(expected:found:)`` unless `matches` holds.
    @inlinable
    func expect(_ kind: TupleElementKind, _ matches: Bool) throws(LeaseholdError) {
        if !matches { throw .malformedTuple(offset: range.lowerBound, reason: .unexpectedType(expected: kind, found: code)) }
    }

    /// The unescaped body of a bytes or string element.
    @inlinable
    func unescapedBody(in buffer: UnsafeRawBufferPointer) -> [UInt8] {
        let body = self.body
        guard escaped else { return Array(buffer[body]) }
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var position = body.lowerBound
        while position < body.upperBound {
            out.append(buffer[position])
            position += buffer[position] == 0 ? 2 : 1
        }
        return out
    }

    /// The string of `utf8`, or `nil` if it is not valid UTF-8. (Decoding with repair and then
    /// checking nothing was repaired is several times faster than the generic
    /// `String(validating:as:)`.)
    @inlinable
    static func validatedString(_ utf8: UnsafeRawBufferPointer) -> String? {
        var string = String(decoding: utf8, as: UTF8.self)
        let same = string.withUTF8 { made in
            made.count == utf8.count && (made.isEmpty || memcmp(made.baseAddress!, utf8.baseAddress!, made.count) == 0)
        }
        return same ? string : nil
    }

    /// Reads `count` bytes big-endian starting at `start`.
    @inlinable
    static func bigEndian(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ count: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in start ..< start + count { value = value << 8 | UInt64(buffer[i]) }
        return value
    }

    /// The sign and magnitude of an integer element (long forms included, up to 2^64 − 1).
    @inlinable
    func integer(in buffer: UnsafeRawBufferPointer) throws(LeaseholdError) -> (negative: Bool, magnitude: UInt64) {
        let start = range.lowerBound
        switch code {
        case TupleCode.zero: return (false, 0)
        case TupleCode.zero + 1 ... TupleCode.zero + 8:
            return (false, Self.bigEndian(buffer, start + 1, Int(code - TupleCode.zero)))
        case TupleCode.zero - 8 ... TupleCode.zero - 1:
            let length = Int(TupleCode.zero - code)
            let raw = Self.bigEndian(buffer, start + 1, length)
            let mask: UInt64 = length == 8 ? .max : (1 << UInt64(length * 8)) - 1
            return (true, ~raw & mask)
        case TupleCode.positiveLong, TupleCode.negativeLong:
            let negative = code == TupleCode.negativeLong
            var magnitude: UInt64 = 0
            for i in start + 2 ..< range.upperBound {
                let byte = negative ? ~buffer[i] : buffer[i]
                if magnitude >> 56 != 0 { throw .malformedTuple(offset: start, reason: .integerOverflow) }
                magnitude = magnitude << 8 | UInt64(byte)
            }
            return (negative, magnitude)
        default:
            try expect(.integer, false)
            return (false, 0)
        }
    }
}

extension TupleDecodable where Self: FixedWidthInteger {
    /// Decodes an integer element, throwing ``TupleMalformation/integerOverflow`` if it does
    /// not fit in `Self`.
    @inlinable
    public static func decode(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> Self {
        let (negative, magnitude) = try key.withBuffer { (buffer) throws(LeaseholdError) in try element.integer(in: buffer) }
        if negative && magnitude != 0 {
            guard Self.isSigned, magnitude <= UInt64(Self.min.magnitude) else {
                throw .malformedTuple(offset: element.range.lowerBound, reason: .integerOverflow)
            }
            return Self(truncatingIfNeeded: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Self.max) else {
            throw .malformedTuple(offset: element.range.lowerBound, reason: .integerOverflow)
        }
        return Self(truncatingIfNeeded: magnitude)
    }
}

extension Int: TupleDecodable {}
extension Int64: TupleDecodable {}
extension Int32: TupleDecodable {}
extension Int16: TupleDecodable {}
extension Int8: TupleDecodable {}
extension UInt: TupleDecodable {}
extension UInt64: TupleDecodable {}
extension UInt32: TupleDecodable {}
extension UInt16: TupleDecodable {}
extension UInt8: TupleDecodable {}

extension String: TupleDecodable {
    /// Decodes a string element, validating its UTF-8.
    @inlinable
    public static func decode(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> String {
        try element.expect(.string, element.code == TupleCode.string)
        return try key.withBuffer { (buffer) throws(LeaseholdError) -> String in
            let made: String?
            if element.escaped {
                made = String(validating: element.unescapedBody(in: buffer), as: UTF8.self)
            } else {
                made = Key.Element.validatedString(UnsafeRawBufferPointer(rebasing: buffer[element.body]))
            }
            guard let made else {
                let offset = TupleUTF8.firstInvalidOffset(in: buffer, body: element.body) ?? element.range.lowerBound
                throw .malformedTuple(offset: offset, reason: .invalidUTF8)
            }
            return made
        }
    }
}

extension Bytes: TupleDecodable {
    /// Decodes a bytes element, or the UTF-8 of a string element (not validated). Without
    /// `00 ff` escapes inside, the result is a view on the key's own storage and lease: no copy.
    @inlinable
    public static func decode(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> Bytes {
        try element.expect(.bytes, element.code == TupleCode.bytes || element.code == TupleCode.string)
        if !element.escaped { return key.bytes.extracting(element.body) }
        return Bytes(key.bytes.withUnsafeBytes { element.unescapedBody(in: $0) })
    }
}

extension Array: TupleDecodable where Element == UInt8 {
    /// Decodes a bytes element, or the UTF-8 of a string element (not validated), copied.
    @inlinable
    public static func decode(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> [UInt8] {
        try element.expect(.bytes, element.code == TupleCode.bytes || element.code == TupleCode.string)
        return key.bytes.withUnsafeBytes { element.unescapedBody(in: $0) }
    }
}

extension Bool: TupleDecodable {
    /// Decodes a boolean element.
    @inlinable
    public static func decode(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> Bool {
        try element.expect(.bool, element.code == TupleCode.false || element.code == TupleCode.true)
        return element.code == TupleCode.true
    }
}

extension Float: TupleDecodable {
    /// Decodes a 32-bit float element, bit for bit.
    @inlinable
    public static func decode(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> Float {
        try element.expect(.float, element.code == TupleCode.float)
        let raw = UInt32(key.bytes.withUnsafeBytes { Key.Element.bigEndian($0, element.range.lowerBound + 1, 4) })
        return Float(bitPattern: raw & 0x8000_0000 != 0 ? raw ^ 0x8000_0000 : ~raw)
    }
}

extension Double: TupleDecodable {
    /// Decodes a 64-bit float element bit for bit, or a 32-bit one widened.
    @inlinable
    public static func decode(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> Double {
        if element.code == TupleCode.float { return Double(try Float.decode(element, in: key)) }
        try element.expect(.double, element.code == TupleCode.double)
        let raw = key.bytes.withUnsafeBytes { Key.Element.bigEndian($0, element.range.lowerBound + 1, 8) }
        return Double(bitPattern: raw & (1 << 63) != 0 ? raw ^ (1 << 63) : ~raw)
    }
}

extension UUID: TupleDecodable {
    /// Decodes a UUID element.
    public static func decode(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> UUID {
        try element.expect(.uuid, element.code == TupleCode.uuid)
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        key.bytes.withUnsafeBytes { buffer in
            withUnsafeMutableBytes(of: &uuid) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[element.range.dropFirst()])) }
        }
        return UUID(uuid: uuid)
    }
}

extension Versionstamp: TupleDecodable {
    /// Decodes a versionstamp element.
    public static func decode(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> Versionstamp {
        try element.expect(.versionstamp, element.code == TupleCode.versionstamp)
        return key.bytes.withUnsafeBytes { Versionstamp(bytes: $0[element.range.dropFirst()])! }
    }
}

extension TupleNull: TupleDecodable {
    /// Decodes a null element.
    public static func decode(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> TupleNull {
        try element.expect(.null, element.code == TupleCode.null)
        return TupleNull()
    }
}

extension Optional: TupleDecodable where Wrapped: TupleDecodable {
    /// `nil` for a null element, the wrapped type's decoding otherwise.
    @inlinable
    public static func decode(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> Wrapped? {
        element.code == TupleCode.null ? nil : try Wrapped.decode(element, in: key)
    }
}

extension Key: TupleDecodable {
    /// Decodes a nested-tuple element as a key of its own. Without null children the result is
    /// a view on this key's storage and lease (no copy); otherwise the children are re-packed.
    public static func decode(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> Key {
        try element.expect(.tuple, element.code == TupleCode.nested)
        if !element.escaped { return Key(packed: key.bytes.extracting(element.body)) }
        return try key.withBuffer { (buffer) throws(LeaseholdError) -> Key in
            var out: [UInt8] = []
            out.reserveCapacity(element.body.count)
            var position = element.body.lowerBound
            while position < element.body.upperBound {
                let end: Int
                switch buffer[position] {
                case TupleCode.null: out.append(0); position += 2; continue
                case TupleCode.nested: end = try TupleScanner.nestedEnd(in: buffer, from: position).0
                case TupleCode.bytes, TupleCode.string: end = try TupleScanner.terminatedEnd(in: buffer, from: position).0
                default: end = try TupleScanner.fixedEnd(in: buffer, from: position)
                }
                out.append(contentsOf: buffer[position ..< end])
                position = end
            }
            return Key(packed: out)
        }
    }
}
