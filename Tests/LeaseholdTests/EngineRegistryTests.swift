import Configuration
import LeaseholdConfiguration
import Foundation
@testable @_spi(Adapter) import LeaseholdCore
import Leasehold
import LeaseholdConformance
import Testing

@Suite("Engine registry")
struct EngineRegistryTests {
    @Test("store URLs: scheme, location, authority, path and percent-decoded options")
    func storeURLs() throws {
        let lmdb = try StoreURL("LMDB:./my data?mapSize=1GiB&noSync&label=a%26b%3Dc")
        #expect(lmdb.scheme == "lmdb")
        #expect(lmdb.location == "./my data")
        #expect(lmdb.path == "./my data")
        #expect(lmdb.authority == nil)
        #expect(lmdb.queryItems.map(\.name) == ["mapSize", "noSync", "label"])
        #expect(lmdb.value(of: "noSync") == "")
        #expect(lmdb.value(of: "label") == "a&b=c")
        #expect(try StoreURL(lmdb.description) == lmdb)

        let etcd = try StoreURL("etcd://127.0.0.1:2379,127.0.0.1:22379/app?prefix=svc")
        #expect(etcd.authority == "127.0.0.1:2379,127.0.0.1:22379")
        #expect(etcd.path == "/app")
        #expect(etcd.replacingPath("/other").description == "etcd://127.0.0.1:2379,127.0.0.1:22379/other?prefix=svc")
        #expect(try StoreURL("lmdb:///tmp/x").path == "/tmp/x")
        #expect(try StoreURL("memory:").location == "")

        for bad in ["./data", "1db:x", ":x", "lm db:x", "lmdb:x?a=%zz", "lmdb:x?=1"] {
            #expect(throws: LeaseholdError.self, "\(bad)") { try StoreURL(bad) }
        }
    }

    @Test("option values: sizes with units, bools, ranges, choices, durations")
    func optionValues() throws {
        let size = EngineOption("mapSize", .size, "")
        #expect(try size.parse("1048576", scheme: "x") == .size(1 << 20))
        #expect(try size.parse("64MiB", scheme: "x") == .size(64 << 20))
        #expect(try size.parse("1.5 GiB", scheme: "x") == .size(3 << 29))
        #expect(try size.parse("500mb", scheme: "x") == .size(500_000_000))
        #expect(try size.parse("1_000", scheme: "x") == .size(1000))
        for bad in ["", "-1", "1XB", "GiB", "1e9", "99999999999TiB"] {
            #expect(throws: LeaseholdError.self, "\(bad)") { try size.parse(bad, scheme: "x") }
        }
        let flag = EngineOption("noSync", .bool, "")
        #expect(try flag.parse("", scheme: "x") == .bool(true))
        #expect(try flag.parse("Off", scheme: "x") == .bool(false))
        #expect(throws: LeaseholdError.self) { try flag.parse("maybe", scheme: "x") }
        let readers = EngineOption("maxReaders", .integer(1 ... 10), "")
        #expect(try readers.parse("10", scheme: "x") == .integer(10))
        #expect(throws: LeaseholdError.self) { try readers.parse("11", scheme: "x") }
        let scope = EngineOption("scanLease", .choice(["transaction", "step"]), "")
        #expect(try scope.parse("STEP", scheme: "x") == .string("step"))
        let wait = EngineOption("growthWait", .duration, "")
        #expect(try wait.parse("250ms", scheme: "x") == .duration(0.25))
        #expect(try wait.parse("2m", scheme: "x") == .duration(120))
    }

    @Test("errors name what is accepted")
    func errorsListWhatIsAccepted() throws {
        let registry = try EngineRegistry([TallyEngine.registration])
        #expect(throws: LeaseholdError.unknownEngine(scheme: "rocks", registered: ["memory", "tally"])) {
            try registry.open("rocks:./x")
        }
        do {
            _ = try registry.open("memory:?scanlease=step")
            Issue.record("an unknown option opened")
        } catch let error as LeaseholdError {
            #expect(error.description == "memory: option 'scanlease': unknown option (accepted: scanLease, checked, maxKeySize)")
        }
        do {
            _ = try registry.open("memory:?scanLease=forever")
            Issue.record("a bad value opened")
        } catch let error as LeaseholdError {
            #expect(error.description == "memory: option 'scanLease': 'forever' is not one of transaction, step")
        }
        #expect(throws: LeaseholdError.invalidOption(scheme: "memory", option: "checked", problem: "given twice in 'memory:?checked&checked=false'")) {
            try registry.open("memory:?checked&checked=false")
        }
    }

    @Test("an adapter from another module registers a scheme and opens through the registry")
    func testAdapterThroughTheRegistry() throws {
        let registry = try EngineRegistry([TallyEngine.registration])
        #expect(registry.registrations.map(\.scheme) == ["memory", "tally"])
        let before = TallyEngine.opens.load(ordering: .relaxed)
        let store = try registry.open("tally:accounts?steps=true")
        let tally = try #require(store.base as? TallyEngine)
        #expect(tally.label == "accounts")
        #expect(store.capabilities.scans == .step)
        #expect(store.capabilities.engine == "tally")
        #expect(TallyEngine.opens.load(ordering: .relaxed) > before)
        try store.write { txn in try txn.put(Bytes("k"), Bytes("v")) }
        #expect(try store.read { try $0.get(Bytes("k")) } == Bytes("v"))

        let readOnly = try registry.open("tally:x", access: .readOnly)
        #expect(throws: LeaseholdError.readOnly) { try readOnly.write { try $0.put(Bytes("k"), Bytes("v")) } }
    }

    @Test("the conformance suite runs against the test adapter's URL", arguments: ["tally:", "tally:?steps=true"])
    func conformanceThroughTheRegistry(_ url: String) throws {
        let registry = try EngineRegistry([TallyEngine.registration])
        let report = ConformanceSuite.run(try ConformanceHarness(url: url, registry: registry))
        #expect(report.failed == 0, "\(report.results.filter { $0.outcome == .failed })")
        #expect(report.passed > 20)
        #expect(report.summary == "\(report.passed) passed, 0 failed")
    }

    @Test("configuration names the store and gives options; the URL's own options win")
    func configuration() throws {
        let registry = try EngineRegistry([TallyEngine.registration])
        let environment = EnvironmentVariablesProvider(environmentVariables: [
            "LEASEHOLD_STORE": "tally:from-env", "LEASEHOLD_TALLY_STEPS": "true", "LEASEHOLD_MEMORY_MAX_KEY_SIZE": "64",
        ]).prefixKeys(with: "leasehold")
        let fromEnvironment = try registry.open(config: ConfigReader(provider: environment))
        #expect((fromEnvironment.base as? TallyEngine)?.label == "from-env")
        #expect(fromEnvironment.capabilities.scans == .step)

        let flags = InMemoryProvider(values: ["store": "memory:?maxKeySize=32"])
        let layered = ConfigReader(providers: [flags, environment])
        #expect(try registry.open(config: layered).capabilities.maxKeySize == 32)
        let typed = InMemoryProvider(values: ["store": "memory:", "memory.maxKeySize": 100, "memory.checked": true])
        #expect(try registry.open(config: ConfigReader(provider: typed)).capabilities.maxKeySize == 100)
        #expect(try registry.open(config: ConfigReader(provider: typed)).capabilities.poisonsExpiredMemory)

        let bad = InMemoryProvider(values: ["store": "memory:", "memory.scanLease": "forever"])
        #expect(throws: LeaseholdError.self) { try registry.open(config: ConfigReader(provider: bad)) }
        #expect(throws: LeaseholdError.self) { try registry.open(config: ConfigReader(provider: InMemoryProvider(values: [:]))) }
        #expect(try registry.open(config: ConfigReader(provider: InMemoryProvider(values: [:])), defaultStore: "memory:")
            .capabilities.engine == "memory")
    }

    @Test("the shared registry: memory: built in, a test scheme added once, reset for tests")
    func sharedRegistry() throws {
        #expect(Engines.registry.isRegistered("memory"))
        let registry = EngineRegistry()
        try registry.register(TallyEngine.registration)
        #expect(registry.isRegistered("TALLY"))
        registry.reset()
        #expect(registry.registrations.map(\.scheme) == ["memory"])
        #expect(try Engines.open("memory:").capabilities.engine == "memory")
    }

    @Test("registering the same registration again does nothing, in a new registry and the shared one")
    func registeringTwiceIsHarmless() throws {
        let registry = try EngineRegistry([TallyEngine.registration, TallyEngine.registration, .memory])
        try registry.register(TallyEngine.registration)
        try registry.register(MemoryEngine.registration)
        #expect(registry.registrations.map(\.scheme) == ["memory", "tally"])
        #expect(try registry.registration(for: "tally") == TallyEngine.registration)
        #expect(try registry.open("tally:twice").capabilities.engine == "tally")

        try Engines.register(.memory)
        try Engines.register(.memory)
        #expect(try Engines.open("memory:").capabilities.engine == "memory")
    }

    @Test("a different registration for a taken scheme throws, names the scheme, and leaves the first")
    func differentRegistrationThrows() throws {
        let registry = try EngineRegistry([TallyEngine.registration])
        let impostor = EngineRegistration(
            scheme: "TALLY", summary: "another tally", example: "tally:", scratch: .independentOpens("tally")
        ) { _ in try MemoryEngine() }
        #expect(impostor != TallyEngine.registration)
        let expected = LeaseholdError.invalidArgument(
            "the scheme 'tally:' is already registered (\(TallyEngine.registration.summary)); a different registration "
                + "(another tally) cannot take it. Register the same static value (such as .tally) "
                + "to make a second registration harmless, or use a scheme of its own.")
        #expect(throws: expected) { try registry.register(impostor) }
        #expect(try registry.registration(for: "tally") == TallyEngine.registration)
        #expect(try registry.open("tally:kept").base is TallyEngine)

        // Two calls with the same arguments are two registrations: the registry cannot compare
        // factories, so the second is refused rather than guessed to be the same.
        func make() -> EngineRegistration {
            EngineRegistration(scheme: "twin", summary: "twin", example: "twin:", scratch: .independentOpens("twin")) { _ in try MemoryEngine() }
        }
        let first = make()
        #expect(first == first)
        #expect(make() != first)
        #expect(throws: LeaseholdError.self) { try EngineRegistry([first, make()]) }
        #expect(throws: LeaseholdError.self) { try Engines.register(EngineRegistration(
            scheme: "memory", summary: "not the memory engine", example: "memory:", scratch: .independentOpens("memory")
        ) { _ in try MemoryEngine() }) }
        #expect(try Engines.registry.registration(for: "memory") == .memory)
    }

    @Test("scratch subdirectories are made under the base and removed")
    func scratchSubdirectories() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("leasehold-scratch-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let scratch = ScratchStores.subdirectories("x")
        let store = try scratch.derive(try StoreURL("x:\(base)?a=1"), "one")
        #expect(store.path == base + "/one")
        #expect(store.value(of: "a") == "1")
        try FileManager.default.createDirectory(atPath: store.path, withIntermediateDirectories: true)
        scratch.remove(store)
        #expect(!FileManager.default.fileExists(atPath: store.path))
        #expect(FileManager.default.fileExists(atPath: base))
    }
}
