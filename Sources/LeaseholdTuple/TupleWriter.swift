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

import LeaseholdCore
/// Writes tuple elements: what ``TupleEncodable`` types write to.
///
/// Each `encode` method appends exactly one element. Inside ``encodeNested(_:)`` nulls are
/// written `00 ff`, as the format requires; nothing else is escaped twice.
///
/// A key costs one allocation: the library writes the elements into a 128-byte scratch on the
/// stack and copies them into a `Bytes` of exactly that size; a longer tuple has been measured
/// by then (the writer counts what does not fit), so its elements are written a second time,
/// straight into storage of the measured size. A conformance may therefore be called twice and
/// must write the same elements each time; one that does not traps with a clear message (a
/// programmer error).
public struct TupleWriter {
    /// Where the bytes go.
    @usableFromInline let base: UnsafeMutableRawPointer?
    /// How many bytes fit at `base`: writes past it are dropped and only counted.
    @usableFromInline let capacity: Int
    /// How many bytes were written so far (those past `capacity` counted, not stored).
    @usableFromInline var position = 0
    /// How many nested tuples are open (0 at the top level).
    @usableFromInline var depth = 0

    /// A writer that fills `buffer` from its start.
    @inlinable
    init(into buffer: UnsafeMutableRawBufferPointer) {
        base = buffer.baseAddress
        capacity = buffer.count
    }

    /// The number of bytes written so far.
    @inlinable public var count: Int { position }

    /// Traps unless exactly `size` bytes were written: the two passes of a packing disagree.
    @inlinable
    func finish(expecting size: Int) {
        precondition(position == size, "a TupleEncodable wrote \(position) bytes after measuring \(size): encode(to:) must write the same elements every time")
    }

    @inlinable @inline(__always)
    mutating func append(_ byte: UInt8) {
        if position < capacity { base.unsafelyUnwrapped.storeBytes(of: byte, toByteOffset: position, as: UInt8.self) }
        position &+= 1
    }

    @inlinable @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        if n > 0 && n <= capacity &- position {
            (base.unsafelyUnwrapped + position).copyMemory(from: bytes.baseAddress.unsafelyUnwrapped, byteCount: n)
        }
        position &+= n
    }

    /// Appends already-packed elements as they are (top level only: a packed null is not
    /// escaped for nesting).
    @inlinable
    mutating func appendPacked(_ packed: UnsafeRawBufferPointer) { append(packed) }

    /// Appends a null element.
    @inlinable
    public mutating func encodeNull() {
        append(TupleCode.null)
        if depth > 0 { append(TupleCode.escape) }
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
        let count = body.count
        if count > 0 && memchr(body.baseAddress.unsafelyUnwrapped, 0, count) != nil {
            return appendEscaped(code, body)
        }
        append(code)
        append(body)
        append(TupleCode.null)
    }

    /// A bytes or string element whose body holds zeros: each is written `00 ff`.
    @usableFromInline
    mutating func appendEscaped(_ code: UInt8, _ body: UnsafeRawBufferPointer) {
        append(code)
        for byte in body {
            append(byte)
            if byte == 0 { append(TupleCode.escape) }
        }
        append(TupleCode.null)
    }

    /// Appends an integer element.
    @inlinable
    public mutating func encodeInteger(_ value: Int64) {
        if value >= 0 {
            encodeInteger(UInt64(value))
        } else {
            encodeNegative(magnitude: value.magnitude)
        }
    }

    /// Appends the integer −`magnitude` (`magnitude` > 0).
    @inlinable
    mutating func encodeNegative(magnitude: UInt64) {
        if magnitude == .max {
            // −(2^64 − 1) takes the long form (`0b f7 00…`), as in the reference.
            append(TupleCode.negativeLong)
            append(8 ^ 0xff)
            appendBigEndian(0, length: 8)
            return
        }
        let length = 8 - magnitude.leadingZeroBitCount / 8
        append(TupleCode.zero - UInt8(length))
        // One's complement of the magnitude in `length` bytes.
        appendBigEndian(~magnitude, length: length)
    }

    /// Appends an integer element.
    @inlinable
    public mutating func encodeInteger(_ value: UInt64) {
        if value == 0 { return append(TupleCode.zero) }
        if value == .max {
            // The reference writes 2^64 − 1 in the long form (`1d 08 ff…`), as for larger values.
            append(TupleCode.positiveLong)
            append(8)
            appendBigEndian(value, length: 8)
            return
        }
        let length = 8 - value.leadingZeroBitCount / 8
        append(TupleCode.zero + UInt8(length))
        appendBigEndian(value, length: length)
    }

    /// Appends an integer element of any fixed-width type: one of the two 64-bit forms for a type
    /// of 64 bits or fewer (a choice made at compile time), else the arbitrary-size one.
    @inlinable @inline(__always)
    mutating func encodeInteger<I: FixedWidthInteger>(fixedWidth value: I) {
        if I.bitWidth > 64 {
            encodeWideInteger(value)
        } else if I.isSigned {
            encodeInteger(Int64(truncatingIfNeeded: value))
        } else {
            encodeInteger(UInt64(truncatingIfNeeded: value))
        }
    }

    /// Appends the low `length` bytes (1…8) of `value`, most significant first.
    @inlinable @inline(__always)
    mutating func appendBigEndian(_ value: UInt64, length: Int) {
        let aligned = (value << UInt64(64 &- 8 &* length)).bigEndian
        if capacity &- position >= 8 {
            // One unaligned 8-byte store; bytes past `length` are overwritten by what follows.
            base.unsafelyUnwrapped.storeBytes(of: aligned, toByteOffset: position, as: UInt64.self)
            position &+= length
        } else {
            withUnsafeBytes(of: aligned) { append(UnsafeRawBufferPointer(rebasing: $0[..<length])) }
        }
    }

    /// Appends a 32-bit float element (all NaN payloads and the sign of zero kept).
    @inlinable
    public mutating func encodeFloat(_ value: Float) {
        let bits = value.bitPattern
        let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits ^ 0x8000_0000
        append(TupleCode.float)
        appendBigEndian(UInt64(ordered), length: 4)
    }

    /// Appends a 64-bit float element (all NaN payloads and the sign of zero kept).
    @inlinable
    public mutating func encodeDouble(_ value: Double) {
        let bits = value.bitPattern
        let ordered = bits & (1 << 63) != 0 ? ~bits : bits ^ (1 << 63)
        append(TupleCode.double)
        appendBigEndian(ordered, length: 8)
    }

    /// Appends a boolean element.
    @inlinable
    public mutating func encodeBool(_ value: Bool) {
        append(value ? TupleCode.true : TupleCode.false)
    }

    /// Appends a UUID element (its 16 bytes in network order).
    @inlinable
    public mutating func encodeUUID(_ value: UUID) {
        append(TupleCode.uuid)
        withUnsafeBytes(of: value.uuid) { append($0) }
    }

    /// Appends a versionstamp element.
    @inlinable
    public mutating func encodeVersionstamp(_ value: Versionstamp) {
        append(TupleCode.versionstamp)
        appendBigEndian(value.commitVersion, length: 8)
        appendBigEndian(UInt64(value.batchVersion), length: 2)
        appendBigEndian(UInt64(value.userVersion), length: 2)
    }

    /// Appends a nested-tuple element whose children `body` encodes.
    @inlinable
    public mutating func encodeNested(_ body: (inout TupleWriter) throws -> Void) rethrows {
        append(TupleCode.nested)
        depth += 1
        defer {
            depth -= 1
            append(TupleCode.null)
        }
        try body(&self)
    }

    /// Appends `value` as one element.
    @inlinable
    public mutating func encode(_ value: some TupleEncodable) { value.encode(to: &self) }
}

extension TupleWriter {
    /// The bytes `body` writes, in a new `Bytes` of exactly their size (one allocation): written
    /// into a stack scratch and copied, or — past 128 bytes — measured by that first pass and
    /// written again straight into the new storage.
    @inlinable
    static func bytes(_ body: (inout TupleWriter) -> Void) -> Bytes {
        withUnsafeTemporaryAllocation(byteCount: 128, alignment: 8) { scratch in
            var first = TupleWriter(into: scratch)
            body(&first)
            let size = first.position
            if size <= scratch.count {
                return Bytes(unsafeUninitializedCount: size) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: scratch[..<size])) }
            }
            return Bytes(unsafeUninitializedCount: size) { buffer in
                var writer = TupleWriter(into: buffer)
                body(&writer)
                writer.finish(expecting: size)
            }
        }
    }

    /// The bytes `body` writes, in a new array of exactly their size (as ``bytes(_:)``).
    @inlinable
    static func array(_ body: (inout TupleWriter) -> Void) -> [UInt8] {
        withUnsafeTemporaryAllocation(byteCount: 128, alignment: 8) { scratch in
            var first = TupleWriter(into: scratch)
            body(&first)
            let size = first.position
            if size <= scratch.count { return [UInt8](UnsafeRawBufferPointer(rebasing: scratch[..<size])) }
            return [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                var writer = TupleWriter(into: UnsafeMutableRawBufferPointer(buffer))
                body(&writer)
                writer.finish(expecting: size)
                initialized = size
            }
        }
    }
}
