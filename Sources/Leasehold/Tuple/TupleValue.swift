#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Any one tuple element, decoded: for tools, tests and tuples whose shape is known only at run
/// time. (Typed accessors such as `key[1, as: Int.self]` are the fast path.)
///
/// Values are equal, hash and order exactly as their encodings do: `.double(-0.0) != .double(0.0)`,
/// two NaNs are equal when their bits are, `.int(5) == .uint(5)`.
public enum TupleValue: Sendable, Hashable, Comparable, TupleCodable, CustomStringConvertible {
    /// Null (`None`).
    case null
    /// A byte string.
    case bytes([UInt8])
    /// A string.
    case string(String)
    /// A nested tuple.
    case tuple([TupleValue])
    /// An integer in the `Int64` range.
    case int(Int64)
    /// An integer in the `UInt64` range (decoding gives `.uint` only above `Int64.max`).
    case uint(UInt64)
    /// A 32-bit float.
    case float(Float)
    /// A 64-bit float.
    case double(Double)
    /// A boolean.
    case bool(Bool)
    /// A UUID.
    case uuid(UUID)
    /// A versionstamp.
    case versionstamp(Versionstamp)

    /// The kind of element.
    public var kind: TupleElementKind {
        switch self {
        case .null: return .null
        case .bytes: return .bytes
        case .string: return .string
        case .tuple: return .tuple
        case .int, .uint: return .integer
        case .float: return .float
        case .double: return .double
        case .bool: return .bool
        case .uuid: return .uuid
        case .versionstamp: return .versionstamp
        }
    }

    /// Appends the value as one element.
    public func encode(to encoder: inout TupleEncoder) {
        switch self {
        case .null: encoder.encodeNull()
        case .bytes(let b): encoder.encodeBytes(b)
        case .string(let s): encoder.encodeString(s)
        case .tuple(let children): encoder.encodeNested { inner in for child in children { child.encode(to: &inner) } }
        case .int(let i): encoder.encodeInteger(i)
        case .uint(let u): encoder.encodeInteger(u)
        case .float(let f): encoder.encodeFloat(f)
        case .double(let d): encoder.encodeDouble(d)
        case .bool(let b): encoder.encodeBool(b)
        case .uuid(let u): encoder.encodeUUID(u)
        case .versionstamp(let v): encoder.encodeVersionstamp(v)
        }
    }

    /// Decodes any element.
    public static func decode(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> TupleValue {
        switch element.code {
        case TupleCode.null: return .null
        case TupleCode.bytes: return .bytes(try [UInt8].decode(element, in: key))
        case TupleCode.string: return .string(try String.decode(element, in: key))
        case TupleCode.nested:
            // The nested key's offsets restart at 0: shift errors back to this key's.
            let nested = try Key.decode(element, in: key)
            do { return .tuple(try nested.values()) } catch {
                guard case .malformedTuple(let offset, let reason) = error else { throw error }
                // Re-packed children (null children present) no longer line up: point at the element.
                let shifted = element.escaped ? element.range.lowerBound : offset + element.range.lowerBound + 1
                throw .malformedTuple(offset: shifted, reason: reason)
            }
        case TupleCode.float: return .float(try Float.decode(element, in: key))
        case TupleCode.double: return .double(try Double.decode(element, in: key))
        case TupleCode.false, TupleCode.true: return .bool(element.code == TupleCode.true)
        case TupleCode.uuid: return .uuid(try UUID.decode(element, in: key))
        case TupleCode.versionstamp: return .versionstamp(try Versionstamp.decode(element, in: key))
        default:
            let (negative, magnitude) = try key.withBuffer { (buffer) throws(LeaseholdError) in try element.integer(in: buffer) }
            if negative {
                guard magnitude <= UInt64(Int64.min.magnitude) else {
                    throw .malformedTuple(offset: element.range.lowerBound, reason: .integerOverflow)
                }
                return .int(Int64(truncatingIfNeeded: 0 &- magnitude))
            }
            return magnitude <= UInt64(Int64.max) ? .int(Int64(magnitude)) : .uint(magnitude)
        }
    }

    /// The value packed as a one-element tuple.
    var packed: [UInt8] {
        var encoder = TupleEncoder(reservingCapacity: 16)
        encode(to: &encoder)
        return encoder.bytes
    }

    /// Equal encodings.
    public static func == (lhs: TupleValue, rhs: TupleValue) -> Bool { lhs.packed == rhs.packed }

    /// Encoding order, which is tuple order.
    public static func < (lhs: TupleValue, rhs: TupleValue) -> Bool {
        lhs.packed.withUnsafeBytes { a in rhs.packed.withUnsafeBytes { b in Bytes.compare(a, b) < 0 } }
    }

    /// Hashes the encoding.
    public func hash(into hasher: inout Hasher) { hasher.combine(packed) }

    /// The Python literal of the value.
    public var description: String { TupleLiteral.format(self) }
}
