import Foundation
import Leasehold

/// The Leasehold side of every workload, generic over the engine (LMDB and RocksDB run the same
/// code). Each returns a number that depends on every record read, so nothing is optimised away.
enum LeaseholdSide {
    /// The users' keys, `("user", id)`, beside the key-value records in the same store.
    static let usersRange = Key("user").range

    /// Loads `workload`'s records into `engine` in one write transaction (the bulk load).
    static func load<E: Engine>(_ engine: E, _ workload: Workload) throws {
        try engine.write { txn in
            for i in 0 ..< workload.records { try txn.put(workload.keys[i], workload.values[i]) }
        }
    }

    /// Loads the users in one write transaction, encoded by `TupleEncoder` (the Codable insert).
    static func loadUsers<E: Engine>(_ engine: E, _ users: [User]) throws {
        try engine.write { txn in
            for user in users { try txn.put(Key("user", user.id), encoding: user) }
        }
    }

    /// The full ordered scan through the closure scan (`Bytes` key and value).
    static func scan<E: Engine>(_ engine: E) throws -> Int {
        try engine.read { txn in
            var total = 0
            try txn.scan { key, value in total &+= key.count &+ value.count &+ Int(key[0]) }
            return total
        }
    }

    /// The full ordered scan through `scanSpans` (spans, nothing leased per record).
    static func spans<E: Engine>(_ engine: E) throws -> Int {
        try engine.read { txn in
            var total = 0
            try txn.scanSpans { key, value in
                total &+= key.byteCount &+ value.byteCount &+ Int(key.unsafeLoad(as: UInt8.self))
            }
            return total
        }
    }

    /// Random gets through `txn.get` (a leased `Bytes`).
    static func gets<E: Engine>(_ engine: E, _ workload: Workload) throws -> Int {
        try engine.read { txn in
            var total = 0
            for i in workload.getOrder { total &+= try txn.get(workload.keys[i])!.count }
            return total
        }
    }

    /// Random gets through `withValue` (a span for the closure's length).
    static func withValue<E: Engine>(_ engine: E, _ workload: Workload) throws -> Int {
        try engine.read { txn in
            var total = 0
            for i in workload.getOrder { total &+= try txn.withValue(forKey: workload.keys[i]) { $0.byteCount }! }
            return total
        }
    }

    /// The typed scan of the users (`TupleDecoder`).
    static func codableScan<E: Engine>(_ engine: E) throws -> Int {
        try engine.read { txn in
            var total = 0
            try txn.scan(usersRange, as: User.self) { _, user in total &+= user.age &+ user.email.utf8.count }
            return total
        }
    }

    /// The same scan decoding by hand: the schema tags skipped, the fields read by position.
    static func handScan<E: Engine>(_ engine: E) throws -> Int {
        try engine.read { txn in
            var total = 0
            try txn.scan(usersRange) { _, value in
                let (_, _, _, email, age) = try Key(packed: value).decode(Bytes.self, Int.self, String.self, String.self, Int.self)
                total &+= age &+ email.utf8.count
            }
            return total
        }
    }

    /// Random gets of users, decoded by `txn.get(_:as:)`.
    static func codableGets<E: Engine>(_ engine: E, _ workload: Workload) throws -> Int {
        try engine.read { txn in
            var total = 0
            for id in workload.userGetOrder {
                let user = try txn.get(Key("user", id), as: User.self)!
                total &+= user.age &+ user.email.utf8.count
            }
            return total
        }
    }
}
