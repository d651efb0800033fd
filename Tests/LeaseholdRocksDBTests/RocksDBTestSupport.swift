import Foundation
import Leasehold
import LeaseholdConformance
import LeaseholdRocksDB

/// A fresh directory path under the system's temporary directory (not created).
func temporaryStorePath(_ label: String = "store") -> String {
    FileManager.default.temporaryDirectory
        .appendingPathComponent("leasehold-rocksdb-\(label)-\(UUID().uuidString)").path
}

/// Removes a store directory.
func removeStore(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}

/// Options for a small test store: no fsync (the tests do not crash the machine), a key limit
/// the conformance suite can reach.
func testOptions(_ path: String, pinData: Bool = false) -> RocksDBEngine.Options {
    RocksDBEngine.Options(path: path, pinData: pinData, syncWrites: false, blockCacheSize: 8 << 20, maxKeySize: 1024)
}

/// Opens a fresh store, runs `body`, closes and removes it.
func withStore<R>(_ label: String, pinData: Bool = false, _ body: (RocksDBEngine) throws -> R) throws -> R {
    let path = temporaryStorePath(label)
    defer { removeStore(path) }
    let engine = try RocksDBEngine(options: testOptions(path, pinData: pinData))
    defer { try? engine.close() }
    return try body(engine)
}

/// The conformance harness for RocksDB: each store in its own directory, reopened from its path.
func rocksdbHarness(pinData: Bool) -> ConformanceHarness {
    ConformanceHarness(
        name: pinData ? "rocksdb+pinData" : "rocksdb",
        makeStore: { AnyEngine(try RocksDBEngine(options: testOptions(temporaryStorePath("conformance"), pinData: pinData))) },
        reopen: { engine in
            let rocksdb = engine.base as! RocksDBEngine
            let options = rocksdb.options
            try rocksdb.close()
            return AnyEngine(try RocksDBEngine(options: options))
        },
        destroy: { engine in
            let rocksdb = engine.base as! RocksDBEngine
            try? rocksdb.close()
            removeStore(rocksdb.options.path)
        })
}

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
