import LeaseholdCore

/// How a harness opens stores of a file-backed engine at paths a case picks: what the path
/// cases (`paths.*`) need. ``ConformanceHarness/init(url:registry:)`` makes one for engines
/// whose stores are directories (``ScratchStores/usesDirectories``); others have none, and the
/// path cases do not apply to them.
public struct ConformancePaths: Sendable {
    /// A new path in the harness's scratch area where nothing exists yet (its parent does).
    public var fresh: @Sendable () throws -> String
    /// Opens the store at `path` with `access` and the harness's options, plus `options` (by
    /// name, e.g. `["createIfMissing": "false"]`).
    public var open: @Sendable (_ path: String, _ access: EngineAccess, _ options: [String: String]) throws -> AnyEngine
    /// Whether the engine takes the option `name`.
    public var takesOption: @Sendable (_ name: String) -> Bool
    /// Removes `path` and everything in it.
    public var remove: @Sendable (_ path: String) -> Void

    /// Describes how to open stores by path.
    public init(
        fresh: @escaping @Sendable () throws -> String,
        open: @escaping @Sendable (_ path: String, _ access: EngineAccess, _ options: [String: String]) throws -> AnyEngine,
        takesOption: @escaping @Sendable (_ name: String) -> Bool,
        remove: @escaping @Sendable (_ path: String) -> Void
    ) {
        self.fresh = fresh
        self.open = open
        self.takesOption = takesOption
        self.remove = remove
    }
}
