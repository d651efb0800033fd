import Foundation
import GRDB

/// The record of the Codable workloads, the same type on both sides: Leasehold stores it as a
/// tuple (`TupleEncoder`), GRDB as a row of the `user` table (its Codable record support).
struct User: Codable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "user"
    var id: Int
    var name: String
    var email: String
    var age: Int

    /// User `i`: a short name, an email past the 15-byte small-string size, an age.
    static func numbered(_ i: Int) -> User {
        User(id: i, name: "user\(i)", email: "user\(i)@example.com", age: 18 &+ i % 60)
    }
}

/// The same user, decoded GRDB's fastest way: `init(row:)` reading the columns by index.
struct UserByColumn: FetchableRecord {
    var id: Int
    var name: String
    var email: String
    var age: Int

    init(row: Row) throws {
        id = row[0]
        name = row[1]
        email = row[2]
        age = row[3]
    }
}

/// The data of one run, built before any timing: `records` key-value records (16-byte keys, an
/// 8-byte prefix and a big-endian number; 100-byte values), `records / 5` users, and the keys of
/// the random gets.
struct Workload: Sendable {
    let records: Int
    let users: Int
    let gets: Int
    let keys: [[UInt8]]
    let values: [[UInt8]]
    let keyData: [Data]
    let valueData: [Data]
    /// Indexes of the random gets (the same sequence on both sides).
    let getOrder: [Int]
    /// Ids of the random user gets.
    let userGetOrder: [Int]

    init(records: Int, gets: Int) {
        self.records = records
        users = max(1, records / 5)
        self.gets = gets
        keys = (0 ..< records).map { Array("leasehld".utf8) + withUnsafeBytes(of: UInt64($0).bigEndian) { Array($0) } }
        values = (0 ..< records).map { i in (0 ..< 100).map { UInt8(truncatingIfNeeded: i &+ $0) } }
        keyData = keys.map { Data($0) }
        valueData = values.map { Data($0) }
        var generator = SplitMix(seed: 19)
        let records = records, users = users
        getOrder = (0 ..< gets).map { _ in Int(generator.next() % UInt64(records)) }
        userGetOrder = (0 ..< gets).map { _ in Int(generator.next() % UInt64(users)) }
    }
}

/// A small deterministic generator, so every run gets the same keys in the same order.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
