import CRocksDB

extension RocksDBEngine {
    /// How RocksDB compresses table blocks. Every case here works with Debian's `librocksdb`
    /// 7.8 (checked by a real open, write and flush in the tests); a build without one of them
    /// fails the open with ``LeaseholdError/invalidArgument(_:)``.
    public enum Compression: String, Sendable, Hashable, CaseIterable {
        /// Blocks stored as they are.
        case none
        /// Snappy, RocksDB's default: fast, modest ratio.
        case snappy
        /// zlib: slower, better ratio.
        case zlib
        /// bzip2: slow, good ratio.
        case bzip2
        /// LZ4: the fastest to decompress.
        case lz4
        /// LZ4 high-compression: slower to write, as fast to read as LZ4.
        case lz4hc
        /// Zstandard: a good ratio at a good speed.
        case zstd

        /// RocksDB's `CompressionType` value.
        var code: Int32 {
            switch self {
            case .none: return Int32(rocksdb_no_compression)
            case .snappy: return Int32(rocksdb_snappy_compression)
            case .zlib: return Int32(rocksdb_zlib_compression)
            case .bzip2: return Int32(rocksdb_bz2_compression)
            case .lz4: return Int32(rocksdb_lz4_compression)
            case .lz4hc: return Int32(rocksdb_lz4hc_compression)
            case .zstd: return Int32(rocksdb_zstd_compression)
            }
        }
    }

    /// How to open a RocksDB store.
    ///
    /// The defaults are RocksDB's own except two: writes are synchronous (``syncWrites``), and the
    /// block cache is one this engine creates (``blockCacheSize``, 32 MiB).
    public struct Options: Sendable, Hashable {
        /// The directory holding the store's files (created, with any missing parents, if
        /// ``createIfMissing``).
        public var path: String
        /// Read iterators with `pin_data`: the table blocks an iterator visits stay pinned until
        /// it is closed, so scanned **values** are lent for the whole scan (``Capabilities/scanValues``
        /// is `.cursor`) instead of one step, and a value kept while the scan goes on is copied
        /// only if it outlives the scan. Keys are still lent per step. Costs memory: every block a
        /// scan touched stays in memory until the scan ends.
        public var pinData: Bool
        /// Create the store when the directory holds none (`create_if_missing`), and the directory
        /// with any missing parents (like `mkdir -p`, mode `0o755`). When `false`, a missing
        /// store throws ``LeaseholdError/notFound(_:)`` naming the path, and nothing is created.
        /// A directory that cannot be made (a file in the way, no permission) throws
        /// ``LeaseholdError/io(_:)`` naming it.
        public var createIfMissing: Bool
        /// Refuse to open a store that already exists (`error_if_exists`): throws
        /// ``LeaseholdError/alreadyExists(_:)``.
        public var errorIfExists: Bool
        /// Open read-only (`rocksdb_open_for_read_only`): no lock is taken, so another process may
        /// have the store open for writing; reads see what was committed when this open happened.
        /// Writes throw ``LeaseholdError/readOnly``.
        public var readOnly: Bool
        /// Check data aggressively (`paranoid_checks`, RocksDB's default): a damaged file fails
        /// the open or the read with ``LeaseholdError/corrupted(_:)``.
        public var paranoidChecks: Bool
        /// Verify the checksum of every block read (`ReadOptions::verify_checksums`, RocksDB's
        /// default), in gets and scans.
        public var verifyChecksums: Bool
        /// Make every commit durable before `write` returns (`WriteOptions::sync`: the write-ahead
        /// log is `fsync`ed). **Default `true`**, so a returned `write` survives a machine crash,
        /// as an LMDB commit does. With `false` (RocksDB's own default) a commit costs no `fsync`
        /// and still survives the crash of the process (the log is written before `write`
        /// returns), but a crash of the machine may lose the last commits — never part of one.
        public var syncWrites: Bool
        /// Block compression.
        public var compression: Compression
        /// Bytes of uncompressed blocks kept in memory (an LRU cache this engine owns). Scans and
        /// pinned gets run from it: give it room for the hot part of the data set.
        public var blockCacheSize: Int
        /// Bytes of writes gathered in memory before they are flushed to a table file
        /// (`write_buffer_size`, 64 MiB by default).
        public var writeBufferSize: Int
        /// Table files kept open at once (`max_open_files`; -1, RocksDB's default, keeps all open).
        public var maxOpenFiles: Int
        /// Bits per key of a Bloom filter in each table, which spares most disk reads of a `get`
        /// for a missing key; `nil` (RocksDB's default) for none. 10 is the usual choice.
        public var bloomFilterBitsPerKey: Int?
        /// The longest key reads and writes accept, checked before anything reaches the store
        /// (``LeaseholdError/keyTooLarge(size:limit:)``); `nil` (the default) leaves only
        /// RocksDB's own limit of 4 GiB − 1 bytes.
        public var maxKeySize: Int?

        /// Options for the store at `path`.
        public init(
            path: String, pinData: Bool = false, createIfMissing: Bool = true, errorIfExists: Bool = false,
            readOnly: Bool = false, paranoidChecks: Bool = true, verifyChecksums: Bool = true, syncWrites: Bool = true,
            compression: Compression = .snappy, blockCacheSize: Int = 32 << 20, writeBufferSize: Int = 64 << 20,
            maxOpenFiles: Int = -1, bloomFilterBitsPerKey: Int? = nil, maxKeySize: Int? = nil
        ) {
            self.path = path
            self.pinData = pinData
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
            self.bloomFilterBitsPerKey = bloomFilterBitsPerKey
            self.maxKeySize = maxKeySize
        }
    }
}
