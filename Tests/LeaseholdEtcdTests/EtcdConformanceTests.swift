#if Etcd
import Leasehold
import LeaseholdConformance
import LeaseholdEtcd
import EtcdTestSupport
import Testing

extension EtcdTests {
    /// The whole conformance suite against the 3-member cluster, plain and inside a namespace,
    /// with page leases and small pages (every scan crosses many pages) and with transaction
    /// leases and the default page size.
    @Suite("conformance")
    struct Conformance {
        @Test("page leases, 5-record pages", arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
        func pageLeases(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
            try c.run(etcdHarness(scanLease: .step, pageSize: 5), variant)
        }

        @Test("transaction leases", arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
        func transactionLeases(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
            try c.run(etcdHarness(scanLease: .transaction, pageSize: 1000), variant)
        }

        @Test("every case applies (the one-arena case to transaction leases only)")
        func casesApply() throws {
            let cluster = try SharedCluster.get()
            let page = try EtcdEngine(options: cluster.options(scanLease: .step)).capabilities
            let transaction = try EtcdEngine(options: cluster.options(scanLease: .transaction)).capabilities
            for c in ConformanceSuite.cases {
                #expect(c.applies(transaction), "\(c.name)")
                #expect(c.applies(page) == (c.name != "leases.keptValuesShareOneArena"), "\(c.name)")
            }
        }
    }
}
#endif
