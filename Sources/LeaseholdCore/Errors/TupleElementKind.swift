/// The kind of a tuple element, as its type code says.
///
/// The cases are listed in the order the encoding sorts them: every null before every byte
/// string, and so on up to versionstamps.
public enum TupleElementKind: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `None` / null: code `00`.
    case null
    /// A byte string: code `01`.
    case bytes
    /// A UTF-8 string: code `02`.
    case string
    /// A nested tuple: code `05`.
    case tuple
    /// An integer: codes `0b`–`1d`.
    case integer
    /// A 32-bit float: code `20`.
    case float
    /// A 64-bit float: code `21`.
    case double
    /// `false` or `true`: codes `26`, `27`.
    case bool
    /// A UUID: code `30`.
    case uuid
    /// A versionstamp: code `33`.
    case versionstamp


    public var description: String {
        switch self {
        case .null: return "null"
        case .bytes: return "bytes"
        case .string: return "string"
        case .tuple: return "nested tuple"
        case .integer: return "integer"
        case .float: return "float"
        case .double: return "double"
        case .bool: return "bool"
        case .uuid: return "UUID"
        case .versionstamp: return "versionstamp"
        }
    }
}
