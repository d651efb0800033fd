import Foundation
import Leasehold
import LeaseholdConformance
import LeaseholdLMDB
import Testing

/// `lmdb:` through the engine registry: options reach `LMDBEngine.Options`, read-only opens
/// create nothing, the conformance suite runs from a URL.
@Suite("LMDB registration")
struct LMDBRegistrationTests {
    let registry = try! EngineRegistry([.lmdb])

    @Test("URL options become LMDBEngine options")
    func options() throws {
        let path = ScratchDirectory("lmdb-registry").path
        defer { try? FileManager.default.removeItem(atPath: path) }
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

    @Test("the conformance suite from an lmdb: URL, each case in a scratch subdirectory")
    func conformanceFromURL() throws {
        let base = ScratchDirectory("lmdb-url-harness").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let report = ConformanceSuite.run(try ConformanceHarness(url: "lmdb:\(base)?mapSize=1MiB&noSync=true", registry: registry))
        #expect(report.failed == 0, "\(report.results.filter { $0.outcome == .failed })")
        // LMDB values may be 4 GiB: the case that writes one past the limit does not apply.
        #expect(report.results.filter { $0.outcome == .skipped }.map(\.name) == ["manifest.maxValueSize", "manifest.maxValueSize"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: base).isEmpty, "scratch stores left behind")
    }
}
