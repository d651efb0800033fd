import Foundation
import LeaseholdConformance
import LeaseholdCore
import LeaseholdLevelDB

/// Options for a test store: no fsync (the tests do not crash the machine; the crash test turns
/// it on), a small cache.
func testOptions(_ path: String) -> LevelDBEngine.Options {
    LevelDBEngine.Options(path: path, syncWrites: false, blockCacheSize: 1 << 20)
}

/// Runs `body` on a fresh store in a scratch directory, closed and removed afterwards.
func withStore(_ label: String, _ options: (String) -> LevelDBEngine.Options = testOptions, _ body: (LevelDBEngine) throws -> Void) throws {
    try withScratchDirectory("leveldb-\(label)") { path in
        let engine = try LevelDBEngine(options: options(path))
        defer { try? engine.close() }
        try body(engine)
    }
}

/// Bytes that differ from record to record: `count` bytes starting from `seed`.
func filler(_ seed: Int, count: Int) -> [UInt8] {
    (0 ..< count).map { UInt8(truncatingIfNeeded: seed &* 31 &+ $0) }
}

/// The conformance harness for LevelDB: each case in a fresh subdirectory of one scratch
/// directory, opened and reopened through the `leveldb:` registration.
let levelDBHarness = try! ConformanceHarness(
    url: "leveldb:\(ScratchDirectory("leveldb-conformance").path)?syncWrites=false&blockCacheSize=1MiB",
    registry: EngineRegistry([.leveldb]))
