import ArgumentParser
import Configuration
import Foundation
import Leasehold
import LeaseholdConfiguration
import Logging
import SystemPackage

/// `--store`, `--config` and `--log-level`, shared by every command that opens a store, and the
/// configuration they feed.
///
/// Each setting is looked up, in order, in the command-line flags, the environment
/// (`LEASEHOLD_…`) and a JSON file, then falls back to a default:
///
/// | key | environment | meaning | default |
/// |---|---|---|---|
/// | `store` | `LEASEHOLD_STORE` | the store URL | `lmdb:./leasehold-data` |
/// | `<scheme>.<option>` | `LEASEHOLD_LMDB_MAP_SIZE`, … | an engine option (a URL query item wins) | the engine's |
/// | `log.level` | `LEASEHOLD_LOG_LEVEL` | diagnostics on stderr: trace … critical | `warning` |
///
/// The JSON file is `--config FILE`, else `$LEASEHOLD_CONFIG`, else `./leasehold.json` if present.
///
/// The root command declares these options too, so they go before the subcommand as well as after
/// it (`leasehold --store lmdb:./x get KEY`): the parser reads them wherever they stand and hands
/// the one value to the subcommand; an option given twice takes its last value.
struct StoreOptions: ParsableArguments {
    /// Where stores live when nothing says otherwise: LMDB, embedded, nothing to start.
    static let defaultStore = "lmdb:./leasehold-data"

    @Option(name: .long, help: ArgumentHelp("The store URL: memory:, lmdb:DIR[?option=value&…], … (see `leasehold engines`).",
                                            valueName: "url"))
    var store: String?

    @Option(name: .long, help: ArgumentHelp("A JSON configuration file (default: $LEASEHOLD_CONFIG, else ./leasehold.json if present).",
                                            valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Diagnostics on stderr: trace, debug, info, notice, warning, error, critical.",
                                            valueName: "level"))
    var logLevel: String?

    /// Whether none of `--store`, `--config` and `--log-level` was given.
    var isEmpty: Bool { store == nil && config == nil && logLevel == nil }

    /// Throws a usage error if any of these options was given to `command`, which opens no store.
    func rejectUnused(by command: String) throws {
        guard isEmpty else {
            throw ValidationError("--store, --config and --log-level apply to commands that open a store, not to '\(command)'")
        }
    }

    /// The configuration: flags, then the environment, then the JSON file, then defaults.
    func reader(environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> ConfigReader {
        var flags: [AbsoluteConfigKey: ConfigValue] = [:]
        if let store { flags["store"] = ConfigValue(.string(store), isSecret: false) }
        if let logLevel { flags["log.level"] = ConfigValue(.string(logLevel), isSecret: false) }
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "flags", values: flags),
            EnvironmentVariablesProvider(environmentVariables: environment).prefixKeys(with: "leasehold"),
        ]
        if let path = config ?? environment["LEASEHOLD_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard FileManager.default.fileExists(atPath: path) else {
                throw CLIError("configuration file '\(path)' does not exist")
            }
            providers.append(try await Self.jsonFile(path))
        } else if FileManager.default.fileExists(atPath: "leasehold.json") {
            providers.append(try await Self.jsonFile("leasehold.json"))
        }
        providers.append(InMemoryProvider(name: "defaults", values: [
            "store": ConfigValue(.string(Self.defaultStore), isSecret: false),
            "log.level": ConfigValue(.string("warning"), isSecret: false),
        ]))
        return ConfigReader(providers: providers)
    }

    static func jsonFile(_ path: String) async throws -> FileProvider<JSONSnapshot> {
        do {
            return try await FileProvider<JSONSnapshot>(filePath: FilePath(path))
        } catch {
            throw CLIError("configuration file '\(path)': \(error)")
        }
    }

    /// Reads the configuration, sets up diagnostics, and returns what commands work with.
    func context() async throws -> CommandContext {
        let config = try await reader()
        let levelText = config.string(forKey: "log.level") ?? "warning"
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw CLIError("log level '\(levelText)' is not one of "
                + Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))
        }
        Diagnostics.bootstrap(level: level)
        return CommandContext(config: config, logger: Logger(label: "leasehold"))
    }
}

/// A command that works with a store: its `run()` reads the configuration (``StoreOptions/context()``:
/// flags, environment, JSON file; diagnostics set up) and hands it to ``run(in:)``.
protocol StoreCommand: AsyncParsableCommand {
    /// `--store`, `--config` and `--log-level`: where the configuration is read from.
    var store: StoreOptions { get }

    /// What the command does, once the configuration is read.
    func run(in context: CommandContext) throws
}

extension StoreCommand {
    /// Reads the configuration, then runs the command with it.
    func run() async throws {
        try await run(in: store.context())
    }
}

/// The configuration and logger of one run of a command.
struct CommandContext {
    let config: ConfigReader
    let logger: Logger
    var registry: EngineRegistry { Engines.registry }

    /// The store URL the configuration names.
    func storeURL() throws -> StoreURL {
        try registry.storeURL(config: config, defaultStore: StoreOptions.defaultStore)
    }

    /// Opens the configured store (or `url`), with engine options from the configuration.
    func open(_ url: StoreURL? = nil, access: EngineAccess) throws -> AnyEngine {
        let url = try url ?? storeURL()
        let registration = try registry.registration(for: url.scheme)
        let engine = try registry.open(url, access: access, defaults: registry.optionValues(of: registration, in: config))
        logger.debug("opened store", metadata: ["url": "\(url)", "access": "\(access.rawValue)"])
        return engine
    }
}
