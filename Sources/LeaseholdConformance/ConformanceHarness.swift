import LeaseholdCore

/// How the conformance suite gets stores from an adapter.
///
/// `makeStore` must return a fresh, empty store that no other case uses (a new temporary
/// directory, say). For persistent engines, `reopen` closes the given engine and opens the same
/// store again. `destroy` runs after each case, even a failed one.
public struct ConformanceHarness: Sendable {
    /// The adapter's name, used in case names.
    public var name: String
    /// A fresh, empty, isolated store.
    public var makeStore: @Sendable () throws -> AnyEngine
    /// Closes `engine` and opens the same store again; `nil` if the engine is not persistent.
    public var reopen: (@Sendable (AnyEngine) throws -> AnyEngine)?
    /// Cleans up after a case (closes the engine, removes files).
    public var destroy: @Sendable (AnyEngine) -> Void
    /// Opens the store of `engine` a second time while `engine` stays open (what two parts of
    /// a program that each open one URL do); `nil` if the harness cannot. Whatever it returns is
    /// closed by the case.
    public var openAgain: (@Sendable (AnyEngine) throws -> AnyEngine)?
    /// Opens the store of `engine` read-only, after `engine` was closed; `nil` if the harness
    /// cannot. Whatever it returns is closed by the case.
    public var openReadOnly: (@Sendable (AnyEngine) throws -> AnyEngine)?
    /// Tries to open, read-only, a store that does not exist (which must throw
    /// ``LeaseholdError/notFound(_:)`` and create nothing), and says what happened; `nil` if
    /// the harness cannot.
    public var openMissingReadOnly: (@Sendable () throws -> MissingStoreOpen)?
    /// Opens stores at paths a case picks (file-backed engines); `nil` if the harness cannot.
    public var paths: ConformancePaths?

    /// Describes how to make stores for the suite.
    public init(
        name: String,
        makeStore: @escaping @Sendable () throws -> AnyEngine,
        reopen: (@Sendable (AnyEngine) throws -> AnyEngine)? = nil,
        destroy: @escaping @Sendable (AnyEngine) -> Void = { try? $0.close() },
        openAgain: (@Sendable (AnyEngine) throws -> AnyEngine)? = nil,
        openReadOnly: (@Sendable (AnyEngine) throws -> AnyEngine)? = nil,
        openMissingReadOnly: (@Sendable () throws -> MissingStoreOpen)? = nil,
        paths: ConformancePaths? = nil
    ) {
        self.name = name
        self.makeStore = makeStore
        self.reopen = reopen
        self.destroy = destroy
        self.openAgain = openAgain
        self.openReadOnly = openReadOnly
        self.openMissingReadOnly = openMissingReadOnly
        self.paths = paths
    }
}

/// What a read-only open of a store that does not exist did.
public struct MissingStoreOpen: Sendable {
    /// How the open ended (it must fail with ``LeaseholdError/notFound(_:)``).
    public var result: Result<Void, any Error>
    /// Whether it left anything behind (a directory, a lock file).
    public var created: Bool

    /// What happened.
    public init(result: Result<Void, any Error>, created: Bool) {
        self.result = result
        self.created = created
    }
}

/// Where a case runs: on the store itself, or inside a key-prefix namespace of it (with other
/// keys around the namespace that must stay untouched), as abstract-level does with sublevels.
public enum ConformanceVariant: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The store itself.
    case plain
    /// A ``PrefixedEngine`` namespace of the store.
    case prefixed

    public var description: String { rawValue }

    /// The namespace prefix: it contains `00` and `ff` on purpose.
    public static let namespacePrefix: [UInt8] = [0x6e, 0xff, 0x00, 0x73]
    /// Keys stored just outside the namespace, on both sides.
    static let neighbours: [[UInt8]] = [[0x6e, 0xff, 0x00], [0x6e, 0xff, 0x00, 0x72, 0xff], [0x6e, 0xff, 0x00, 0x74], [0x6f]]
}

/// A failed expectation inside a conformance case.
public struct ConformanceFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// Where the expectation is, in the suite's sources.
    public var location: String

    public var description: String { "\(message) (\(location))" }
}
