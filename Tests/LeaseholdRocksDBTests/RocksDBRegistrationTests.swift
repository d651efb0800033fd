import Foundation
import LeaseholdCore
import LeaseholdConformance
import LeaseholdRocksDB
import Testing

/// `rocksdb:` through the engine registry: options reach `RocksDBEngine.Options`, read-only
/// opens create nothing and read beside a writer, the conformance suite runs from a URL.
@Suite("RocksDB registration")
struct RocksDBRegistrationTests {
    let registry = try! EngineRegistry([.rocksdb])

    @Test("URL options become RocksDBEngine options")
    func options() throws {
        let path = ScratchDirectory("rocksdb-registry").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try registry.open(
            "rocksdb:\(path)?pinData=true&syncWrites=false&compression=zstd&blockCacheSize=1MiB&writeBufferSize=2MiB"
                + "&maxOpenFiles=64&bloomFilterBitsPerKey=10&paranoidChecks=false&verifyChecksums=false&maxKeySize=1KiB")
        let rocksdb = try #require(store.base as? RocksDBEngine)
        let o = rocksdb.options
        #expect(o.pinData && !o.syncWrites && o.compression == .zstd && !o.paranoidChecks && !o.verifyChecksums)
        #expect(o.blockCacheSize == 1 << 20 && o.writeBufferSize == 2 << 20 && o.maxOpenFiles == 64)
        #expect(o.bloomFilterBitsPerKey == 10 && o.maxKeySize == 1024)
        #expect(store.capabilities.scanValues == .cursor && store.capabilities.maxKeySize == 1024)
        try store.write { try $0.put(Bytes("k"), Bytes("v")) }
        try store.close()
        #expect(throws: LeaseholdError.self) { try registry.open("rocksdb:\(path)?compression=xpress") }
        #expect(throws: LeaseholdError.invalidOption(scheme: "rocksdb", option: "maxKeySize", problem: "0 is not from 1 to 4294967295 bytes")) {
            try registry.open("rocksdb:\(path)?maxKeySize=0")
        }
    }

    @Test("read-only access: a missing store is notFound and nothing is created; an existing one is read beside its writer")
    func readOnlyAccess() throws {
        let path = ScratchDirectory("rocksdb-readonly").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: LeaseholdError.self) { try registry.open("rocksdb:\(path)", access: .readOnly) }
        #expect(!FileManager.default.fileExists(atPath: path))
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(throws: LeaseholdError.notFound("no RocksDB store in '\(path)' (CURRENT is missing)")) {
            try registry.open("rocksdb:\(path)", access: .readOnly)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: path).isEmpty)

        let writer = try registry.open("rocksdb:\(path)?syncWrites=false")
        defer { try? writer.close() }
        try writer.write { try $0.put(Bytes("k"), Bytes("v")) }
        let reader = try registry.open("rocksdb:\(path)", access: .readOnly)
        #expect(try reader.read { try $0.get(Bytes("k")) } == Bytes("v"))
        #expect(throws: LeaseholdError.readOnly) { try reader.write { try $0.put(Bytes("x"), Bytes("y")) } }
        try reader.close()
    }

    @Test("the conformance suite from a rocksdb: URL, each case in a scratch subdirectory")
    func conformanceFromURL() throws {
        let base = ScratchDirectory("rocksdb-url-harness").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let report = ConformanceSuite.run(try ConformanceHarness(url: "rocksdb:\(base)?syncWrites=false&pinData=true&maxKeySize=1KiB", registry: registry))
        #expect(report.failed == 0, "\(report.results.filter { $0.outcome == .failed })")
        #expect(report.passed >= 40)
        #expect(try FileManager.default.contentsOfDirectory(atPath: base).isEmpty, "scratch stores left behind")
    }
}
