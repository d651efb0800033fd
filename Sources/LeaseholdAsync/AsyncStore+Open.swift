import LeaseholdCore

extension AsyncStore where E == AnyEngine {
    /// The URL option that sets ``AsyncStoreOptions/readers``: `lmdb:./data?readers=8`.
    ///
    /// It is read (and removed) here, before the URL reaches the engine registry, so every engine
    /// accepts it through ``open(_:access:registry:options:)`` while the synchronous
    /// `Engines.open` still refuses it as an option the engine does not know.
    public static var readersOption: EngineOption {
        EngineOption("readers", .integer(1...1024), "How many read transactions an AsyncStore runs at once (one thread each).")
    }

    /// Opens the store at `url` through `registry` and wraps it in an ``AsyncStore``.
    ///
    /// A `readers=N` option in the URL sets the reader threads (it overrides `options.readers`);
    /// every other option goes to the engine, which refuses the ones it does not know. Opening
    /// blocks while the engine opens (files, or a connection to etcd).
    /// - Throws: ``LeaseholdError/invalidOption(scheme:option:problem:)`` for a bad `readers`
    ///   value, and whatever the registry throws for the rest of the URL.
    public static func open(
        _ url: String, access: EngineAccess = .readWrite, registry: EngineRegistry = Engines.registry,
        options: AsyncStoreOptions = .init()
    ) throws -> AsyncStore<AnyEngine> {
        var storeURL = try StoreURL(url)
        var options = options
        let option = readersOption
        for item in storeURL.queryItems where item.name == option.name {
            guard case .integer(let n) = try option.parse(item.value, scheme: storeURL.scheme) else { continue }
            options.readers = n
        }
        storeURL.queryItems.removeAll { $0.name == option.name }
        return try AsyncStore(try registry.open(storeURL, access: access), options: options)
    }
}
