#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

import LeaseholdCore
// The built-in decodable types. Each reads from the borrowed buffer in `_decode`; `decode`
// borrows it first.

extension TupleDecodable where Self: FixedWidthInteger {
    /// Decodes an integer element from the borrowed bytes, throwing
    /// `TupleMalformation/integerOverflow` if it does not fit in `Self`.
    @inlinable
    public static func _decode(_ element: Key.Element, in key: Key, buffer: UnsafeRawBufferPointer) throws(LeaseholdError) -> Self {
        let (negative, magnitude) = try element.integer(in: buffer)
        if negative && magnitude != 0 {
            guard Self.isSigned, magnitude <= UInt64(Self.min.magnitude) else {
                try TupleScanner.fail(element.range.lowerBound, .integerOverflow)
            }
            return Self(truncatingIfNeeded: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Self.max) else {
            try TupleScanner.fail(element.range.lowerBound, .integerOverflow)
        }
        return Self(truncatingIfNeeded: magnitude)
    }
}

extension Int: TupleDecodable, _TupleDecodableFromBuffer {}
extension Int64: TupleDecodable, _TupleDecodableFromBuffer {}
extension Int32: TupleDecodable, _TupleDecodableFromBuffer {}
extension Int16: TupleDecodable, _TupleDecodableFromBuffer {}
extension Int8: TupleDecodable, _TupleDecodableFromBuffer {}
extension UInt: TupleDecodable, _TupleDecodableFromBuffer {}
extension UInt64: TupleDecodable, _TupleDecodableFromBuffer {}
extension UInt32: TupleDecodable, _TupleDecodableFromBuffer {}
extension UInt16: TupleDecodable, _TupleDecodableFromBuffer {}
extension UInt8: TupleDecodable, _TupleDecodableFromBuffer {}

extension String: TupleDecodable, _TupleDecodableFromBuffer {
    /// Decodes a string element from the borrowed bytes.
    @inlinable
    public static func _decode(_ element: Key.Element, in key: Key, buffer: UnsafeRawBufferPointer) throws(LeaseholdError) -> String {
        try element.expect(.string, element.code == TupleCode.string)
        let made: String?
        if element.escaped {
            made = String(validating: element.unescapedBody(in: buffer), as: UTF8.self)
        } else {
            made = Key.Element.validatedString(UnsafeRawBufferPointer(rebasing: buffer[element.body]))
        }
        guard let made else {
            let offset = TupleUTF8.firstInvalidOffset(in: buffer, body: element.body) ?? element.range.lowerBound
            try TupleScanner.fail(offset, .invalidUTF8)
        }
        return made
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

    /// Decodes a bytes element from the borrowed bytes (a view when it has no escapes).
    @inlinable
    public static func _decode(_ element: Key.Element, in key: Key, buffer: UnsafeRawBufferPointer) throws(LeaseholdError) -> Bytes {
        try element.expect(.bytes, element.code == TupleCode.bytes || element.code == TupleCode.string)
        if !element.escaped { return key.bytes.extracting(element.body) }
        return Bytes(element.unescapedBody(in: buffer))
    }
}

extension Array: TupleDecodable, _TupleDecodableFromBuffer where Element == UInt8 {
    /// Decodes a bytes element from the borrowed bytes, copied.
    @inlinable
    public static func _decode(_ element: Key.Element, in key: Key, buffer: UnsafeRawBufferPointer) throws(LeaseholdError) -> [UInt8] {
        try element.expect(.bytes, element.code == TupleCode.bytes || element.code == TupleCode.string)
        return element.unescapedBody(in: buffer)
    }
}

extension Bool: TupleDecodable {
    /// Decodes a boolean element.
    @inlinable
    public static func decode(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> Bool {
        try element.expect(.bool, element.code == TupleCode.false || element.code == TupleCode.true)
        return element.code == TupleCode.true
    }

    /// Decodes a boolean element (its code says it all).
    @inlinable
    public static func _decode(_ element: Key.Element, in key: Key, buffer: UnsafeRawBufferPointer) throws(LeaseholdError) -> Bool {
        try decode(element, in: key)
    }
}

extension Float: TupleDecodable, _TupleDecodableFromBuffer {
    /// Decodes a 32-bit float element from the borrowed bytes.
    @inlinable
    public static func _decode(_ element: Key.Element, in key: Key, buffer: UnsafeRawBufferPointer) throws(LeaseholdError) -> Float {
        try element.expect(.float, element.code == TupleCode.float)
        let raw = UInt32(Key.Element.bigEndian(buffer, element.range.lowerBound + 1, 4))
        return Float(bitPattern: raw & 0x8000_0000 != 0 ? raw ^ 0x8000_0000 : ~raw)
    }
}

extension Double: TupleDecodable, _TupleDecodableFromBuffer {
    /// Decodes a float or double element from the borrowed bytes.
    @inlinable
    public static func _decode(_ element: Key.Element, in key: Key, buffer: UnsafeRawBufferPointer) throws(LeaseholdError) -> Double {
        if element.code == TupleCode.float { return Double(try Float._decode(element, in: key, buffer: buffer)) }
        try element.expect(.double, element.code == TupleCode.double)
        let raw = Key.Element.bigEndian(buffer, element.range.lowerBound + 1, 8)
        return Double(bitPattern: raw & (1 << 63) != 0 ? raw ^ (1 << 63) : ~raw)
    }
}

extension UUID: TupleDecodable, _TupleDecodableFromBuffer {
    /// Decodes a UUID element from the borrowed bytes.
    public static func _decode(_ element: Key.Element, in key: Key, buffer: UnsafeRawBufferPointer) throws(LeaseholdError) -> UUID {
        try element.expect(.uuid, element.code == TupleCode.uuid)
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[element.range.dropFirst()])) }
        return UUID(uuid: uuid)
    }
}

extension Versionstamp: TupleDecodable, _TupleDecodableFromBuffer {
    /// Decodes a versionstamp element from the borrowed bytes.
    public static func _decode(_ element: Key.Element, in key: Key, buffer: UnsafeRawBufferPointer) throws(LeaseholdError) -> Versionstamp {
        try element.expect(.versionstamp, element.code == TupleCode.versionstamp)
        return Versionstamp(bytes: buffer[element.range.dropFirst()])!
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

    /// `nil` for a null element, the wrapped type's decoding otherwise.
    @inlinable
    public static func _decode(_ element: Key.Element, in key: Key, buffer: UnsafeRawBufferPointer) throws(LeaseholdError) -> Wrapped? {
        element.code == TupleCode.null ? nil : try Wrapped._decode(element, in: key, buffer: buffer)
    }
}

extension Key: TupleDecodable, _TupleDecodableFromBuffer {
    /// Decodes a nested-tuple element as a key of its own. Without null children the result is
    /// Decodes a nested-tuple element from the borrowed bytes.
    public static func _decode(_ element: Key.Element, in key: Key, buffer: UnsafeRawBufferPointer) throws(LeaseholdError) -> Key {
        try element.expect(.tuple, element.code == TupleCode.nested)
        if !element.escaped { return Key(packed: key.bytes.extracting(element.body)) }
        return Key(packed: Bytes(unsafeUninitializedCount: element.body.count - element.nullChildren(in: buffer)) { out in
            // Copy the children, turning each null child's `00 ff` back into a top-level `00`.
            var written = 0
            var position = element.body.lowerBound
            while position < element.body.upperBound {
                let child = try! TupleScanner.childElement(in: buffer, at: position)  // nestedEnd walked them all
                if child.code == TupleCode.null {
                    out[written] = TupleCode.null
                    written += 1
                } else {
                    UnsafeMutableRawBufferPointer(rebasing: out[written ..< written + child.range.count])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[child.range]))
                    written += child.range.count
                }
                position = child.range.upperBound
            }
        })
    }
}

extension Key.Element {
    /// How many null children a nested-tuple element has (each is written `00 ff`).
    func nullChildren(in buffer: UnsafeRawBufferPointer) -> Int {
        var count = 0
        var position = body.lowerBound
        while position < body.upperBound {
            let child = try! TupleScanner.childElement(in: buffer, at: position)
            if child.code == TupleCode.null { count += 1 }
            position = child.range.upperBound
        }
        return count
    }
}
