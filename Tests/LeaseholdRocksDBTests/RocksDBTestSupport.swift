import Foundation
import LeaseholdConformance
import LeaseholdCore
import LeaseholdRocksDB

/// Options for a small test store: no fsync (the tests do not crash the machine), a key limit
/// the conformance suite can reach.
func testOptions(_ path: String, pinData: Bool = false) -> RocksDBEngine.Options {
    RocksDBEngine.Options(path: path, pinData: pinData, syncWrites: false, blockCacheSize: 8 << 20, maxKeySize: 1024)
}

/// Opens a fresh store in a scratch directory, runs `body`, closes and removes it.
func withStore<R>(_ label: String, pinData: Bool = false, _ body: (RocksDBEngine) throws -> R) throws -> R {
    try withScratchDirectory("rocksdb-\(label)") { path in
        let engine = try RocksDBEngine(options: testOptions(path, pinData: pinData))
        defer { try? engine.close() }
        return try body(engine)
    }
}

/// The conformance harness for RocksDB: each case in a fresh subdirectory of one scratch
/// directory, opened and reopened through the `rocksdb:` registration.
let rocksdbHarness = try! ConformanceHarness(
    url: "rocksdb:\(ScratchDirectory("rocksdb-conformance").path)?syncWrites=false&blockCacheSize=8MiB&maxKeySize=1KiB",
    registry: EngineRegistry([.rocksdb]))
/// The same with `pinData`: values lent per cursor.
let rocksdbPinnedHarness = try! ConformanceHarness(
    url: "rocksdb:\(ScratchDirectory("rocksdb-conformance-pinned").path)?syncWrites=false&blockCacheSize=8MiB&maxKeySize=1KiB&pinData=true",
    registry: EngineRegistry([.rocksdb]))

/// `count` records under `tag`: 4-byte keys, values of `size` bytes derived from the index.
func records(_ tag: UInt8, count: Int, size: Int) -> [([UInt8], [UInt8])] {
    (0 ..< count).map { (i: Int) -> ([UInt8], [UInt8]) in
        let key: [UInt8] = [tag, UInt8(truncatingIfNeeded: i >> 16), UInt8(truncatingIfNeeded: i >> 8), UInt8(truncatingIfNeeded: i)]
        return (key, (0 ..< size).map { UInt8(truncatingIfNeeded: i &* 7 &+ $0) })
    }
}

/// Stores `data` in one write transaction.
func fill(_ engine: RocksDBEngine, _ data: [([UInt8], [UInt8])]) throws {
    try engine.write { txn in for (k, v) in data { try txn.put(k, v) } }
}
