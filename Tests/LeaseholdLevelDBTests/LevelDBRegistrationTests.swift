import Foundation
import LeaseholdCore
import LeaseholdConformance
import LeaseholdLevelDB
import Testing

/// `leveldb:` through the engine registry: options reach `LevelDBEngine.Options`, read-only
/// opens create nothing, the conformance suite runs from a URL.
@Suite("LevelDB registration")
struct LevelDBRegistrationTests {
    let registry = try! EngineRegistry([.leveldb])

    @Test("URL options become LevelDBEngine options")
    func options() throws {
        let path = ScratchDirectory("leveldb-registry").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try registry.open(
            "leveldb:\(path)?syncWrites=false&compression=none&blockCacheSize=1MiB&writeBufferSize=2MiB&maxOpenFiles=64&blockSize=8KiB&bloomFilterBitsPerKey=10&paranoidChecks=true&readOnly=false")
        let leveldb = try #require(store.base as? LevelDBEngine)
        #expect(!leveldb.options.syncWrites)
        #expect(leveldb.options.compression == .none)
        #expect(leveldb.options.blockCacheSize == 1 << 20)
        #expect(leveldb.options.writeBufferSize == 2 << 20)
        #expect(leveldb.options.maxOpenFiles == 64)
        #expect(leveldb.options.blockSize == 8 << 10)
        #expect(leveldb.options.bloomFilterBitsPerKey == 10)
        #expect(leveldb.options.paranoidChecks && !leveldb.options.readOnly)
        try store.write { try $0.put(Bytes("k"), Bytes("v")) }
        try store.close()
        #expect(throws: LeaseholdError.invalidOption(scheme: "leveldb", option: "compression", problem: "'zstd' is not one of none, snappy")) {
            try registry.open("leveldb:\(path)?compression=zstd")
        }
    }

    @Test("read-only access: a missing store is notFound and nothing is created, not even a LOCK file; an existing one reads and refuses writes")
    func readOnlyAccess() throws {
        let path = ScratchDirectory("leveldb-readonly").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: LeaseholdError.notFound("no leveldb store at '\(path)'")) { try registry.open("leveldb:\(path)", access: .readOnly) }
        #expect(!FileManager.default.fileExists(atPath: path))
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(throws: LeaseholdError.notFound("no LevelDB store in '\(path)' (CURRENT is missing)")) {
            try registry.open("leveldb:\(path)", access: .readOnly)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: path).isEmpty)

        let writer = try registry.open("leveldb:\(path)?syncWrites=false")
        try writer.write { try $0.put(Bytes("k"), Bytes("v")) }
        try writer.close()
        let reader = try registry.open("leveldb:\(path)", access: .readOnly)
        #expect(try reader.read { try $0.get(Bytes("k")) } == Bytes("v"))
        #expect(throws: LeaseholdError.readOnly) { try reader.write { try $0.put(Bytes("x"), Bytes("y")) } }
        try reader.close()
    }

    @Test("the conformance suite from a leveldb: URL, each case in a scratch subdirectory")
    func conformanceFromURL() throws {
        let base = ScratchDirectory("leveldb-url-harness").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let report = ConformanceSuite.run(try ConformanceHarness(url: "leveldb:\(base)?syncWrites=false", registry: registry))
        #expect(report.failed == 0, "\(report.results.filter { $0.outcome == .failed })")
        #expect(report.passed >= 40)
        #expect(try FileManager.default.contentsOfDirectory(atPath: base).isEmpty, "scratch stores left behind")
    }
}
