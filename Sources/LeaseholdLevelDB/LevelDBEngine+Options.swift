extension LevelDBEngine {
    /// How LevelDB compresses table blocks.
    ///
    /// LevelDB 1.23 (Debian's `libleveldb`, linked against `libsnappy`) offers Snappy or nothing;
    /// its C API has no LZ4 or Zstandard. A build without Snappy silently stores blocks
    /// uncompressed.
    public enum Compression: String, Sendable, Hashable, CaseIterable {
        /// Blocks stored as they are.
        case none
        /// Snappy, LevelDB's default: fast, and roughly halves typical data.
        case snappy
    }

    /// How to open a LevelDB store.
    ///
    /// The defaults are LevelDB's own except two: writes are synchronous (``syncWrites``), and the
    /// block cache is one this engine creates (``blockCacheSize``, 8 MiB like LevelDB's default).
    public struct Options: Sendable, Hashable {
        /// The directory holding the store's files (created, with any missing parents, if
        /// ``createIfMissing``).
        public var path: String
        /// Create the store when the directory holds none (`create_if_missing`), and the directory
        /// with any missing parents (like `mkdir -p`, mode `0o755`). When `false`, a missing
        /// store throws ``LeaseholdError/notFound(_:)`` naming the path, and nothing is created.
        /// A directory that cannot be made (a file in the way, no permission) throws
        /// ``LeaseholdError/io(_:)`` naming it.
        public var createIfMissing: Bool
        /// Refuse to open a store that already exists (`error_if_exists`): throws
        /// ``LeaseholdError/alreadyExists(_:)``.
        public var errorIfExists: Bool
        /// Refuse writes: every `write` throws ``LeaseholdError/readOnly``. LevelDB has no
        /// read-only open, so the store must exist (``createIfMissing`` is ignored) and is locked
        /// as for writing: no other open, in this process or another, may stand beside it.
        public var readOnly: Bool
        /// Check data aggressively (`paranoid_checks`): a damaged file fails the open or the read
        /// with ``LeaseholdError/corrupted(_:)`` instead of being skipped.
        public var paranoidChecks: Bool
        /// Verify the checksum of every block read (`ReadOptions::verify_checksums`), in reads
        /// and scans.
        public var verifyChecksums: Bool
        /// Make every commit durable before `write` returns (`WriteOptions::sync`: the log is
        /// `fsync`ed). **Default `true`**, so a returned `write` survives a machine crash, as an
        /// LMDB commit does. With `false` (LevelDB's own default) a commit costs no `fsync` and
        /// still survives the crash of the process (the log is written before `write` returns),
        /// but a crash of the machine may lose the last commits — never part of one.
        public var syncWrites: Bool
        /// Block compression.
        public var compression: Compression
        /// Bytes of uncompressed blocks kept in memory (an LRU cache this engine owns).
        public var blockCacheSize: Int
        /// Bytes of writes gathered in memory before they are sorted into a table file
        /// (`write_buffer_size`, 4 MiB by default).
        public var writeBufferSize: Int
        /// Table files kept open at once (`max_open_files`, 1000 by default).
        public var maxOpenFiles: Int
        /// Bytes of user data per block, before compression (`block_size`, 4 KiB by default).
        public var blockSize: Int
        /// Bits per key of a Bloom filter in each table, which spares most disk reads of a `get`
        /// for a missing key; `nil` (LevelDB's default) for none. 10 is the usual choice.
        public var bloomFilterBitsPerKey: Int?

        /// Options for the store at `path`.
        public init(
            path: String, createIfMissing: Bool = true, errorIfExists: Bool = false, readOnly: Bool = false, paranoidChecks: Bool = false,
            verifyChecksums: Bool = false, syncWrites: Bool = true, compression: Compression = .snappy,
            blockCacheSize: Int = 8 << 20, writeBufferSize: Int = 4 << 20, maxOpenFiles: Int = 1000,
            blockSize: Int = 4 << 10, bloomFilterBitsPerKey: Int? = nil
        ) {
            self.path = path
            self.createIfMissing = createIfMissing
            self.errorIfExists = errorIfExists
            self.readOnly = readOnly
            self.paranoidChecks = paranoidChecks
            self.verifyChecksums = verifyChecksums
            self.syncWrites = syncWrites
            self.compression = compression
            self.blockCacheSize = blockCacheSize
            self.writeBufferSize = writeBufferSize
            self.maxOpenFiles = maxOpenFiles
            self.blockSize = blockSize
            self.bloomFilterBitsPerKey = bloomFilterBitsPerKey
        }
    }
}
