/// The number of a commit in a store's change feed: what a feed consumer resumes after.
///
/// Numbers increase with every commit; they need not be consecutive (a number may belong to a
/// write that no feed saw, or to one that was not committed). Local engines (LMDB, LevelDB,
/// RocksDB, memory) number the commits of one open store in this process, starting at 1 each
/// time the store is opened; etcd uses its revision, which every client shares.
public struct CommitSequence: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The number.
    public let rawValue: UInt64

    /// The sequence number `rawValue`.
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }

    /// Orders by number.
    public static func < (lhs: CommitSequence, rhs: CommitSequence) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Decodes the bare number.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(UInt64.self)
    }

    /// Encodes the bare number.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The number in decimal.
    public var description: String { String(rawValue) }
}
