import Foundation
import Leasehold
import LeaseholdLMDB
import ScanPasses

/// The record of the Codable styles: the `User` of issue 19's table (four fields, two strings).
struct User: Codable, Equatable {
    var id: Int
    var name: String
    var email: String
    var age: Int

    /// The user stored under `Shape.key(i)`: a short name, an email past the 15-byte small-string
    /// size (a heap `String`, as real emails are), an age.
    static func numbered(_ i: Int) -> User {
        User(id: i, name: "user\(i)", email: "user\(i)@example.com", age: 18 &+ i % 60)
    }
}

/// The users store of the Codable styles (`prepareUsers`), kept apart from the scan store:
/// `Shape.records` users under the scan store's 16-byte keys, values encoded by `TupleEncoder`.
enum Users {
    /// The positional record's schema tags (its first element), so the hand-written encoder writes
    /// the same bytes as `TupleEncoder`.
    static let tags: [UInt8] = {
        let encoded = try! TupleEncoder().encode(User.numbered(0))
        return try! Key(packed: encoded).decode([UInt8].self, at: 0)
    }()

    /// The users, built outside the measured insert functions.
    static let all: [User] = (0 ..< Shape.records).map(User.numbered)

    static func open(_ directory: String) throws -> LMDBEngine {
        try LMDBEngine(options: .init(path: directory, mapSize: 1 << 30, noSync: true))
    }

    /// Writes the users into a new store at `directory`, and checks that the hand-written encoding
    /// is byte for byte the Codable one (the hand and Codable styles read the same records).
    static func prepare(_ directory: String) throws {
        let first = User.numbered(12345)
        guard try Array(TupleEncoder().encode(first)) == handEncoded(first) else {
            throw LeaseholdError.invalidArgument("hand-written User encoding differs from TupleEncoder's")
        }
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let engine = try open(directory)
        try engine.write { txn in
            for user in all { try txn.put(Shape.key(user.id), encoding: user) }
        }
        try engine.close()
    }

    /// The hand-written encoding of `user`: the tags, then the fields as tuple elements.
    @inline(__always) static func handEncoded(_ user: User) -> [UInt8] {
        Key.pack(tags, user.id, user.name, user.email, user.age)
    }

    /// The hand-written decoding: the fields read by position, the tags skipped.
    @inline(__always) static func handDecoded(_ value: Bytes) throws -> User {
        let (_, id, name, email, age) = try Key(packed: value).decode(Bytes.self, Int.self, String.self, String.self, Int.self)
        return User(id: id, name: name, email: email, age: age)
    }
}

// The measured functions of the Codable styles (one plain symbol each, as in Measured.swift).
// Every scan and get sums the ages and the email lengths, so each field is read.

@_silgen_name("measure_codableScan") @inline(never) func measure_codableScan(_ engine: LMDBEngine) throws -> Int {
    try engine.read { txn in
        var total = 0
        try txn.scan(as: User.self) { _, user in total &+= user.age &+ user.email.utf8.count }
        return total
    }
}

@_silgen_name("measure_handScan") @inline(never) func measure_handScan(_ engine: LMDBEngine) throws -> Int {
    try engine.read { txn in
        var total = 0
        try txn.scan { _, value in
            let user = try Users.handDecoded(value)
            total &+= user.age &+ user.email.utf8.count
        }
        return total
    }
}

@_silgen_name("measure_codableGet") @inline(never) func measure_codableGet(_ txn: LMDBReadTransaction) throws -> Int {
    var total = 0
    try Shape.getKeys.withUnsafeBytes { keys in
        for i in 0 ..< keys.count / 16 {
            let user = try txn.get(UnsafeRawBufferPointer(rebasing: keys[i * 16 ..< i * 16 + 16]), as: User.self)!
            total &+= user.age &+ user.email.utf8.count
        }
    }
    return total
}

@_silgen_name("measure_handGet") @inline(never) func measure_handGet(_ txn: LMDBReadTransaction) throws -> Int {
    var total = 0
    try Shape.getKeys.withUnsafeBytes { keys in
        for i in 0 ..< keys.count / 16 {
            let user = try Users.handDecoded(try txn.get(UnsafeRawBufferPointer(rebasing: keys[i * 16 ..< i * 16 + 16]))!)
            total &+= user.age &+ user.email.utf8.count
        }
    }
    return total
}

@_silgen_name("measure_codableInsert") @inline(never) func measure_codableInsert(_ engine: LMDBEngine, _ users: [User], _ keys: [[UInt8]]) throws {
    try engine.write { txn in
        for i in users.indices { try txn.put(keys[i], encoding: users[i]) }
    }
}

@_silgen_name("measure_handInsert") @inline(never) func measure_handInsert(_ engine: LMDBEngine, _ users: [User], _ keys: [[UInt8]]) throws {
    try engine.write { txn in
        for i in users.indices { try txn.put(keys[i], Users.handEncoded(users[i])) }
    }
}

// The same passes through `AnyEngine`, beside the concrete `scan` and `gets` styles.

@_silgen_name("measure_anySpans") @inline(never) func measure_anySpans(_ engine: AnyEngine) throws -> Int {
    try engine.read { try spansPass($0) }
}

@_silgen_name("measure_anyScan") @inline(never) func measure_anyScan(_ engine: AnyEngine) throws -> Int {
    try engine.read { try scanPass($0) }
}

@_silgen_name("measure_anyRecords") @inline(never) func measure_anyRecords(_ engine: AnyEngine) throws -> Int {
    try engine.read { try recordsPass($0) }
}

@_silgen_name("measure_anyGets") @inline(never) func measure_anyGets(_ txn: AnyReadTransaction) throws -> Int {
    try getsPass(txn, Shape.getKeys)
}
