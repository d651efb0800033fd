import Foundation
import Leasehold
import LeaseholdConformance
import LeaseholdLMDB

/// Options for a small test store (no fsync: the tests do not crash the machine).
func testOptions(_ path: String, mapSize: Int = 16 << 20) -> LMDBEngine.Options {
    LMDBEngine.Options(path: path, mapSize: mapSize, noSync: true)
}

/// The conformance harness for LMDB: each case in a fresh subdirectory of one scratch
/// directory, opened and reopened through the `lmdb:` registration.
let lmdbHarness = try! ConformanceHarness(
    url: "lmdb:\(ScratchDirectory("lmdb-conformance").path)?noSync=true&mapSize=16MiB", registry: EngineRegistry([.lmdb]))
