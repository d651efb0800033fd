import LeaseholdCore
// `Bytes` and `Key` as fields of Codable records. ``TupleEncoder`` and ``TupleDecoder`` give
// them element types of their own (a byte string, a nested tuple) and decode them as views on
// the record's bytes; any other coder sees their bytes as a `[UInt8]`.

extension Bytes: Codable {
    /// Encodes the bytes as a `[UInt8]` (``TupleEncoder``: as a byte-string element).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Array(self))
    }

    /// Decodes bytes written as a `[UInt8]` (``TupleDecoder``: a byte-string element, as a view
    /// on the decoded bytes when it has no escapes).
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([UInt8].self))
    }
}

extension Key: Codable {
    /// Encodes the packed bytes as a `[UInt8]` (``TupleEncoder``: as a nested-tuple element).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(packed)
    }

    /// Decodes packed bytes written as a `[UInt8]` (``TupleDecoder``: a nested-tuple element, as
    /// a view on the decoded bytes when it has no null children).
    public init(from decoder: any Decoder) throws {
        self.init(packed: try decoder.singleValueContainer().decode([UInt8].self))
    }
}
