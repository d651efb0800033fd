#if Etcd
import LeaseholdConformance
import LeaseholdCore
import LeaseholdEtcd
import EtcdTestSupport
import Testing

extension EtcdTests {
    /// The whole conformance suite against the 3-member cluster, from `etcd://` URLs (each case
    /// in a scratch namespace, plain and inside a further namespace), with page leases and
    /// small pages (every scan crosses many pages) and with transaction leases and the default
    /// page size. Every case applies, but the one-arena case to transaction leases only.
    @Suite("conformance")
    struct Conformance {
        @Test("page leases, 5-record pages", arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
        func pageLeases(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
            let ran = try c.run(try etcdHarness("scanLease=step&pageSize=5"), variant)
            #expect(ran == (c.name != "leases.keptValuesShareOneArena"), "whether \(c.name) applies to page leases")
        }

        @Test("transaction leases", arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
        func transactionLeases(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
            #expect(try c.run(try etcdHarness("scanLease=transaction"), variant), "\(c.name) applies to transaction leases")
        }
    }
}
#endif
