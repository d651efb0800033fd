import LeaseholdCore

extension EngineRegistration {
    /// `rocksdb:DIRECTORY`: a ``RocksDBEngine`` over the store in that directory.
    ///
    /// Options (each a field of ``RocksDBEngine/Options``): `pinData`, `createIfMissing`,
    /// `errorIfExists`, `readOnly`, `paranoidChecks`, `verifyChecksums`, `syncWrites`,
    /// `compression`, `blockCacheSize`, `writeBufferSize`, `maxOpenFiles`,
    /// `bloomFilterBitsPerKey`, `maxKeySize`. Opened for `EngineAccess.readOnly` the store must
    /// exist and is opened read-only (RocksDB takes no lock then, so a writer may have it open).
    /// Register it once: `try Engines.register(.rocksdb)`.
    public static let rocksdb = EngineRegistration(
        scheme: "rocksdb",
        summary: "RocksDB: an LSM tree; gets pinned in the block cache, scans lent one iterator step at a time",
        example: "rocksdb:./data?pinData=true&compression=zstd&blockCacheSize=512MiB",
        options: [
            EngineOption("pinData", .bool, default: "false", "Keep scanned values valid for the whole scan (pin_data), not one step."),
            EngineOption("createIfMissing", .bool, default: "true", "Create the store when the directory holds none."),
            EngineOption("errorIfExists", .bool, default: "false", "Refuse to open a store that already exists."),
            EngineOption("readOnly", .bool, default: "false", "Open read-only, without the lock: writes throw readOnly."),
            EngineOption("paranoidChecks", .bool, default: "true", "Fail on any damaged file."),
            EngineOption("verifyChecksums", .bool, default: "true", "Verify the checksum of every block read."),
            EngineOption("syncWrites", .bool, default: "true", "fsync the write-ahead log at every commit."),
            EngineOption("compression", .choice(RocksDBEngine.Compression.allCases.map(\.rawValue)), default: "snappy", "Block compression."),
            EngineOption("blockCacheSize", .size, default: "32MiB", "Uncompressed blocks kept in memory (scans and pinned gets run from it)."),
            EngineOption("writeBufferSize", .size, default: "64MiB", "Writes gathered in memory before a table file is written."),
            EngineOption("maxOpenFiles", .integer(-1 ... 1 << 20), default: "-1", "Table files kept open at once (-1: all)."),
            EngineOption("bloomFilterBitsPerKey", .integer(1 ... 64), "Bits per key of a Bloom filter in each table (none when absent)."),
            EngineOption("maxKeySize", .size, "The longest key reads and writes accept (only RocksDB's own 4 GiB limit when absent)."),
        ],
        scratch: .subdirectories("rocksdb")
    ) { request in
        var options = RocksDBEngine.Options(path: try request.directory(marker: "CURRENT", engine: "RocksDB"))
        let given = request.options
        given.assign(
            to: &options,
            bools: ["pinData": \.pinData, "createIfMissing": \.createIfMissing, "errorIfExists": \.errorIfExists, "readOnly": \.readOnly,
                    "paranoidChecks": \.paranoidChecks, "verifyChecksums": \.verifyChecksums, "syncWrites": \.syncWrites],
            sizes: ["blockCacheSize": \.blockCacheSize, "writeBufferSize": \.writeBufferSize],
            integers: ["maxOpenFiles": \.maxOpenFiles], optionalIntegers: ["bloomFilterBitsPerKey": \.bloomFilterBitsPerKey])
        if let name = given.string("compression") { options.compression = RocksDBEngine.Compression(rawValue: name)! }
        if let size = given.size("maxKeySize") {
            guard size >= 1 && size <= Int(UInt32.max) else {
                throw LeaseholdError.invalidOption(scheme: "rocksdb", option: "maxKeySize", problem: "\(size) is not from 1 to \(UInt32.max) bytes")
            }
            options.maxKeySize = size
        }
        if request.access == .readOnly {
            // The engine looks for CURRENT first, so a missing store creates nothing.
            options.readOnly = true
            options.createIfMissing = false
        }
        return try RocksDBEngine(options: options)
    }
}
