import Foundation
import Leasehold
import LeaseholdConformance
import LeaseholdLevelDB

/// A fresh directory under the system's temporary directory (not created).
func temporaryStorePath(_ label: String = "store") -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("leasehold-leveldb-\(label)-\(UUID().uuidString)").path
}

/// Removes a store directory.
func removeStore(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}

/// Options for a test store: no fsync (the tests do not crash the machine; the crash test turns
/// it on), a small cache.
func testOptions(_ path: String) -> LevelDBEngine.Options {
    LevelDBEngine.Options(path: path, syncWrites: false, blockCacheSize: 1 << 20)
}

/// Runs `body` on a fresh store and removes it afterwards.
func withStore(_ label: String, _ options: (String) -> LevelDBEngine.Options = testOptions, _ body: (LevelDBEngine) throws -> Void) throws {
    let path = temporaryStorePath(label)
    defer { removeStore(path) }
    let engine = try LevelDBEngine(options: options(path))
    defer { try? engine.close() }
    try body(engine)
}

/// Bytes that differ from record to record: `count` bytes starting from `seed`.
func filler(_ seed: Int, count: Int) -> [UInt8] {
    (0 ..< count).map { UInt8(truncatingIfNeeded: seed &* 31 &+ $0) }
}

/// The conformance harness for LevelDB: each store in its own directory, reopened from its path.
let levelDBHarness = ConformanceHarness(
    name: "leveldb",
    makeStore: { AnyEngine(try LevelDBEngine(options: testOptions(temporaryStorePath("conformance")))) },
    reopen: { engine in
        let leveldb = engine.base as! LevelDBEngine
        let options = leveldb.options
        try leveldb.close()
        return AnyEngine(try LevelDBEngine(options: options))
    },
    destroy: { engine in
        let leveldb = engine.base as! LevelDBEngine
        try? leveldb.close()
        removeStore(leveldb.options.path)
    })
