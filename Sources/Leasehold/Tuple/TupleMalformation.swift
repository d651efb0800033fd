/// Why some bytes are not a valid tuple encoding (see ``LeaseholdError/malformedTuple(offset:reason:)``).
public enum TupleMalformation: Sendable, Hashable, CustomStringConvertible {
    /// The input ends inside an element.
    case truncated
    /// A bytes, string or nested element has no terminating `00`.
    case missingTerminator
    /// A `00` inside an element is followed by something other than `ff` where an escape belongs.
    case badEscape
    /// A string element is not valid UTF-8.
    case invalidUTF8
    /// A type code the format does not define.
    case unknownTypeCode(UInt8)
    /// An integer outside the range that can be represented.
    case integerOverflow

    public var description: String {
        switch self {
        case .truncated: return "input ends inside an element"
        case .missingTerminator: return "missing terminator"
        case .badEscape: return "bad escape"
        case .invalidUTF8: return "invalid UTF-8 in a string"
        case .unknownTypeCode(let code): return "unknown type code 0x\(String(code, radix: 16))"
        case .integerOverflow: return "integer out of range"
        }
    }
}
