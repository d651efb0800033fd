#if Etcd
import EtcdTestSupport
import Foundation
import Testing

/// The tool against an etcd member started with etcd's default limits (128 operations per
/// transaction): swapping an embedded store for a cluster is a copy.
@Suite("CLI with etcd")
struct CLIEtcdTests {
    @Test("copy lmdb:./a etcd://127.0.0.1:PORT/, then scan prints the same on both")
    func copyToEtcd() throws {
        let cluster = try EtcdCluster(size: 1, maxTxnOps: 128)
        defer { cluster.shutdown() }
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        var lines = ""
        for i in 0 ..< 1_500 { lines += #"{"key": "('item', \#(i))", "value": "('name \#(i)', \#(i * 3), b'\\x00\\xff')"}"# + "\n" }
        #expect(try cli.run("import", "--store", "lmdb:./a", stdin: lines).status == 0)
        let etcd = "etcd://127.0.0.1:\(cluster.members[0].clientPort)/"
        let copy = try cli.run("copy", "lmdb:./a", etcd)
        #expect(copy.status == 0, "\(copy)")
        #expect(copy.stdout == "copied 1500 records from lmdb:./a to \(etcd)\n")
        let a = try cli.run("scan", "--store", "lmdb:./a"), b = try cli.run("scan", "--store", etcd)
        #expect(a.stdoutLines.count == 1_500)
        #expect(b.status == 0, "\(b)")
        #expect(a.stdout == b.stdout)
        let stats = try cli.run("stats", "--store", etcd)
        #expect(stats.stdout.contains("etcd"), "\(stats)")
    }
}
#endif
