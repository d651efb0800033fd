extension LMDBEngine {
    /// How to open an LMDB environment.
    ///
    /// The map is LMDB's memory-mapped file: ``mapSize`` is where it starts, and a write that
    /// fills it grows it (doubling) up to ``maximumMapSize``, after which writes throw
    /// ``LeaseholdError/storeFull(limit:)``.
    public struct Options: Sendable, Hashable {
        /// The directory holding `data.mdb` and `lock.mdb` (created, with any missing parents,
        /// if ``createIfMissing``).
        public var path: String
        /// The initial map size in bytes (rounded up to 64 KiB). An existing, larger store keeps
        /// its size.
        public var mapSize: Int
        /// The ceiling the map may grow to when a write fills it. Equal to ``mapSize`` to never
        /// grow.
        public var maximumMapSize: Int
        /// The most read transactions open at once across every process using the store.
        public var maxReaders: Int
        /// The most named databases the environment may hold (0 when only the main one is used).
        public var maxDatabases: Int
        /// The named database this engine reads and writes, or `nil` for the main database.
        /// Needs ``maxDatabases`` ≥ 1. Other named databases of the same environment are opened
        /// with ``LMDBEngine/database(named:)``.
        public var databaseName: String?
        /// Skip `fsync` at commit (`MDB_NOSYNC`): a crash of the machine, not of the process, may
        /// lose the last transactions, but never corrupts the store.
        public var noSync: Bool
        /// Skip `fsync` of the meta page at commit (`MDB_NOMETASYNC`): a machine crash may lose
        /// the last transaction.
        public var noMetaSync: Bool
        /// Open read-only (`MDB_RDONLY`): writes throw ``LeaseholdError/readOnly``. The store must
        /// exist: a missing one throws ``LeaseholdError/notFound(_:)`` naming the path, and
        /// nothing is created.
        public var readOnly: Bool
        /// Create the directory when missing, with any missing parents (like `mkdir -p`, mode
        /// `0o755`), and the store and the named database in it. When `false`, a directory
        /// without `data.mdb` (or a missing named database) throws ``LeaseholdError/notFound(_:)``
        /// naming the path, and nothing is created. A directory that cannot be made (a file in the
        /// way, no permission) throws ``LeaseholdError/io(_:)`` naming it.
        public var createIfMissing: Bool
        /// How long growing the map waits for this process's read transactions to finish
        /// (LMDB can only remap with none open) before the write throws
        /// ``LeaseholdError/busy(_:)``.
        public var growthWaitSeconds: Double

        /// Options for the store at `path`; by default a 64 MiB map that may grow to 64 GiB,
        /// 126 readers, only the main database, synchronous commits, created when missing.
        public init(
            path: String, mapSize: Int = 64 << 20, maximumMapSize: Int? = nil, maxReaders: Int = 126,
            maxDatabases: Int = 0, databaseName: String? = nil, noSync: Bool = false, noMetaSync: Bool = false,
            readOnly: Bool = false, createIfMissing: Bool = true, growthWaitSeconds: Double = 5
        ) {
            self.path = path
            self.mapSize = mapSize
            self.maximumMapSize = maximumMapSize ?? max(mapSize, 64 << 30)
            self.maxReaders = maxReaders
            self.maxDatabases = maxDatabases
            self.databaseName = databaseName
            self.noSync = noSync
            self.noMetaSync = noMetaSync
            self.readOnly = readOnly
            self.createIfMissing = createIfMissing
            self.growthWaitSeconds = growthWaitSeconds
        }
    }
}
