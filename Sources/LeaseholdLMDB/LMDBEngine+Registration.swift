#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import LeaseholdCore

extension EngineRegistration {
    /// `lmdb:DIRECTORY`: an ``LMDBEngine`` over the environment in that directory.
    ///
    /// Options (each a field of ``LMDBEngine/Options``): `mapSize`, `maximumMapSize`,
    /// `maxReaders`, `maxDatabases`, `database`, `noSync`, `noMetaSync`, `readOnly`,
    /// `createIfMissing`, `growthWait`. Opened for `EngineAccess.readOnly`, the store must
    /// exist (`data.mdb` in the directory) and is opened with `MDB_RDONLY`.
    /// Register it once: `try Engines.register(.lmdb)`.
    public static let lmdb = EngineRegistration(
        scheme: "lmdb",
        summary: "LMDB: a memory-mapped B+tree; reads lent for the whole transaction",
        example: "lmdb:./data?mapSize=1GiB&noSync=true",
        options: [
            EngineOption("mapSize", .size, default: "64MiB", "Initial size of the memory map; it grows (doubling) when a write fills it."),
            EngineOption("maximumMapSize", .size, default: "64GiB", "The ceiling the map may grow to; writes beyond it throw storeFull."),
            EngineOption("maxReaders", .integer(1 ... 1 << 20), default: "126", "Read transactions open at once, across every process."),
            EngineOption("maxDatabases", .integer(0 ... 32_767), default: "0", "Named databases the environment may hold."),
            EngineOption("database", .string, "The named database to use (sets maxDatabases to at least 1); the main one when absent."),
            EngineOption("noSync", .bool, default: "false", "Skip fsync at commit: a machine crash may lose the last transactions, never the store."),
            EngineOption("noMetaSync", .bool, default: "false", "Skip fsync of the meta page at commit: a machine crash may lose the last transaction."),
            EngineOption("readOnly", .bool, default: "false", "Open with MDB_RDONLY: writes throw readOnly."),
            EngineOption("createIfMissing", .bool, default: "true", "Create the directory and database when missing."),
            EngineOption("growthWait", .duration, default: "5s", "How long growing the map waits for this process's readers before a write throws busy."),
        ],
        scratch: .subdirectories("lmdb")
    ) { request in
        var options = LMDBEngine.Options(path: try request.directory(marker: "data.mdb", engine: "LMDB"))
        let given = request.options
        given.assign(
            to: &options,
            bools: ["noSync": \.noSync, "noMetaSync": \.noMetaSync, "readOnly": \.readOnly, "createIfMissing": \.createIfMissing],
            sizes: ["mapSize": \.mapSize], integers: ["maxReaders": \.maxReaders, "maxDatabases": \.maxDatabases],
            durations: ["growthWait": \.growthWaitSeconds])
        options.maximumMapSize = given.size("maximumMapSize") ?? max(options.mapSize, options.maximumMapSize)
        if options.maximumMapSize < options.mapSize {
            throw LeaseholdError.invalidOption(scheme: "lmdb", option: "maximumMapSize", problem: "smaller than mapSize (\(options.mapSize) bytes)")
        }
        if let name = given.string("database") {
            options.databaseName = name
            options.maxDatabases = max(options.maxDatabases, 1)
        }
        if request.access == .readOnly {
            options.readOnly = true
            options.createIfMissing = false
        } else if !options.createIfMissing && !FileManager.default.fileExists(atPath: options.path + "/data.mdb") {
            throw LeaseholdError.notFound("no LMDB store in '\(options.path)' and createIfMissing=false")
        }
        return try LMDBEngine(options: options)
    }
}
