/// A table of engines by URL scheme: opens a store from a URL such as `lmdb:./data`.
///
/// Most programs use the process-wide one through ``Engines``; make your own to open stores
/// without touching the global (tests, plugins, a library that must not depend on what the
/// program registered). A new registry knows `memory:`; register the others:
///
/// ```swift
/// let registry = EngineRegistry()
/// registry.register(.lmdb)
/// let store = try registry.open("lmdb:./data")
/// ```
///
/// Registering a scheme twice is a programmer error and traps; opening an unknown scheme, an
/// unknown option or a bad value throws a typed error that lists what is accepted.
public final class EngineRegistry: Sendable {
    private let table: Locked<[String: EngineRegistration]>

    /// A registry that knows `memory:` and the given engines.
    public init(_ registrations: [EngineRegistration] = []) {
        table = Locked([MemoryEngine.registration.scheme: MemoryEngine.registration])
        for registration in registrations { register(registration) }
    }

    /// Adds an engine. Traps if its scheme is already registered.
    public func register(_ registration: EngineRegistration) {
        table.withLock { table in
            precondition(table[registration.scheme] == nil,
                         "the engine scheme '\(registration.scheme):' is already registered")
            table[registration.scheme] = registration
        }
    }

    /// Whether `scheme` is registered.
    public func isRegistered(_ scheme: String) -> Bool {
        table.withLock { $0[scheme.lowercased()] != nil }
    }

    /// Every registration, by scheme.
    public var registrations: [EngineRegistration] {
        table.withLock { $0.values.sorted { $0.scheme < $1.scheme } }
    }

    /// The registration of `scheme`; throws ``LeaseholdError/unknownEngine(scheme:registered:)``.
    public func registration(for scheme: String) throws(LeaseholdError) -> EngineRegistration {
        let (found, all) = table.withLock { ($0[scheme.lowercased()], $0.keys.sorted()) }
        guard let found else { throw .unknownEngine(scheme: scheme.lowercased(), registered: all) }
        return found
    }

    /// Opens the store at `url` (e.g. `"lmdb:./data?noSync=true"`).
    ///
    /// - Parameters:
    ///   - url: The store URL: `scheme:location?option=value&…`.
    ///   - access: ``EngineAccess/readOnly`` opens an existing store without creating or
    ///     changing anything, and throws ``LeaseholdError/notFound(_:)`` when there is none.
    ///   - defaults: option values to use when the URL does not give them (by option name;
    ///     checked like the URL's own).
    public func open(_ url: String, access: EngineAccess = .readWrite, defaults: [String: String] = [:]) throws -> AnyEngine {
        try open(StoreURL(url), access: access, defaults: defaults)
    }

    /// Opens the store at `url`. See ``open(_:access:defaults:)-(String,_,_)``.
    public func open(_ url: StoreURL, access: EngineAccess = .readWrite, defaults: [String: String] = [:]) throws -> AnyEngine {
        let registration = try registration(for: url.scheme)
        let request = try registration.request(url, access: access, defaults: defaults)
        return AnyEngine(try registration.factory(request))
    }

    /// Removes every engine but `memory:` (tests that use the shared registry).
    func reset() {
        table.withLock { $0 = [MemoryEngine.registration.scheme: MemoryEngine.registration] }
    }
}

/// The process-wide engine registry, in the spirit of swift-log's `LoggingSystem`: register
/// each adapter once at startup, then open stores by URL anywhere.
///
/// ```swift
/// Engines.register(.lmdb)                          // LeaseholdLMDB
/// let store = try Engines.open("lmdb:./data")      // AnyEngine
/// ```
///
/// `memory:` is always there. Registering a scheme twice traps.
public enum Engines {
    /// The shared registry.
    public static let registry = EngineRegistry()

    /// Adds an engine to the shared registry. Traps if its scheme is already registered.
    public static func register(_ registration: EngineRegistration) { registry.register(registration) }

    /// Opens the store at `url` with the shared registry.
    /// See ``EngineRegistry/open(_:access:defaults:)-(String,_,_)``.
    public static func open(_ url: String, access: EngineAccess = .readWrite) throws -> AnyEngine {
        try registry.open(url, access: access)
    }
}
