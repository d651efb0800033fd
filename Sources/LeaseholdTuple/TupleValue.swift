#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BigInt

import LeaseholdCore
/// Any one tuple element, decoded: for tools, tests and tuples whose shape is known only at run
/// time. (Typed accessors such as `key[1, as: Int.self]` are the fast path.)
///
/// Values are equal, hash and order exactly as their encodings do: `.double(-0.0) != .double(0.0)`,
/// two NaNs are equal when their bits are, `.int(5) == .uint(5) == .bigInt(5)`.
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
    /// An integer of any size the format allows: magnitudes up to 255 bytes (decoding gives
    /// `.bigInt` only outside the `Int64` and `UInt64` ranges; ``integer(_:)`` picks the case).
    case bigInt(BigInt)
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
        case .int, .uint, .bigInt: return .integer
        case .float: return .float
        case .double: return .double
        case .bool: return .bool
        case .uuid: return .uuid
        case .versionstamp: return .versionstamp
        }
    }

    /// Appends the value as one element.
    ///
    /// - precondition: A `.bigInt` magnitude is at most 255 bytes long (``Key/canEncode(_:)``).
    public func encode(to writer: inout TupleWriter) {
        switch self {
        case .null: writer.encodeNull()
        case .bytes(let b): writer.encodeBytes(b)
        case .string(let s): writer.encodeString(s)
        case .tuple(let children): writer.encodeNested { inner in for child in children { child.encode(to: &inner) } }
        case .int(let i): writer.encodeInteger(i)
        case .uint(let u): writer.encodeInteger(u)
        case .bigInt(let b): writer.encodeInteger(b)
        case .float(let f): writer.encodeFloat(f)
        case .double(let d): writer.encodeDouble(d)
        case .bool(let b): writer.encodeBool(b)
        case .uuid(let u): writer.encodeUUID(u)
        case .versionstamp(let v): writer.encodeVersionstamp(v)
        }
    }

    /// Decodes any element (nested tuples up to ``Key/maximumNestingDepth`` levels deep).
    public static func decode(_ element: Key.Element, in key: Key) throws(LeaseholdError) -> TupleValue {
        try key.withBuffer { (buffer) throws(LeaseholdError) in try decode(element, in: key, buffer, depth: 0) }
    }

    /// Decodes `element`, which lies at nesting `depth` of `key` (whose bytes are `buffer`).
    static func decode(_ element: Key.Element, in key: Key, _ buffer: UnsafeRawBufferPointer, depth: Int) throws(LeaseholdError) -> TupleValue {
        switch element.code {
        case TupleCode.null: return .null
        case TupleCode.bytes: return .bytes(element.unescapedBody(in: buffer))
        case TupleCode.string: return .string(try String._decode(element, in: key, buffer: buffer))
        case TupleCode.nested:
            guard depth < Key.maximumNestingDepth else {
                try TupleScanner.fail(element.range.lowerBound, .nestedTooDeeply(limit: Key.maximumNestingDepth))
            }
            return .tuple(try decodeChildren(in: key, buffer, element.body, nested: true, depth: depth + 1))
        case TupleCode.float: return .float(try Float._decode(element, in: key, buffer: buffer))
        case TupleCode.double: return .double(try Double._decode(element, in: key, buffer: buffer))
        case TupleCode.false, TupleCode.true: return .bool(element.code == TupleCode.true)
        case TupleCode.uuid: return .uuid(try UUID._decode(element, in: key, buffer: buffer))
        case TupleCode.versionstamp: return .versionstamp(try Versionstamp._decode(element, in: key, buffer: buffer))
        case TupleCode.negativeLong, TupleCode.positiveLong: return .integer(try element.bigInteger(in: buffer))
        default:
            let (negative, magnitude) = try element.integer(in: buffer)
            if !negative { return magnitude <= UInt64(Int64.max) ? .int(Int64(magnitude)) : .uint(magnitude) }
            if magnitude <= Int64.min.magnitude { return .int(Int64(truncatingIfNeeded: 0 &- magnitude)) }
            return .bigInt(BigInt(sign: .minus, magnitude: BigUInt(magnitude)))
        }
    }

    /// The elements in `range` of `buffer`: a whole top-level tuple, or the body of a nested one
    /// at `depth`. Offsets in errors are the key's.
    static func decodeChildren(in key: Key, _ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, nested: Bool, depth: Int) throws(LeaseholdError) -> [TupleValue] {
        var out: [TupleValue] = []
        var position = range.lowerBound
        while position < range.upperBound {
            let element = try TupleScanner.element(in: buffer, at: position, nested: nested)
            out.append(try decode(element, in: key, buffer, depth: depth))
            position = element.range.upperBound
        }
        return out
    }

    /// The value packed as a one-element tuple.
    var packed: [UInt8] {
        TupleWriter.array { encode(to: &$0) }
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
