import LeaseholdCore

/// The type codes of the FoundationDB tuple layer.
@usableFromInline
enum TupleCode {
    @usableFromInline static let null: UInt8 = 0x00
    @usableFromInline static let bytes: UInt8 = 0x01
    @usableFromInline static let string: UInt8 = 0x02
    @usableFromInline static let nested: UInt8 = 0x05
    /// Negative integer of more than 8 bytes (a length byte XOR `ff` follows).
    @usableFromInline static let negativeLong: UInt8 = 0x0b
    @usableFromInline static let zero: UInt8 = 0x14
    /// Positive integer of more than 8 bytes (a length byte follows).
    @usableFromInline static let positiveLong: UInt8 = 0x1d
    @usableFromInline static let float: UInt8 = 0x20
    @usableFromInline static let double: UInt8 = 0x21
    @usableFromInline static let `false`: UInt8 = 0x26
    @usableFromInline static let `true`: UInt8 = 0x27
    @usableFromInline static let uuid: UInt8 = 0x30
    @usableFromInline static let versionstamp: UInt8 = 0x33
    /// The byte that follows a `00` to escape it.
    @usableFromInline static let escape: UInt8 = 0xff
}

extension TupleElementKind {
    /// The kind of a type code, or `nil` for a code the format does not define.
    @inlinable
    public init?(code: UInt8) {
        switch code {
        case TupleCode.null: self = .null
        case TupleCode.bytes: self = .bytes
        case TupleCode.string: self = .string
        case TupleCode.nested: self = .tuple
        case TupleCode.negativeLong ... TupleCode.positiveLong: self = .integer
        case TupleCode.float: self = .float
        case TupleCode.double: self = .double
        case TupleCode.false, TupleCode.true: self = .bool
        case TupleCode.uuid: self = .uuid
        case TupleCode.versionstamp: self = .versionstamp
        default: return nil
        }
    }
}
