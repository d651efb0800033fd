#if Etcd
import Foundation
import LeaseholdConformance
@_spi(Adapter) import LeaseholdCore
import LeaseholdEtcd
import EtcdTestSupport
import Testing

/// Every etcd test, one at a time: they share one cluster, and some empty all of it.
@Suite("etcd", .serialized)
struct EtcdTests {}

/// The 3-member cluster the tests share, started on first use and stopped when the test
/// process exits.
enum SharedCluster {
    private static let cluster = Locked<Result<EtcdCluster, any Error>?>(nil)

    static func get() throws -> EtcdCluster {
        try cluster.withLock { state in
            if let state { return try state.get() }
            let started = Result { try EtcdCluster() }
            state = started
            atexit { SharedCluster.stop() }
            return try started.get()
        }
    }

    static func stop() {
        let running = cluster.withLock { try? $0?.get() }
        running?.shutdown()
    }
}

/// `etcd://` and the shared cluster's members, then `rest` (a namespace path, a query).
func etcdURL(_ rest: String = "") throws -> String {
    "etcd://" + (try SharedCluster.get().endpoints.map(\.description).joined(separator: ",")) + rest
}

/// The conformance harness of one `etcd://` query on the shared cluster (the cluster's
/// `--max-txn-ops` added): each case in a scratch namespace of its own, emptied afterwards,
/// reopened from its URL. Made once per query. (No path in the URL: the harness would take
/// `/` for a file a missing store's open left behind.)
func etcdHarness(_ query: String) throws -> ConformanceHarness {
    try harnesses.withLock { made in
        if let harness = made[query] { return harness }
        let harness = try ConformanceHarness(
            url: try etcdURL("?maxTxnOps=\(EtcdCluster.maxTxnOps)&\(query)"), registry: EngineRegistry([.etcd]))
        made[query] = harness
        return harness
    }
}

private let harnesses = Locked<[String: ConformanceHarness]>([:])

/// An engine on the shared cluster with an empty keyspace.
func emptyStore(scanLease: Capabilities.LeaseScope = .step, pageSize: Int = 1000) throws -> EtcdEngine {
    let engine = try EtcdEngine(options: try SharedCluster.get().options(scanLease: scanLease, pageSize: pageSize))
    try engine.write { _ = try $0.deleteRange(.all) }
    return engine
}

/// Runs `body` on `n` threads at once (not Swift concurrency's pool: etcd calls block) and
/// rethrows the first error.
func onThreads(_ n: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
    let errors = Locked<[any Error]>([])
    let done = DispatchGroup()
    for i in 0 ..< n {
        done.enter()
        let thread = Thread {
            do { try body(i) } catch { errors.withLock { $0.append(error) } }
            done.leave()
        }
        thread.start()
    }
    done.wait()
    if let first = errors.withLock({ $0.first }) { throw first }
}

/// A big-endian 8-byte encoding of `i`, for keys that sort numerically.
func be(_ i: Int) -> [UInt8] { withUnsafeBytes(of: UInt64(i).bigEndian) { Array($0) } }
#endif
