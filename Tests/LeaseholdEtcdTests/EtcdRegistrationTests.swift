#if Etcd
import LeaseholdCore
import LeaseholdConformance
import LeaseholdEtcd
import Testing

extension EtcdTests {
    /// `etcd://` through the engine registry: members and options reach `EtcdEngine.Options`, the
    /// path and `prefix` make a namespace, bad input is a typed error, and the conformance suite
    /// runs from a URL in scratch namespaces it leaves empty.
    @Suite("registration")
    struct Registration {
        let registry = try! EngineRegistry([.etcd])

        @Test("URL options become EtcdEngine options; the path and prefix make a namespace")
        func options() throws {
            let cluster = try SharedCluster.get()
            let plain = try EtcdEngine(options: cluster.options())
            defer { try? plain.close() }
            try plain.write { _ = try $0.deleteRange(.all) }

            let store = try registry.open(try etcdURL("/app/?prefix=v1.&timeout=2500ms&pageSize=7&scanLease=transaction&maxTxnOps=10000&maxRequestBytes=2MiB&maxKeySize=1KiB&conflictRetries=3"))
            let prefixed = try #require(store.base as? PrefixedEngine<EtcdEngine>)
            #expect(prefixed.prefix == Array("app/v1.".utf8))
            let options = prefixed.base.options
            #expect(options.endpoints == cluster.endpoints)
            #expect(options.timeout == .milliseconds(2500))
            #expect(options.pageSize == 7 && options.scanLease == .transaction && options.maxTxnOps == 10_000)
            #expect(options.maxRequestBytes == 2 << 20 && options.maxKeySize == 1024 && options.conflictRetries == 3)
            try store.write { try $0.put(Bytes("k"), Bytes("v")) }
            try store.close()
            #expect(try plain.read { try $0.get(Bytes("app/v1.k")) } == Bytes("v"))

            let bare = try registry.open(try etcdURL("/app?prefix=v1."))
            #expect((bare.base as? PrefixedEngine<EtcdEngine>)?.prefix == Array("app/v1.".utf8), "the path ends in '/'")
            #expect(try bare.read { try $0.get(Bytes("k")) } == Bytes("v"))
            try bare.close()

            let whole = try registry.open(try etcdURL())
            #expect(whole.base is EtcdEngine)
            #expect(try whole.read { try $0.count() } == 1)
            try whole.close()

            // Read-only: an existing store reads and refuses writes; an empty namespace is no store.
            let reading = try registry.open(try etcdURL("/app?prefix=v1."), access: .readOnly)
            #expect(try reading.read { try $0.get(Bytes("k")) } == Bytes("v"))
            #expect(throws: LeaseholdError.readOnly) { try reading.write { try $0.put(Bytes("k"), Bytes("w")) } }
            try reading.close()
            #expect {
                try registry.open(try etcdURL("/nothing/"), access: .readOnly)
            } throws: { error in
                guard case LeaseholdError.notFound = error else { return false }
                return true
            }
            #expect(try plain.read { try $0.count() } == 1, "the read-only opens changed nothing")
        }

        @Test("bad URLs and options are typed errors")
        func badInput() throws {
            #expect(throws: LeaseholdError.self) { try registry.open("etcd:") }
            #expect(throws: LeaseholdError.self) { try registry.open("etcd://127.0.0.1:notaport") }
            #expect(throws: LeaseholdError.invalidOption(scheme: "etcd", option: "scanLease", problem: "'page' is not one of step, transaction")) {
                try registry.open("etcd://127.0.0.1:2379?scanLease=page")
            }
            #expect(throws: LeaseholdError.self) { try registry.open("etcd://127.0.0.1:2379?colour=blue") }
        }

        @Test("the conformance suite from an etcd:// URL, each case in a scratch namespace left empty")
        func conformanceFromURL() throws {
            let cluster = try SharedCluster.get()
            let plain = try EtcdEngine(options: cluster.options())
            defer { try? plain.close() }
            try plain.write { _ = try $0.deleteRange(.all) }
            let report = ConformanceSuite.run(try ConformanceHarness(url: try etcdURL("?maxTxnOps=10000"), registry: registry))
            let failed = report.results.filter { $0.outcome == .failed }
            #expect(failed.isEmpty, "\(failed)")
            #expect(Set(report.results.filter { $0.outcome == .skipped }.map(\.name))
                == ["leases.keptValuesShareOneArena", secondOpenCase, "paths.createsMissingParents", "paths.missingStoreNamesPath"])
            #expect(report.passed == report.results.count - 8)
            #expect(try plain.read { try $0.count() } == 0, "scratch namespaces left keys behind")
        }
    }
}
#endif
