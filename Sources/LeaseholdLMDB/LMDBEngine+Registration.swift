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
    /// Register it once: `Engines.register(.lmdb)`.
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
        var options = LMDBEngine.Options(path: try request.directory())
        let given = request.options
        if let size = given.size("mapSize") { options.mapSize = size }
        options.maximumMapSize = given.size("maximumMapSize") ?? max(options.mapSize, options.maximumMapSize)
        if options.maximumMapSize < options.mapSize {
            throw LeaseholdError.invalidOption(scheme: "lmdb", option: "maximumMapSize", problem: "smaller than mapSize (\(options.mapSize) bytes)")
        }
        if let readers = given.integer("maxReaders") { options.maxReaders = readers }
        if let databases = given.integer("maxDatabases") { options.maxDatabases = databases }
        if let name = given.string("database") {
            options.databaseName = name
            options.maxDatabases = max(options.maxDatabases, 1)
        }
        if let flag = given.bool("noSync") { options.noSync = flag }
        if let flag = given.bool("noMetaSync") { options.noMetaSync = flag }
        if let flag = given.bool("readOnly") { options.readOnly = flag }
        if let flag = given.bool("createIfMissing") { options.createIfMissing = flag }
        if let seconds = given.duration("growthWait") { options.growthWaitSeconds = seconds }
        if request.access == .readOnly {
            guard FileManager.default.fileExists(atPath: options.path + "/data.mdb") else {
                throw LeaseholdError.notFound("no LMDB store in '\(options.path)' (data.mdb is missing)")
            }
            options.readOnly = true
            options.createIfMissing = false
        } else if !options.createIfMissing && !FileManager.default.fileExists(atPath: options.path + "/data.mdb") {
            throw LeaseholdError.notFound("no LMDB store in '\(options.path)' and createIfMissing=false")
        }
        return try LMDBEngine(options: options)
    }
}
