/// A table of engines by URL scheme: opens a store from a URL such as `lmdb:./data`.
///
/// Most programs use the process-wide one through ``Engines``; make your own to open stores
/// without touching the global (tests, plugins, a library that must not depend on what the
/// program registered). A new registry knows `memory:`; register the others:
///
/// ```swift
/// let registry = try EngineRegistry([.lmdb])
/// let store = try registry.open("lmdb:./data")
/// ```
///
/// Registering the same registration again (a copy of the same `static let`, such as `.lmdb`)
/// does nothing, so two parts of a program may each register what they use. A *different*
/// registration for a scheme already taken throws ``LeaseholdError/invalidArgument(_:)``, and
/// the one registered first stays. Opening an unknown scheme, an unknown option or a bad value
/// throws a typed error that lists what is accepted.
public final class EngineRegistry: Sendable {
    private let table: Locked<[String: EngineRegistration]>

    /// A registry that knows `memory:`.
    public init() {
        table = Locked([MemoryEngine.registration.scheme: MemoryEngine.registration])
    }

    /// A registry that knows `memory:` and the given engines, registered in order (see
    /// ``register(_:)``: the same registration twice is harmless).
    ///
    /// - Throws: ``LeaseholdError/invalidArgument(_:)`` if two different registrations of the
    ///   list (or one and `memory:`) claim the same scheme.
    public convenience init(_ registrations: [EngineRegistration]) throws(LeaseholdError) {
        self.init()
        for registration in registrations { try register(registration) }
    }

    /// Adds an engine. Registering the same registration again (equal by `==`: a copy of one
    /// ``EngineRegistration``) does nothing.
    ///
    /// - Throws: ``LeaseholdError/invalidArgument(_:)`` naming the scheme if a different
    ///   registration already holds it; the registry is left unchanged.
    public func register(_ registration: EngineRegistration) throws(LeaseholdError) {
        let taken = table.withLock { table -> EngineRegistration? in
            if let held = table[registration.scheme] { return held == registration ? nil : held }
            table[registration.scheme] = registration
            return nil
        }
        if let taken { throw Self.conflict(registration, taken) }
    }

    /// The error for `new` claiming the scheme `held` has.
    static func conflict(_ new: EngineRegistration, _ held: EngineRegistration) -> LeaseholdError {
        .invalidArgument(
            "the scheme '\(new.scheme):' is already registered (\(held.summary)); a different registration "
                + "(\(new.summary)) cannot take it. Register the same static value (such as .\(new.scheme)) "
                + "to make a second registration harmless, or use a scheme of its own.")
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
/// try Engines.register(.lmdb)                      // LeaseholdLMDB
/// let store = try Engines.open("lmdb:./data")      // AnyEngine
/// ```
///
/// `memory:` is always there. Registering the same registration twice is harmless; a different
/// one for a taken scheme throws.
public enum Engines {
    /// The shared registry.
    public static let registry = EngineRegistry()

    /// Adds an engine to the shared registry; the same registration again does nothing.
    /// See ``EngineRegistry/register(_:)``.
    ///
    /// - Throws: ``LeaseholdError/invalidArgument(_:)`` if a different registration holds the
    ///   scheme.
    public static func register(_ registration: EngineRegistration) throws(LeaseholdError) {
        try registry.register(registration)
    }

    /// Opens the store at `url` with the shared registry.
    /// See ``EngineRegistry/open(_:access:defaults:)-(String,_,_)``.
    public static func open(_ url: String, access: EngineAccess = .readWrite) throws -> AnyEngine {
        try registry.open(url, access: access)
    }
}
