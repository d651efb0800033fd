#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How to get fresh, empty, isolated stores from one store URL: what the conformance suite and
/// the benchmarks need when they are pointed at `--store URL`.
///
/// - ``independentOpens(_:)``: every open of the URL is a new, empty store (`memory:`).
/// - ``subdirectories(_:)``: the URL's path is a directory (created when missing); each scratch
///   store is a new subdirectory of it, removed afterwards (`lmdb:`, `leveldb:`, `rocksdb:`).
/// - ``custom(base:derive:remove:)``: anything else, such as a key prefix per store for a
///   network engine.
public struct ScratchStores: Sendable {
    /// The base URL to use when the user names none (`nil`: the engine needs one, e.g. the
    /// endpoints of a cluster).
    public let defaultBase: @Sendable () -> StoreURL?
    /// A fresh store derived from `base`, told apart by `name` (unique within the process run).
    public let derive: @Sendable (_ base: StoreURL, _ name: String) throws -> StoreURL
    /// Removes what ``derive`` made, after its engine is closed.
    public let remove: @Sendable (_ store: StoreURL) -> Void
    /// Whether each store is the directory the URL's path names (``subdirectories(_:)``), so a
    /// store may be opened at any path: the conformance suite's path cases apply.
    public let usesDirectories: Bool

    /// Describes the strategy with closures.
    public static func custom(
        base: @escaping @Sendable () -> StoreURL? = { nil },
        derive: @escaping @Sendable (_ base: StoreURL, _ name: String) throws -> StoreURL,
        remove: @escaping @Sendable (_ store: StoreURL) -> Void
    ) -> ScratchStores {
        ScratchStores(defaultBase: base, derive: derive, remove: remove, usesDirectories: false)
    }

    /// Every open is a new store: scratch stores are the URL itself, and vanish when closed.
    public static func independentOpens(_ scheme: String) -> ScratchStores {
        ScratchStores(
            defaultBase: { StoreURL(scheme: scheme, location: "") }, derive: { base, _ in base }, remove: { _ in }, usesDirectories: false)
    }

    /// Scratch stores are subdirectories `NAME` of the URL's path (a new temporary directory
    /// when none is named), removed with everything in them.
    public static func subdirectories(_ scheme: String) -> ScratchStores {
        ScratchStores(
            defaultBase: {
                let directory = FileManager.default.temporaryDirectory
                    .appendingPathComponent("leasehold-scratch-\(scheme)-\(ProcessInfo.processInfo.processIdentifier)")
                return StoreURL(scheme: scheme, location: directory.path)
            },
            derive: { base, name in
                let path = base.path
                guard !path.isEmpty else {
                    throw LeaseholdError.invalidArgument("'\(base)' has no path under which to make scratch stores")
                }
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                return base.replacingPath(path.hasSuffix("/") ? path + name : path + "/" + name)
            },
            remove: { store in try? FileManager.default.removeItem(atPath: store.path) },
            usesDirectories: true)
    }
}
