import Leasehold
import LeaseholdBenchmarkSupport
import LeaseholdLMDB
import LeaseholdLevelDB
import LeaseholdRocksDB
#if Etcd
import LeaseholdEtcd
#endif

/// The engines this build of the tool knows. Adding an adapter is one line in each list.
enum BuiltEngines {
    /// Registers every built engine's URL scheme (`memory:` is always there).
    static func registerAll() throws {
        try Engines.register(.lmdb)
        try Engines.register(.leveldb)
        try Engines.register(.rocksdb)
        #if Etcd
        try Engines.register(.etcd)
        #endif
    }

    /// The engines `leasehold bench` measures against their bare C-API floor, specialised for
    /// each concrete type (an engine missing here is still timed, without a floor).
    static let benchmarked: [BenchTarget] = [
        BenchTarget(MemoryEngine.self),
        BenchTarget(LMDBEngine.self),
        BenchTarget(LevelDBEngine.self),
        BenchTarget(RocksDBEngine.self),
    ]
}
