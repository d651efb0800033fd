import ArrayStore
import LeaseholdCore

/// The example adapter, except that `close()` crashes the process when the store holds the key
/// `76` (in a namespace or not): only the case `lifecycle.throwingBodyLeavesStoreClosable` writes it.
public final class CrashingEngine: Engine {
    let base = ArrayStoreEngine()

    public init() {}

    public var capabilities: Capabilities { base.capabilities }
    public var statistics: LeaseStatistics { base.statistics }
    public func read<R>(_ body: (ReadTransaction<ArrayStoreReader>) throws -> R) throws -> R { try base.read(body) }
    public func write<R>(_ body: (WriteTransaction<ArrayStoreWriter>) throws -> R) throws -> R { try base.write(body) }

    public func close() throws {
        let marked = (try? base.read { txn in try txn.count(.all) > 0 && (try txn.contains([0x76]) || txn.contains([0x6e, 0xff, 0x00, 0x73, 0x76])) }) ?? false
        if marked { fatalError("CrashingEngine: crashing on purpose in close()") }
        try base.close()
    }
}
