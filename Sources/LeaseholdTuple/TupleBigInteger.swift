import BigInt

import LeaseholdCore
// Integers beyond 64 bits: the long forms `1d` (positive) and `0b` (negative) of up to 255
// magnitude bytes, through attaswift/BigInt. `Int64`/`UInt64` stay the fast path: nothing here
// runs for an integer that fits them.

extension Key {
    /// The largest magnitude an integer element can have, in bytes: the long forms store the
    /// length in one byte, so every integer in −(2^2040 − 1) … 2^2040 − 1 has an encoding.
    public static let maximumIntegerByteCount = 255

    /// Whether `value` has a tuple encoding (its magnitude is at most 255 bytes long).
    public static func canEncode(_ value: BigInt) -> Bool {
        (value.magnitude.bitWidth + 7) / 8 <= maximumIntegerByteCount
    }
}

extension TupleWriter {
    /// Appends an integer element of any size the format allows.
    ///
    /// - precondition: The magnitude is at most 255 bytes long (``Key/canEncode(_:)``); the
    ///   format has no encoding for larger integers.
    public mutating func encodeInteger(_ value: BigInt) {
        let magnitude = value.magnitude
        guard let word = Self.singleWord(magnitude) else {
            return encodeLong(negative: value.sign == .minus, magnitude: magnitude)
        }
        if value.sign == .plus || word == 0 { encodeInteger(word) } else { encodeNegative(magnitude: word) }
    }

    /// Appends an integer of a type wider than 64 bits (`Int128`, or a type of your own).
    ///
    /// - precondition: The magnitude is at most 255 bytes long.
    @usableFromInline
    mutating func encodeWideInteger(_ value: some BinaryInteger) {
        encodeInteger(BigInt(value))
    }

    /// Appends a non-negative integer element of any size the format allows.
    ///
    /// - precondition: The value is at most 255 bytes long.
    public mutating func encodeInteger(_ value: BigUInt) {
        guard let word = Self.singleWord(value) else { return encodeLong(negative: false, magnitude: value) }
        encodeInteger(word)
    }

    /// `magnitude` as a `UInt64` if it fits one (read from its words: the generic conversions
    /// allocate).
    static func singleWord(_ magnitude: BigUInt) -> UInt64? {
        guard magnitude.bitWidth <= 64 else { return nil }
        var word: UInt64 = 0
        for (i, part) in magnitude.words.enumerated() { word |= UInt64(part) << UInt64(i * UInt.bitWidth) }
        return word
    }

    /// `1d len bytes…` or `0b len^ff ~bytes…`: the magnitude big-endian in its minimal length,
    /// one's complement (and the length too) for a negative.
    mutating func encodeLong(negative: Bool, magnitude: BigUInt) {
        let length = (magnitude.bitWidth + 7) / 8
        precondition(length <= Key.maximumIntegerByteCount,
                     "an integer of \(length) bytes has no tuple encoding (at most \(Key.maximumIntegerByteCount))")
        append(negative ? TupleCode.negativeLong : TupleCode.positiveLong)
        append(negative ? UInt8(length) ^ 0xff : UInt8(length))
        let words = magnitude.words
        let perWord = UInt.bitWidth / 8
        var i = length - 1
        while i >= 0 {
            let byte = UInt8(truncatingIfNeeded: words[i / perWord] >> UInt((i % perWord) * 8))
            append(negative ? ~byte : byte)
            i -= 1
        }
    }
}

extension Key.Element {
    /// Any integer element as a `BigInt` (long forms up to 255 bytes included).
    func bigInteger(in buffer: UnsafeRawBufferPointer) throws(LeaseholdError) -> BigInt {
        let start = range.lowerBound
        switch code {
        case TupleCode.positiveLong:
            return BigInt(BigUInt(UnsafeRawBufferPointer(rebasing: buffer[start + 2 ..< range.upperBound])))
        case TupleCode.negativeLong:
            let count = range.upperBound - start - 2
            let magnitude = withUnsafeTemporaryAllocation(byteCount: Swift.max(count, 1), alignment: 1) { scratch in
                for i in 0 ..< count { scratch[i] = ~buffer[start + 2 + i] }
                return BigUInt(UnsafeRawBufferPointer(rebasing: scratch[..<count]))
            }
            return BigInt(sign: .minus, magnitude: magnitude)
        default:
            let (negative, magnitude) = try integer(in: buffer)
            return BigInt(sign: negative ? .minus : .plus, magnitude: BigUInt(magnitude))
        }
    }
}

extension BigInt: TupleEncodable, TupleDecodable, _TupleDecodableFromBuffer {
    /// Appends an integer element.
    ///
    /// - precondition: The magnitude is at most 255 bytes long (``Key/canEncode(_:)``).
    public func encode(to writer: inout TupleWriter) { writer.encodeInteger(self) }

    /// Decodes an integer element of any size from the borrowed bytes.
    public static func _decode(_ element: Key.Element, in key: Key, buffer: UnsafeRawBufferPointer) throws(LeaseholdError) -> BigInt {
        try element.expect(.integer, TupleElementKind(code: element.code) == .integer)
        return try element.bigInteger(in: buffer)
    }
}

extension BigUInt: TupleEncodable, TupleDecodable, _TupleDecodableFromBuffer {
    /// Appends an integer element.
    ///
    /// - precondition: The value is at most 255 bytes long.
    public func encode(to writer: inout TupleWriter) { writer.encodeInteger(self) }

    /// Decodes a non-negative integer element of any size; a negative one throws
    /// Decodes a non-negative integer element of any size from the borrowed bytes.
    public static func _decode(_ element: Key.Element, in key: Key, buffer: UnsafeRawBufferPointer) throws(LeaseholdError) -> BigUInt {
        let value = try BigInt._decode(element, in: key, buffer: buffer)
        guard value.sign == .plus else { try TupleScanner.fail(element.range.lowerBound, .integerOverflow) }
        return value.magnitude
    }
}

extension TupleValue {
    /// The integer `value` in the smallest case that holds it: `.int`, `.uint` or `.bigInt`.
    public static func integer(_ value: BigInt) -> TupleValue {
        if let small = Int64(exactly: value) { return .int(small) }
        if let large = UInt64(exactly: value) { return .uint(large) }
        return .bigInt(value)
    }

    /// The value of an integer case, of any size; `nil` for other kinds.
    public var bigIntegerValue: BigInt? {
        switch self {
        case .int(let i): return BigInt(i)
        case .uint(let u): return BigInt(u)
        case .bigInt(let b): return b
        default: return nil
        }
    }
}
