/// Whose commits an engine's change feed sees (``Capabilities/changeFeed``).
public enum ChangeFeedScope: String, Sendable, Hashable, CustomStringConvertible {
    /// The engine has no change feed: ``Engine/changes(in:after:)`` throws
    /// ``LeaseholdError/unsupported(_:)``.
    case none
    /// The commits made through this open store in this process. Another process writing the
    /// same files (LMDB, LevelDB, RocksDB) is not seen.
    case thisProcess
    /// Every client's commits (etcd's watch).
    case allClients

    /// The case's name.
    public var description: String { rawValue }
}
