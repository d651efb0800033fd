import Foundation
import Leasehold
import LeaseholdConformance
import LeaseholdLMDB

/// A fresh directory under the system's temporary directory.
func temporaryStorePath(_ label: String = "store") -> String {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("leasehold-lmdb-\(label)-\(UUID().uuidString)")
    return url.path
}

/// Removes a store directory.
func removeStore(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}

/// Options for a small test store (no fsync: the tests do not crash the machine).
func testOptions(_ path: String, mapSize: Int = 16 << 20) -> LMDBEngine.Options {
    LMDBEngine.Options(path: path, mapSize: mapSize, noSync: true)
}

/// The conformance harness for LMDB: each store in its own directory, reopened from its path.
let lmdbHarness = ConformanceHarness(
    name: "lmdb",
    makeStore: { AnyEngine(try LMDBEngine(options: testOptions(temporaryStorePath("conformance")))) },
    reopen: { engine in
        let lmdb = engine.base as! LMDBEngine
        let options = lmdb.options
        try lmdb.close()
        return AnyEngine(try LMDBEngine(options: options))
    },
    destroy: { engine in
        let lmdb = engine.base as! LMDBEngine
        try? lmdb.close()
        removeStore(lmdb.options.path)
    })
