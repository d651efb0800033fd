/// Why some bytes are not a valid tuple encoding, or not the tuple the caller asked for (see
/// ``LeaseholdError/malformedTuple(offset:reason:)``, whose offset says where in the key).
///
/// The offset is that of the element's type code for problems of a whole element (truncated,
/// missing terminator, integer overflow, unexpected type, nesting too deep), of the offending byte otherwise
/// (an unknown type code, a stray escape, the first byte of an invalid UTF-8 sequence), and the
/// key's length for a missing element.
public enum TupleMalformation: Sendable, Hashable, CustomStringConvertible {
    /// The input ends inside an element (an integer, float, UUID or versionstamp cut short).
    case truncated
    /// A bytes, string or nested element has no terminating `00`.
    case missingTerminator
    /// An escaped null (`00 ff`) where no escape belongs: outside a nested tuple. (Inside a
    /// bytes or string element a `00` not followed by `ff` simply ends it, so that is never one.)
    case badEscape
    /// A string element is not valid UTF-8.
    case invalidUTF8
    /// A type code the format does not define (or a user type code, `40`–`4f`, which this
    /// library cannot size).
    case unknownTypeCode(UInt8)
    /// An integer that does not fit the type asked for (`Int8`, `UInt64`, …); read it as a wider
    /// type or as a `BigInt`, which holds every integer the format can encode.
    case integerOverflow
    /// Tuples nested deeper than `limit` (`Key.maximumNestingDepth`) for a decoder that builds
    /// the whole tuple; the offset is that of the nested tuple one level too deep.
    case nestedTooDeeply(limit: Int)
    /// The element is of another kind than the type asked for; `found` is its type code.
    case unexpectedType(expected: TupleElementKind, found: UInt8)
    /// The key has fewer elements than asked for; `index` is the first one missing.
    case missingElement(index: Int)

    public var description: String {
        switch self {
        case .truncated: return "input ends inside an element"
        case .missingTerminator: return "missing terminator"
        case .badEscape: return "escaped null outside a nested tuple"
        case .invalidUTF8: return "invalid UTF-8 in a string"
        case .unknownTypeCode(let code): return "unknown type code 0x\(TupleMalformation.hex(code))"
        case .integerOverflow: return "integer does not fit the type asked for"
        case .nestedTooDeeply(let limit): return "tuples nested more than \(limit) levels deep"
        case .unexpectedType(let expected, let found):
            return "expected \(expected), found type code 0x\(TupleMalformation.hex(found))"
        case .missingElement(let index): return "no element at index \(index)"
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }
}
