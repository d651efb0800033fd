import Foundation
@_spi(Adapter) import LeaseholdCore
import Synchronization

extension ConformanceHarness {
    /// A harness that makes every store from a store URL, through the engine registry: what
    /// `leasehold conformance --store URL` runs.
    ///
    /// Each case gets a fresh, empty store derived from `url` as its engine's
    /// `EngineRegistration.scratch` strategy says: a new subdirectory of the URL's path for
    /// path-based engines (`lmdb:./x` → `./x/conformance-<pid>-<n>`, removed after the case), the
    /// URL itself for engines whose every open is a new store (`memory:`), whatever the adapter
    /// chose otherwise (a key prefix per case for a network engine). The URL's options apply to
    /// every store. Persistent stores are reopened from their URL (the harness opens one scratch
    /// store up front to learn whether the engine is persistent). For engines whose stores are
    /// directories (``ScratchStores/usesDirectories``) it also opens stores at paths a case
    /// picks (``ConformanceHarness/paths``), each under a fresh scratch directory.
    public init(url: String, registry: EngineRegistry = Engines.registry) throws {
        let base = try StoreURL(url)
        let registration = try registry.registration(for: base.scheme)
        _ = try registration.request(base, access: .readWrite)  // options checked up front
        let opened = OpenedStores()
        let scratch = registration.scratch
        let run = "conformance-\(ProcessInfo.processInfo.processIdentifier)-\(OpenedStores.runCounter.add(1, ordering: .relaxed).newValue)"
        // Reopening means something only for a persistent engine: ask one scratch store.
        let probe = try scratch.derive(base, "\(run)-probe")
        let persistent: Bool
        do {
            let engine = try registry.open(probe)
            persistent = engine.capabilities.persistent
            try? engine.close()
            scratch.remove(probe)
        } catch {
            scratch.remove(probe)
            throw error
        }
        let reopen: @Sendable (AnyEngine) throws -> AnyEngine = { engine in
            guard let store = opened.forget(engine) else { throw LeaseholdError.invalidArgument("an engine this harness did not open") }
            try engine.close()
            let again = try registry.open(store)
            opened.remember(again, store)
            return again
        }
        let openAgain: @Sendable (AnyEngine) throws -> AnyEngine = { engine in
            guard let store = opened.url(of: engine) else { throw LeaseholdError.invalidArgument("an engine this harness did not open") }
            return try registry.open(store)
        }
        let openReadOnly: @Sendable (AnyEngine) throws -> AnyEngine = { engine in
            guard let store = opened.url(of: engine) else { throw LeaseholdError.invalidArgument("an engine this harness did not open") }
            return try registry.open(store, access: .readOnly)
        }
        let openMissingReadOnly: @Sendable () throws -> MissingStoreOpen = {
            let missing = try scratch.derive(base, "\(run)-missing-\(opened.nextNumber())")
            defer { scratch.remove(missing) }
            let result = Result { try registry.open(missing, access: .readOnly) }
            if case .success(let engine) = result { try? engine.close() }
            let created = !missing.path.isEmpty && FileManager.default.fileExists(atPath: missing.path)
            return MissingStoreOpen(result: result.map { _ in }, created: created)
        }
        let paths = ConformancePaths(
            fresh: { try scratch.derive(base, "\(run)-paths-\(opened.nextNumber())").path },
            open: { path, access, options in
                var store = base.replacingPath(path)
                for (name, value) in options.sorted(by: { $0.key < $1.key }) { store = store.settingOption(name, to: value) }
                return try registry.open(store, access: access)
            },
            takesOption: { registration.option(named: $0) != nil },
            remove: { try? FileManager.default.removeItem(atPath: $0) })
        self.init(
            name: registration.scheme,
            makeStore: {
                let store = try scratch.derive(base, "\(run)-\(opened.nextNumber())")
                let engine = try registry.open(store)
                opened.remember(engine, store)
                return engine
            },
            reopen: persistent ? reopen : nil,
            destroy: { engine in
                try? engine.close()
                if let store = opened.forget(engine) { scratch.remove(store) }
            },
            openAgain: persistent ? openAgain : nil,
            openReadOnly: persistent ? openReadOnly : nil,
            openMissingReadOnly: persistent ? openMissingReadOnly : nil,
            paths: persistent && scratch.usesDirectories ? paths : nil)
    }
}

/// The store URL of each engine a URL harness opened, so it can reopen and remove it.
final class OpenedStores: Sendable {
    static let runCounter = Atomic<Int>(0)
    private let state = Locked((next: 0, stores: [ObjectIdentifier: StoreURL]()))

    func nextNumber() -> Int {
        state.withLock { s in
            s.next += 1
            return s.next
        }
    }

    func remember(_ engine: AnyEngine, _ store: StoreURL) {
        state.withLock { $0.stores[ObjectIdentifier(engine)] = store }
    }

    func url(of engine: AnyEngine) -> StoreURL? {
        state.withLock { $0.stores[ObjectIdentifier(engine)] }
    }

    func forget(_ engine: AnyEngine) -> StoreURL? {
        state.withLock { $0.stores.removeValue(forKey: ObjectIdentifier(engine)) }
    }
}
