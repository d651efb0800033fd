import Foundation
import Leasehold
import LeaseholdConformance
import LeaseholdLMDB
import Testing

/// `lmdb:` through the engine registry: options reach `LMDBEngine.Options`, read-only opens
/// create nothing, the conformance suite runs from a URL.
@Suite("LMDB registration")
struct LMDBRegistrationTests {
    let registry = EngineRegistry([.lmdb])

    @Test("URL options become LMDBEngine options")
    func options() throws {
        let path = temporaryStorePath("registry")
        defer { removeStore(path) }
        let store = try registry.open("lmdb:\(path)?mapSize=2MiB&maximumMapSize=1GiB&maxReaders=7&noSync=true&database=accounts&growthWait=250ms")
        let lmdb = try #require(store.base as? LMDBEngine)
        #expect(lmdb.options.mapSize == 2 << 20)
        #expect(lmdb.options.maximumMapSize == 1 << 30)
        #expect(lmdb.options.maxReaders == 7)
        #expect(lmdb.options.noSync)
        #expect(lmdb.options.databaseName == "accounts")
        #expect(lmdb.options.maxDatabases == 1)
        #expect(lmdb.options.growthWaitSeconds == 0.25)
        try store.write { try $0.put(Bytes("k"), Bytes("v")) }
        try store.close()

        #expect(throws: LeaseholdError.invalidOption(scheme: "lmdb", option: "maximumMapSize", problem: "smaller than mapSize (2097152 bytes)")) {
            try registry.open("lmdb:\(path)?mapSize=2MiB&maximumMapSize=1MiB")
        }
        #expect(throws: LeaseholdError.self) { try registry.open("lmdb:") }
    }

    @Test("read-only access: a missing store is notFound and nothing is created; an existing one opens read-only")
    func readOnlyAccess() throws {
        let path = temporaryStorePath("readonly")
        defer { removeStore(path) }
        #expect(throws: LeaseholdError.notFound("no lmdb store at '\(path)'")) { try registry.open("lmdb:\(path)", access: .readOnly) }
        #expect(!FileManager.default.fileExists(atPath: path))
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(throws: LeaseholdError.notFound("no LMDB store in '\(path)' (data.mdb is missing)")) {
            try registry.open("lmdb:\(path)", access: .readOnly)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: path).isEmpty)
        #expect(throws: LeaseholdError.self) { try registry.open("lmdb:\(path)?createIfMissing=false") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: path).isEmpty)

        let writer = try registry.open("lmdb:\(path)")
        try writer.write { try $0.put(Bytes("k"), Bytes("v")) }
        try writer.close()
        let reader = try registry.open("lmdb:\(path)", access: .readOnly)
        #expect(try reader.read { try $0.get(Bytes("k")) } == Bytes("v"))
        #expect(throws: LeaseholdError.readOnly) { try reader.write { try $0.put(Bytes("x"), Bytes("y")) } }
        try reader.close()
    }

    @Test("the conformance suite from an lmdb: URL, each case in a scratch subdirectory")
    func conformanceFromURL() throws {
        let base = temporaryStorePath("url-harness")
        defer { removeStore(base) }
        let report = ConformanceSuite.run(try ConformanceHarness(url: "lmdb:\(base)?mapSize=1MiB&noSync=true", registry: registry))
        #expect(report.failed == 0, "\(report.results.filter { $0.outcome == .failed })")
        #expect(report.skipped == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: base).isEmpty, "scratch stores left behind")
    }
}
