import Configuration

import LeaseholdCore
extension EngineRegistry {
    /// Opens the store that `config` names, with engine options from `config` too.
    ///
    /// Give it a reader over whatever sources your program uses (command-line flags,
    /// environment variables, a JSON file — swift-configuration resolves them in the order you
    /// list them), scoped to where the store's keys live.
    ///
    /// ## Configuration keys
    /// - `store` (string): the store URL, e.g. `lmdb:./data?mapSize=1GiB`. Required unless
    ///   `defaultStore` is given.
    /// - `<scheme>.<option>` (string, number or bool): a value for an option of that engine,
    ///   e.g. `lmdb.mapSize` = `"1GiB"`, `lmdb.noSync` = `true`. An option written in the URL
    ///   itself wins over this.
    ///
    /// With `EnvironmentVariablesProvider().prefixKeys(with: "leasehold")` these keys are read
    /// from `LEASEHOLD_STORE`, `LEASEHOLD_LMDB_MAP_SIZE`, `LEASEHOLD_LMDB_NO_SYNC`, …
    public func open(config: ConfigReader, access: EngineAccess = .readWrite, defaultStore: String? = nil) throws -> AnyEngine {
        let url = try storeURL(config: config, defaultStore: defaultStore)
        let registration = try registration(for: url.scheme)
        return try open(url, access: access, defaults: optionValues(of: registration, in: config))
    }

    /// The store URL that `config` names under `store`, or `defaultStore`.
    public func storeURL(config: ConfigReader, defaultStore: String? = nil) throws -> StoreURL {
        guard let text = config.string(forKey: "store") ?? defaultStore else {
            throw LeaseholdError.invalidArgument("no store given: set 'store' (e.g. LEASEHOLD_STORE=lmdb:./data)")
        }
        return try StoreURL(text)
    }

    /// The options of `registration` that `config` gives under `<scheme>.<option>`, as text.
    public func optionValues(of registration: EngineRegistration, in config: ConfigReader) -> [String: String] {
        let scoped = config.scoped(to: ConfigKey([registration.scheme]))
        var values: [String: String] = [:]
        for option in registration.options {
            let key = ConfigKey([option.name])
            // Files give typed values, environment variables text: accept any that reads.
            if let text = scoped.string(forKey: key) {
                values[option.name] = text
            } else if let number = scoped.int(forKey: key) {
                values[option.name] = String(number)
            } else if let number = scoped.double(forKey: key) {
                values[option.name] = String(number)
            } else if let flag = scoped.bool(forKey: key) {
                values[option.name] = String(flag)
            }
        }
        return values
    }
}
