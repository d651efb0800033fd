/// What an adapter registers: a URL scheme, the options it takes, how to get scratch stores,
/// and the factory that opens a store.
///
/// An adapter module declares one as a static property and the program registers it once:
///
/// ```swift
/// extension EngineRegistration {
///     public static let lmdb = EngineRegistration(
///         scheme: "lmdb", summary: "LMDB: memory-mapped B+tree, zero-copy reads",
///         example: "lmdb:./data?mapSize=1GiB",
///         options: [EngineOption("mapSize", .size, default: "64MiB", "Initial map size.")],
///         scratch: .subdirectories("lmdb")
///     ) { request in
///         var options = LMDBEngine.Options(path: try request.directory())
///         if let size = request.options.size("mapSize") { options.mapSize = size }
///         return try LMDBEngine(options: options)
///     }
/// }
///
/// try Engines.register(.lmdb)                                   // at startup
/// let store = try Engines.open("lmdb:./data?mapSize=1GiB")      // AnyEngine
/// ```
///
/// A registration is *the same* as another when one is a copy of the other: both are
/// `EngineRegistration.lmdb`, say. Each call of the initialiser makes a new one, different from
/// every other even with the same arguments, because the registry cannot compare factories. So
/// declare a registration once, as a `static let`, and registering it twice is harmless
/// (see ``EngineRegistry/register(_:)``); `==` says whether two are the same.
public struct EngineRegistration: Sendable, Equatable {
    /// The URL scheme, lowercased, without the colon: `"lmdb"`.
    public let scheme: String
    /// One line about the engine, for `leasehold engines` and error messages.
    public let summary: String
    /// An example URL: `"lmdb:./data?mapSize=1GiB"`.
    public let example: String
    /// The options the engine takes, in the order to document them.
    public let options: [EngineOption]
    /// How to get fresh, empty stores for the conformance suite and benchmarks.
    public let scratch: ScratchStores
    /// Opens the store a checked request names.
    public let factory: @Sendable (EngineRequest) throws -> any Engine
    /// Made once per initialiser call and shared by every copy: what ``==`` compares.
    private let identity = Identity()

    /// The token that tells one registration from another.
    private final class Identity: Sendable {}

    /// Describes an engine. `factory` gets requests whose options are already checked against
    /// `options`; for ``EngineAccess/readOnly`` it must create nothing and should throw
    /// ``LeaseholdError/notFound(_:)`` when the store does not exist.
    public init(
        scheme: String, summary: String, example: String, options: [EngineOption] = [],
        scratch: ScratchStores, factory: @escaping @Sendable (EngineRequest) throws -> any Engine
    ) {
        let lower = scheme.lowercased()
        precondition(!lower.isEmpty && lower.unicodeScalars.allSatisfy(StoreURL.isSchemeScalar) && lower.first!.isLetter,
                     "'\(scheme)' is not a URL scheme")
        precondition(Set(options.map(\.name)).count == options.count, "\(scheme): an option is declared twice")
        self.scheme = lower
        self.summary = summary
        self.example = example
        self.options = options
        self.scratch = scratch
        self.factory = factory
    }

    /// Whether the two are the same registration: copies of the value one initialiser call made
    /// (two calls with the same arguments make different registrations).
    public static func == (lhs: EngineRegistration, rhs: EngineRegistration) -> Bool {
        lhs.identity === rhs.identity
    }

    /// The declaration of the option `name`, if the engine takes it.
    public func option(named name: String) -> EngineOption? { options.first { $0.name == name } }

    /// Checks the URL's options (over `defaults`, e.g. from configuration) and makes the
    /// factory's request. Throws ``LeaseholdError/invalidOption(scheme:option:problem:)`` for an
    /// option the engine does not take (listing the ones it does) or a value it cannot use.
    public func request(_ url: StoreURL, access: EngineAccess, defaults: [String: String] = [:]) throws(LeaseholdError) -> EngineRequest {
        var values = EngineOptionValues()
        var seen: Set<String> = []
        for item in url.queryItems {
            guard seen.insert(item.name).inserted else {
                throw .invalidOption(scheme: scheme, option: item.name, problem: "given twice in '\(url)'")
            }
            values.set(item.name, try checked(item.name).parse(item.value, scheme: scheme))
        }
        for (name, text) in defaults.sorted(by: { $0.key < $1.key }) where !seen.contains(name) {
            values.set(name, try checked(name).parse(text, scheme: scheme))
        }
        return EngineRequest(url: url, options: values, access: access)
    }

    private func checked(_ name: String) throws(LeaseholdError) -> EngineOption {
        guard let option = option(named: name) else {
            let accepted = options.isEmpty ? "it takes none" : "accepted: " + options.map(\.name).joined(separator: ", ")
            throw .invalidOption(scheme: scheme, option: name, problem: "unknown option (\(accepted))")
        }
        return option
    }
}
