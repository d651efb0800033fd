import LeaseholdCore
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
    /// Decodes `element` of `key`, or throws `LeaseholdError/malformedTuple(offset:reason:)`
    /// (`TupleMalformation/unexpectedType(expected:found:)` for an element of another kind).
    static func decode(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> Self

    /// Decodes `element` of `key` whose packed bytes `buffer` already is: the path the library's
    /// own decoders take, so that a whole tuple is read under one borrow of the bytes. Not API:
    /// the default calls ``decode(_:in:)``, which is all a conformance needs to provide.
    static func _decode(_ element: Key.Element, in key: Key, buffer: UnsafeRawBufferPointer) throws(LeaseholdError) -> Self
}

extension TupleDecodable {
    /// Calls ``decode(_:in:)``.
    @inlinable
    public static func _decode(_ element: Key.Element, in key: Key, buffer: UnsafeRawBufferPointer) throws(LeaseholdError) -> Self {
        try decode(element, in: key)
    }

    /// Borrows `key`'s bytes and calls `_decode`: how the built-in types implement ``decode(_:in:)``.
    @inlinable
    static func decodeBorrowing(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> Self {
        try key.withBuffer { (buffer) throws(LeaseholdError) in try _decode(element, in: key, buffer: buffer) }
    }
}

/// Not API: the built-in types that read straight from the borrowed bytes; their
/// ``TupleDecodable/decode(_:in:)`` borrows the key's bytes and calls `_decode`.
public protocol _TupleDecodableFromBuffer: TupleDecodable {}

extension _TupleDecodableFromBuffer {
    /// Borrows `key`'s bytes and decodes `element` from them.
    @inlinable
    public static func decode(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> Self {
        try decodeBorrowing(element, in: key)
    }
}

/// Both ``TupleEncodable`` and ``TupleDecodable``.
public typealias TupleCodable = TupleEncodable & TupleDecodable

extension Key {
    /// Calls `body` with the packed bytes; errors keep their type.
    ///
    /// - warning: Do not let the pointer escape `body`: lent bytes move when their lease ends.
    @inlinable @inline(__always)
    func withBuffer<R>(_ body: (UnsafeRawBufferPointer) throws(LeaseholdError) -> R) throws(LeaseholdError) -> R {
        // A closure that does not throw, the error coming out beside the value: no `Result` to
        // build and take apart around every borrow (measured: ~45 instructions a field of a
        // Codable record).
        var failure: LeaseholdError?
        let result = bytes.withUnsafeBytes { (buffer) -> R? in
            do throws(LeaseholdError) {
                return try body(buffer)
            } catch {
                failure = error
                return nil
            }
        }
        if let failure { throw failure }
        return result!  // nil only with a failure
    }
}

extension Key.Element {
    /// Throws `TupleMalformation/unexpectedType(expected:found:)` unless `matches` holds.
    @inlinable
    func expect(_ kind: TupleElementKind, _ matches: Bool) throws(LeaseholdError) {
        if !matches { try TupleScanner.fail(range.lowerBound, .unexpectedType(expected: kind, found: code)) }
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
            TupleScanner.sameBytes(UnsafeRawBufferPointer(made), utf8)
        }
        return same ? string : nil
    }

    /// Reads `count` bytes (1…8) big-endian starting at `start`.
    @inlinable @inline(__always)
    static func bigEndian(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ count: Int) -> UInt64 {
        if buffer.count &- start >= 8 {
            // One unaligned load; the bytes after the value are shifted out.
            let word = UInt64(bigEndian: buffer.baseAddress.unsafelyUnwrapped.loadUnaligned(fromByteOffset: start, as: UInt64.self))
            return word >> UInt64(64 &- 8 &* count)
        }
        var value: UInt64 = 0
        for i in start ..< start + count { value = value << 8 | UInt64(buffer[i]) }
        return value
    }

    /// The sign and magnitude of an integer element (long forms included, up to 2^64 − 1).
    @inlinable @inline(__always)
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
            return try longInteger(in: buffer)
        default:
            try expect(.integer, false)
            return (false, 0)
        }
    }

    /// The sign and magnitude of a long-form integer element, if it fits 64 bits.
    @usableFromInline
    func longInteger(in buffer: UnsafeRawBufferPointer) throws(LeaseholdError) -> (negative: Bool, magnitude: UInt64) {
        let start = range.lowerBound
        let negative = code == TupleCode.negativeLong
        var magnitude: UInt64 = 0
        for i in start + 2 ..< range.upperBound {
            let byte = negative ? ~buffer[i] : buffer[i]
            if magnitude >> 56 != 0 { try TupleScanner.fail(start, .integerOverflow) }
            magnitude = magnitude << 8 | UInt64(byte)
        }
        return (negative, magnitude)
    }
}
