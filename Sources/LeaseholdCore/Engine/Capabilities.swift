/// What an engine can do and how long the memory it lends stays valid: its manifest.
///
/// The conformance suite reads it to decide which cases apply; tools read it to explain a store.
/// It prints as one line of `name: value` pairs, the names of its properties (a limit or flag
/// that is not set is left out):
/// `engine: lmdb, pointReads: transaction, scans: transaction, writeReads: untilNextUpdate, isolation: serializable, snapshots: true, persistent: true, readYourWrites: true, maxKeySize: 511, maxValueSize: 4294967295`.
public struct Capabilities: Sendable, Hashable, CustomStringConvertible {
    /// How long memory lent by a kind of read stays valid.
    public enum LeaseScope: String, Sendable, Hashable, CustomStringConvertible {
        /// Until the transaction ends.
        case transaction
        /// Until the next update in the same write transaction, or its end.
        case untilNextUpdate
        /// Until the cursor or iterator moves.
        case step
        /// Until the cursor or scan that lent it is finished, however far it moves (RocksDB
        /// values with `pinData`).
        case cursor
        /// Not lent at all: the engine returns a private copy (e.g. LevelDB's `Get`).
        case copy
        /// Until the value itself is dropped (it owns its pin, e.g. a RocksDB pinnable slice).
        case pinned

        /// The case's name.
        public var description: String { rawValue }
    }

    /// How concurrent transactions see each other.
    public enum Isolation: String, Sendable, Hashable, CustomStringConvertible {
        /// Readers see a snapshot; writers are serialised (LMDB, the Memory engine).
        case serializable
        /// Readers see a snapshot; concurrent writers may conflict.
        case snapshot
        /// Reads see the latest committed data.
        case readCommitted

        /// The case's name.
        public var description: String { rawValue }
    }

    /// The engine's name, e.g. `"memory"` or `"lmdb"`.
    public var engine: String
    /// Lease of values from `get` in a read transaction.
    public var pointReads: LeaseScope
    /// Lease of keys (and, unless ``scanValues`` says otherwise, values) from scans and cursors in
    /// a read transaction.
    public var scans: LeaseScope
    /// Lease of values from scans and cursors in a read transaction: the same as ``scans`` except
    /// where an engine keeps values longer than keys (RocksDB with `pinData`: `.cursor`).
    public var scanValues: LeaseScope
    /// Lease of anything read in a write transaction.
    public var writeReads: LeaseScope
    /// Whether a read transaction sees one consistent snapshot.
    public var snapshots: Bool
    /// Whether committed data survives closing and reopening the store.
    public var persistent: Bool
    /// Whether a write transaction sees its own uncommitted writes.
    public var readYourWrites: Bool
    /// How transactions are isolated.
    public var isolation: Isolation
    /// The longest key accepted, if there is a limit.
    public var maxKeySize: Int?
    /// The longest value accepted, if there is a limit.
    public var maxValueSize: Int?
    /// Whether lent memory is overwritten and freed the moment its lease ends (a checking mode
    /// that makes a sink that failed to copy read garbage).
    public var poisonsExpiredMemory: Bool
    /// The most puts and deletes one write transaction may hold, if there is a limit (etcd's
    /// `--max-txn-ops`); a bigger transaction fails before anything is applied.
    public var maxTransactionWrites: Int?
    /// The most key and value bytes one write transaction may hold, if there is a limit (a
    /// network engine's request size, with room for its framing).
    public var maxTransactionBytes: Int?
    /// Whose commits ``Engine/changes(in:after:)`` delivers (``ChangeFeedScope/none``: the engine
    /// has no feed).
    public var changeFeed: ChangeFeedScope

    /// Creates a manifest.
    public init(
        engine: String, pointReads: LeaseScope, scans: LeaseScope, writeReads: LeaseScope,
        snapshots: Bool, persistent: Bool, readYourWrites: Bool, isolation: Isolation,
        maxKeySize: Int?, maxValueSize: Int?, poisonsExpiredMemory: Bool = false, scanValues: LeaseScope? = nil,
        maxTransactionWrites: Int? = nil, maxTransactionBytes: Int? = nil, changeFeed: ChangeFeedScope = .none
    ) {
        self.engine = engine
        self.pointReads = pointReads
        self.scans = scans
        self.scanValues = scanValues ?? scans
        self.writeReads = writeReads
        self.snapshots = snapshots
        self.persistent = persistent
        self.readYourWrites = readYourWrites
        self.isolation = isolation
        self.maxKeySize = maxKeySize
        self.maxValueSize = maxValueSize
        self.poisonsExpiredMemory = poisonsExpiredMemory
        self.maxTransactionWrites = maxTransactionWrites
        self.maxTransactionBytes = maxTransactionBytes
        self.changeFeed = changeFeed
    }

    /// One line of `name: value` pairs: the engine, the lease scopes, isolation, the flags, and
    /// the limits that are set (``scanValues`` only where it differs from ``scans``,
    /// ``poisonsExpiredMemory`` only when on, ``changeFeed`` only when there is one).
    public var description: String {
        var pairs: [(String, String)] = [("engine", engine), ("pointReads", "\(pointReads)"), ("scans", "\(scans)")]
        if scanValues != scans { pairs.append(("scanValues", "\(scanValues)")) }
        pairs += [
            ("writeReads", "\(writeReads)"), ("isolation", "\(isolation)"), ("snapshots", "\(snapshots)"),
            ("persistent", "\(persistent)"), ("readYourWrites", "\(readYourWrites)"),
        ]
        if let maxKeySize { pairs.append(("maxKeySize", "\(maxKeySize)")) }
        if let maxValueSize { pairs.append(("maxValueSize", "\(maxValueSize)")) }
        if let maxTransactionWrites { pairs.append(("maxTransactionWrites", "\(maxTransactionWrites)")) }
        if let maxTransactionBytes { pairs.append(("maxTransactionBytes", "\(maxTransactionBytes)")) }
        if poisonsExpiredMemory { pairs.append(("poisonsExpiredMemory", "true")) }
        if changeFeed != .none { pairs.append(("changeFeed", "\(changeFeed)")) }
        return pairs.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
    }
}
