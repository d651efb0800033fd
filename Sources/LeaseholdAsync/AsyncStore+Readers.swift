import LeaseholdCore
import NIOCore

extension AsyncStore {
    /// The number of reader threads a store of an engine gets when none is asked for.
    ///
    /// Local engines get twice the processor count, at most 64 (LMDB's default table has 126
    /// reader slots, so synchronous readers of the same environment keep room); etcd gets 4:
    /// its reads share one connection, so more threads only queue there.
    public static func defaultReaders(for capabilities: Capabilities) -> Int {
        let cores = System.coreCount
        return capabilities.engine == "etcd" ? 4 : min(max(2, cores * 2), 64)
    }
}
