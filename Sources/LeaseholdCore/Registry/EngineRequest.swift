#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the caller means to do with a store, so an engine knows whether it may create one.
public enum EngineAccess: String, Sendable, Hashable {
    /// Read and write; create the store when it is missing.
    case readWrite
    /// Only read: the store must exist, and nothing is created or changed (engines that can,
    /// open it read-only). A missing store throws ``LeaseholdError/notFound(_:)``.
    case readOnly
}

/// The options of one open request, checked against the engine's declarations.
///
/// Only options that were given (in the URL or in configuration) have a value; the engine
/// applies its own default for the others, the one its ``EngineOption/defaultValue`` documents.
public struct EngineOptionValues: Sendable, Hashable {
    /// The values given, by option name.
    public private(set) var values: [String: EngineOptionValue] = [:]

    /// No values.
    public init() {}

    /// Sets a value (the registry does this after checking it).
    public mutating func set(_ name: String, _ value: EngineOptionValue) { values[name] = value }

    /// The byte count given for the size option `name`.
    public func size(_ name: String) -> Int? { if case .size(let v)? = values[name] { v } else { nil } }

    /// The Boolean given for `name`.
    public func bool(_ name: String) -> Bool? { if case .bool(let v)? = values[name] { v } else { nil } }

    /// The whole number given for `name`.
    public func integer(_ name: String) -> Int? { if case .integer(let v)? = values[name] { v } else { nil } }

    /// The seconds given for the duration option `name`.
    public func duration(_ name: String) -> Double? { if case .duration(let v)? = values[name] { v } else { nil } }

    /// The text (or chosen word) given for `name`.
    public func string(_ name: String) -> String? { if case .string(let v)? = values[name] { v } else { nil } }
}

/// Everything an engine's factory gets: the URL, the checked options and the caller's intent.
public struct EngineRequest: Sendable, Hashable {
    /// The store URL as given (its options are in ``options``, checked).
    public var url: StoreURL
    /// The options, checked against the engine's declarations.
    public var options: EngineOptionValues
    /// Whether the caller may write (and so create the store).
    public var access: EngineAccess

    /// A request.
    public init(url: StoreURL, options: EngineOptionValues = EngineOptionValues(), access: EngineAccess = .readWrite) {
        self.url = url
        self.options = options
        self.access = access
    }

    /// The directory of a path-based store, checked: not empty, and for ``EngineAccess/readOnly``
    /// an existing directory. Throws ``LeaseholdError/invalidArgument(_:)`` or
    /// ``LeaseholdError/notFound(_:)``.
    public func directory() throws(LeaseholdError) -> String {
        let path = url.path
        guard !path.isEmpty else {
            throw .invalidArgument("'\(url)' has no path: write \(url.scheme):DIRECTORY, e.g. \(url.scheme):./data")
        }
        if access == .readOnly {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
                throw .notFound("no \(url.scheme) store at '\(path)'")
            }
            guard attributes[.type] as? FileAttributeType == .typeDirectory else {
                throw .notFound("'\(path)' is a file, not a \(url.scheme) store directory")
            }
        }
        return path
    }
}

extension EngineOptionValues {
    /// Copies each option that was given into `options` through its key path: the one way a
    /// factory turns checked values into its engine's options struct. Options not given are left
    /// at the struct's defaults.
    public func assign<Options>(
        to options: inout Options,
        bools: KeyValuePairs<String, WritableKeyPath<Options, Bool>> = [:],
        sizes: KeyValuePairs<String, WritableKeyPath<Options, Int>> = [:],
        integers: KeyValuePairs<String, WritableKeyPath<Options, Int>> = [:],
        optionalIntegers: KeyValuePairs<String, WritableKeyPath<Options, Int?>> = [:],
        durations: KeyValuePairs<String, WritableKeyPath<Options, Double>> = [:]
    ) {
        for (name, path) in bools { if let v = bool(name) { options[keyPath: path] = v } }
        for (name, path) in sizes { if let v = size(name) { options[keyPath: path] = v } }
        for (name, path) in integers { if let v = integer(name) { options[keyPath: path] = v } }
        for (name, path) in optionalIntegers { if let v = integer(name) ?? size(name) { options[keyPath: path] = v } }
        for (name, path) in durations { if let v = duration(name) { options[keyPath: path] = v } }
    }
}

extension EngineRequest {
    /// For ``EngineAccess/readOnly``: throws ``LeaseholdError/notFound(_:)`` unless the store's
    /// directory holds `marker` (the file every store of the engine has, e.g. LMDB's `data.mdb`),
    /// so a read of a missing store creates nothing. Returns the directory (see ``directory()``).
    public func directory(marker: String, engine: String) throws(LeaseholdError) -> String {
        let path = try directory()
        if access == .readOnly && !FileManager.default.fileExists(atPath: path + "/" + marker) {
            throw .notFound("no \(engine) store in '\(path)' (\(marker) is missing)")
        }
        return path
    }
}
