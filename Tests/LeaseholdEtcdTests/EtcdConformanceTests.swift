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
    /// page size. Every case applies, but the one-arena case to transaction leases only, and the
    /// path cases (`paths.*`) not at all: etcd stores are not directories.
    @Suite("conformance")
    struct Conformance {
        @Test("page leases, 5-record pages", arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
        func pageLeases(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
            try check(c, variant, try etcdHarness("scanLease=step&pageSize=5"), applies: !["leases.keptValuesShareOneArena", secondOpenCase].contains(c.name) && !c.name.hasPrefix("paths."))
        }

        @Test("transaction leases", arguments: ConformanceSuite.cases, ConformanceVariant.allCases)
        func transactionLeases(_ c: ConformanceCase, _ variant: ConformanceVariant) throws {
            try check(c, variant, try etcdHarness("scanLease=transaction"), applies: c.name != secondOpenCase && !c.name.hasPrefix("paths."))
        }

        func check(_ c: ConformanceCase, _ variant: ConformanceVariant, _ harness: ConformanceHarness, applies: Bool) throws {
            #expect(try c.run(harness, variant) == applies, "whether \(c.name) applies")
        }
    }
}

/// The case etcd does not meet: a second `EtcdEngine` on one store is an independent client of
/// the cluster (as another process would be), so a write inside a write across two of them
/// commits twice instead of throwing nestedWrite; their writes meet in the commits' compares.
let secondOpenCase = "lifecycle.secondOpenInProcess"
/// A second etcd engine on one store is an independent client (isolation snapshot: the commit's
/// checks order writers), so the case for stores whose writers are serialised does not apply.
#endif
