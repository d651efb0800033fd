import LeaseholdCore

extension EngineRegistration {
    /// `leveldb:DIRECTORY`: a ``LevelDBEngine`` over the store in that directory. Opened for
    /// `EngineAccess.readOnly` the store must exist (`notFound` otherwise, nothing created) and
    /// refuses writes (``LevelDBEngine/Options/readOnly``). Register it once:
    /// `try Engines.register(.leveldb)`.
    public static let leveldb = EngineRegistration(
        scheme: "leveldb",
        summary: "LevelDB: an LSM tree; scans lent one iterator step at a time, gets adopted",
        example: "leveldb:./data?blockCacheSize=64MiB&syncWrites=false",
        options: [
            EngineOption("createIfMissing", .bool, default: "true", "Create the store when the directory holds none."),
            EngineOption("errorIfExists", .bool, default: "false", "Refuse to open a store that already exists."),
            EngineOption("readOnly", .bool, default: "false", "Refuse writes (the store must exist; LevelDB still locks it)."),
            EngineOption("paranoidChecks", .bool, default: "false", "Fail on any damaged file instead of skipping it."),
            EngineOption("verifyChecksums", .bool, default: "false", "Verify the checksum of every block read."),
            EngineOption("syncWrites", .bool, default: "true", "fsync the log at every commit."),
            EngineOption("compression", .choice(LevelDBEngine.Compression.allCases.map(\.rawValue)), default: "snappy", "Block compression."),
            EngineOption("blockCacheSize", .size, default: "8MiB", "Uncompressed blocks kept in memory."),
            EngineOption("writeBufferSize", .size, default: "4MiB", "Writes gathered in memory before a table file is written."),
            EngineOption("maxOpenFiles", .integer(10 ... 1 << 20), default: "1000", "Table files kept open at once."),
            EngineOption("blockSize", .size, default: "4KiB", "User data per block, before compression."),
            EngineOption("bloomFilterBitsPerKey", .integer(1 ... 64), "Bits per key of a Bloom filter in each table (none when absent)."),
        ],
        scratch: .subdirectories("leveldb")
    ) { request in
        var options = LevelDBEngine.Options(path: try request.directory(marker: "CURRENT", engine: "LevelDB"))
        request.options.assign(
            to: &options,
            bools: ["createIfMissing": \.createIfMissing, "errorIfExists": \.errorIfExists, "readOnly": \.readOnly,
                    "paranoidChecks": \.paranoidChecks, "verifyChecksums": \.verifyChecksums, "syncWrites": \.syncWrites],
            sizes: ["blockCacheSize": \.blockCacheSize, "writeBufferSize": \.writeBufferSize, "blockSize": \.blockSize],
            integers: ["maxOpenFiles": \.maxOpenFiles], optionalIntegers: ["bloomFilterBitsPerKey": \.bloomFilterBitsPerKey])
        if let name = request.options.string("compression") { options.compression = LevelDBEngine.Compression(rawValue: name)! }
        // LevelDB has no read-only open: the engine refuses writes, and looks for the store first.
        if request.access == .readOnly { options.readOnly = true }
        return try LevelDBEngine(options: options)
    }
}
