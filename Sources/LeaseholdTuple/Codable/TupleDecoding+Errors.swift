import LeaseholdCore

// Decoding errors as `JSONDecoder` throws them: a well-formed tuple that does not hold the type
// asked for is a `DecodingError` with the coding path; only malformed bytes stay
// `LeaseholdError.malformedTuple`.

extension TupleDecoding {
    /// Runs `body`, turning the tuple layer's "not what was asked for" errors into the
    /// `DecodingError` for a `type` at `path`; a missing element is `keyNotFound` for `missingKey`
    /// when there is one. Every other error passes through unchanged.
    @inline(__always)
    static func translating<R>(
        _ type: @autoclosure () -> Any.Type, _ path: @autoclosure () -> [any CodingKey], missingKey: (any CodingKey)? = nil,
        _ body: () throws -> R
    ) throws -> R {
        do {
            return try body()
        } catch let error as LeaseholdError {
            throw decodingError(error, type(), path(), missingKey)
        }
    }

    /// The `DecodingError` for `error`, or `error` itself if the bytes are malformed.
    static func decodingError(_ error: LeaseholdError, _ type: Any.Type, _ path: [any CodingKey], _ missingKey: (any CodingKey)?) -> any Error {
        guard case .malformedTuple(let offset, let reason) = error else { return error }
        switch reason {
        case .unexpectedType(let expected, let found) where found == TupleCode.null:
            return DecodingError.valueNotFound(type, DecodingError.Context(
                codingPath: path, debugDescription: "expected \(expected) for \(type), found null at byte \(offset)", underlyingError: error))
        case .unexpectedType(let expected, let found):
            return DecodingError.typeMismatch(type, DecodingError.Context(
                codingPath: path,
                debugDescription: "expected \(expected) for \(type), found \(elementName(found)) (type code 0x\(TupleSchema.hex(found))) at byte \(offset)",
                underlyingError: error))
        case .missingElement(let index):
            if let missingKey {
                return DecodingError.keyNotFound(missingKey, DecodingError.Context(
                    codingPath: Array(path.dropLast()), debugDescription: "no element for '\(missingKey.stringValue)': the tuple ends at byte \(offset)",
                    underlyingError: error))
            }
            return DecodingError.valueNotFound(type, DecodingError.Context(
                codingPath: path, debugDescription: "expected \(type) at index \(index), the tuple ends at byte \(offset)", underlyingError: error))
        case .integerOverflow:
            return DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: path, debugDescription: "the integer at byte \(offset) does not fit \(type)", underlyingError: error))
        default:
            return error
        }
    }

    /// What the element with type code `code` is, for messages.
    static func elementName(_ code: UInt8) -> String {
        switch code {
        case TupleCode.null: return "null"
        case TupleCode.bytes: return "bytes"
        case TupleCode.string: return "a string"
        case TupleCode.nested: return "a nested tuple"
        case 0x0b ... 0x1d: return "an integer"
        case 0x20: return "a float"
        case 0x21: return "a double"
        case 0x26, 0x27: return "a boolean"
        case 0x30: return "a UUID"
        case 0x33: return "a versionstamp"
        default: return "an element"
        }
    }
}
