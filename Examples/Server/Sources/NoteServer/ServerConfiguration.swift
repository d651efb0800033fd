import Foundation

/// How the server runs: read from the environment by ``fromEnvironment(_:)``.
public struct ServerConfiguration: Sendable, Hashable {
    /// The store's URL (`LEASEHOLD_STORE`): `memory:`, `lmdb:PATH`, `rocksdb:PATH`, `leveldb:PATH`,
    /// with `?readers=N` and the engine's other options.
    public var store: String
    /// The address to listen on (`HOST`).
    public var host: String
    /// The port to listen on (`PORT`); 0 picks a free one, printed when the server starts.
    public var port: Int
    /// The largest note body accepted, in bytes (`MAX_NOTE_BYTES`); the engine's own value limit
    /// lowers it further.
    public var maxNoteBytes: Int
    /// Whether `POST /admin/import` is served (`SERVER_ADMIN=1`).
    public var admin: Bool

    /// A configuration with these values (the defaults are the environment's).
    public init(
        store: String = "lmdb:./server-data", host: String = "127.0.0.1", port: Int = 8080,
        maxNoteBytes: Int = 1 << 20, admin: Bool = false
    ) {
        self.store = store
        self.host = host
        self.port = port
        self.maxNoteBytes = maxNoteBytes
        self.admin = admin
    }

    /// A value in the environment the server cannot use.
    public struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        /// The variable's name.
        public let variable: String
        /// Its value.
        public let value: String
        /// What it must be.
        public let expected: String
        /// One line naming the variable, its value and what was expected.
        public var description: String { "\(variable)=\(value): expected \(expected)" }
    }

    /// Reads `LEASEHOLD_STORE`, `HOST`, `PORT`, `MAX_NOTE_BYTES` and `SERVER_ADMIN` from
    /// `environment`, keeping the default of each one that is not set; throws ``Invalid`` for
    /// a value that is not usable.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(Invalid) -> ServerConfiguration {
        var configuration = ServerConfiguration()
        if let store = environment["LEASEHOLD_STORE"] {
            guard !store.isEmpty else { throw Invalid(variable: "LEASEHOLD_STORE", value: store, expected: "a store URL") }
            configuration.store = store
        }
        if let host = environment["HOST"], !host.isEmpty { configuration.host = host }
        if let port = environment["PORT"] {
            guard let number = Int(port), (0...65535).contains(number) else {
                throw Invalid(variable: "PORT", value: port, expected: "a port number from 0 to 65535")
            }
            configuration.port = number
        }
        if let bytes = environment["MAX_NOTE_BYTES"] {
            guard let number = Int(bytes), number > 0 else {
                throw Invalid(variable: "MAX_NOTE_BYTES", value: bytes, expected: "a positive number of bytes")
            }
            configuration.maxNoteBytes = number
        }
        if let admin = environment["SERVER_ADMIN"] {
            guard ["0", "1"].contains(admin) else { throw Invalid(variable: "SERVER_ADMIN", value: admin, expected: "0 or 1") }
            configuration.admin = admin == "1"
        }
        return configuration
    }
}
