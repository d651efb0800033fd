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

/// Appends tuple elements to one growing byte array: what ``TupleEncodable`` types write to.
///
/// Each `encode` method appends exactly one element. Inside ``encodeNested(_:)`` nulls are
/// written `00 ff`, as the format requires; nothing else is escaped twice.
public struct TupleEncoder {
    /// The bytes written so far.
    @inlinable public var bytes: [UInt8] { output }
    @usableFromInline var output: [UInt8]
    /// How many nested tuples are open (0 at the top level).
    @usableFromInline var depth = 0

    /// An empty encoder with room for `capacity` bytes.
    @inlinable
    public init(reservingCapacity capacity: Int = 32) {
        output = []
        output.reserveCapacity(capacity)
    }

    /// Appends already-packed elements as they are (top level only: a packed null is not
    /// escaped for nesting).
    @inlinable
    mutating func appendPacked(_ packed: UnsafeRawBufferPointer) { output.append(contentsOf: packed) }

    /// Appends a null element.
    @inlinable
    public mutating func encodeNull() {
        output.append(TupleCode.null)
        if depth > 0 { output.append(TupleCode.escape) }
    }

    /// Appends a byte-string element.
    @inlinable
    public mutating func encodeBytes(_ buffer: UnsafeRawBufferPointer) {
        appendTerminated(TupleCode.bytes, buffer)
    }

    /// Appends a byte-string element.
    @inlinable
    public mutating func encodeBytes(_ sequence: some Sequence<UInt8>) {
        if let done: Void = sequence.withContiguousStorageIfAvailable({ appendTerminated(TupleCode.bytes, UnsafeRawBufferPointer($0)) }) {
            return done
        }
        let copy = Array(sequence)
        copy.withUnsafeBytes { appendTerminated(TupleCode.bytes, $0) }
    }

    /// Appends a string element (its UTF-8).
    @inlinable
    public mutating func encodeString(_ string: some StringProtocol) {
        if let done: Void = string.utf8.withContiguousStorageIfAvailable({ appendTerminated(TupleCode.string, UnsafeRawBufferPointer($0)) }) {
            return done
        }
        var copy = String(string)
        copy.withUTF8 { appendTerminated(TupleCode.string, UnsafeRawBufferPointer($0)) }
    }

    @inlinable
    mutating func appendTerminated(_ code: UInt8, _ body: UnsafeRawBufferPointer) {
        output.append(code)
        if let base = body.baseAddress, memchr(base, 0, body.count) != nil {
            for byte in body {
                output.append(byte)
                if byte == 0 { output.append(TupleCode.escape) }
            }
        } else {
            output.append(contentsOf: body)
        }
        output.append(TupleCode.null)
    }

    /// Appends an integer element.
    @inlinable
    public mutating func encodeInteger(_ value: Int64) {
        if value >= 0 {
            encodeInteger(UInt64(value))
        } else {
            let magnitude = value.magnitude
            let length = 8 - magnitude.leadingZeroBitCount / 8
            output.append(TupleCode.zero - UInt8(length))
            // One's complement of the magnitude in `length` bytes.
            appendBigEndian(~magnitude, length: length)
        }
    }

    /// Appends an integer element.
    @inlinable
    public mutating func encodeInteger(_ value: UInt64) {
        if value == .max {
            // The reference writes 2^64 − 1 in the long form (`1d 08 ff…`), as for larger values.
            output.append(TupleCode.positiveLong)
            output.append(8)
            appendBigEndian(value, length: 8)
            return
        }
        let length = 8 - value.leadingZeroBitCount / 8
        output.append(TupleCode.zero + UInt8(length))
        appendBigEndian(value, length: length)
    }

    @inlinable
    mutating func appendBigEndian(_ value: UInt64, length: Int) {
        var shift = (length - 1) * 8
        while shift >= 0 {
            output.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
            shift -= 8
        }
    }

    /// Appends a 32-bit float element (all NaN payloads and the sign of zero kept).
    @inlinable
    public mutating func encodeFloat(_ value: Float) {
        let bits = value.bitPattern
        let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits ^ 0x8000_0000
        output.append(TupleCode.float)
        appendBigEndian(UInt64(ordered), length: 4)
    }

    /// Appends a 64-bit float element (all NaN payloads and the sign of zero kept).
    @inlinable
    public mutating func encodeDouble(_ value: Double) {
        let bits = value.bitPattern
        let ordered = bits & (1 << 63) != 0 ? ~bits : bits ^ (1 << 63)
        output.append(TupleCode.double)
        appendBigEndian(ordered, length: 8)
    }

    /// Appends a boolean element.
    @inlinable
    public mutating func encodeBool(_ value: Bool) {
        output.append(value ? TupleCode.true : TupleCode.false)
    }

    /// Appends a UUID element (its 16 bytes in network order).
    @inlinable
    public mutating func encodeUUID(_ value: UUID) {
        output.append(TupleCode.uuid)
        withUnsafeBytes(of: value.uuid) { output.append(contentsOf: $0) }
    }

    /// Appends a versionstamp element.
    @inlinable
    public mutating func encodeVersionstamp(_ value: Versionstamp) {
        output.append(TupleCode.versionstamp)
        appendBigEndian(value.commitVersion, length: 8)
        appendBigEndian(UInt64(value.batchVersion), length: 2)
        appendBigEndian(UInt64(value.userVersion), length: 2)
    }

    /// Appends a nested-tuple element whose children `body` encodes.
    @inlinable
    public mutating func encodeNested(_ body: (inout TupleEncoder) throws -> Void) rethrows {
        output.append(TupleCode.nested)
        depth += 1
        defer {
            depth -= 1
            output.append(TupleCode.null)
        }
        try body(&self)
    }

    /// Appends `value` as one element.
    @inlinable
    public mutating func encode(_ value: some TupleEncodable) { value.encode(to: &self) }
}
