import Foundation
import Leasehold
import LeaseholdConformance
import LeaseholdLMDB
import Testing

/// Codable records through a real LMDB store: decoded straight from the map, copied only when kept.
@Suite("LMDB Codable records")
struct LMDBCodableTests {
    struct User: Codable, Equatable {
        var name: String
        var age: Int
        var email: String?
        var avatar: Bytes
    }

    static func user(_ i: Int) -> User {
        User(name: "user \(i)", age: 20 + i % 50, email: i % 3 == 0 ? nil : "u\(i)@example.com",
             avatar: Bytes([UInt8](repeating: UInt8(1 + i % 200), count: 64)))
    }

    @Test("put(key, user) then get(key, as:) round-trips 1,000 records, decoding from shared memory with no copy")
    func roundTripWithoutCopies() throws {
        let path = ScratchDirectory("lmdb-codable").path
        let engine = try LMDBEngine(options: testOptions(path))
        defer { try? engine.close(); try? FileManager.default.removeItem(atPath: path) }
        try engine.write { txn in
            for i in 0 ..< 1_000 { try txn.put(Key("users", i), Self.user(i)) }
        }

        let before = engine.statistics.snapshot()
        var sharedAvatars = 0
        try engine.read { txn in
            for i in 0 ..< 1_000 {
                let user = try #require(try txn.get(Key("users", i), as: User.self))
                #expect(user == Self.user(i))
                if user.avatar.residence == .shared { sharedAvatars += 1 }
            }
        }
        let d = engine.statistics.snapshot() - before
        #expect(sharedAvatars == 1_000, "the Bytes field is a view on the map")
        #expect(d.sinksRegistered >= 1_000, "\(d)")
        #expect(d.sinksCopied == 0 && d.bytesCopied == 0 && d.arenasAllocated == 0, "nothing was kept, so nothing was copied: \(d)")
    }

    @Test("the decoded Bytes field points into LMDB's own buffer, and is copied once when kept past the transaction")
    func keptFieldIsCopiedOnce() throws {
        let path = ScratchDirectory("lmdb-codable-kept").path
        let engine = try LMDBEngine(options: testOptions(path))
        defer { try? engine.close(); try? FileManager.default.removeItem(atPath: path) }
        let key = Key("users", 7)
        try engine.write { try $0.put(key, Self.user(7)) }

        let before = engine.statistics.snapshot()
        var kept: User?
        try engine.read { txn in
            let user = try #require(try txn.get(key, as: User.self))
            let field = user.avatar.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) }
            let map = try #require(try txn.withValue(forKey: key) { (span: RawSpan) in
                span.withUnsafeBytes { UInt(bitPattern: $0.baseAddress!) ..< UInt(bitPattern: $0.baseAddress! + $0.count) }
            })
            #expect(map.contains(field), "the avatar was copied out of the map")
            kept = user
        }
        let d = engine.statistics.snapshot() - before
        #expect(kept?.avatar.residence == .copied)
        #expect(kept == Self.user(7))
        // The value's sink was copied at the end of the transaction (the avatar is a slice of it).
        #expect(d.sinksCopied == 1, "\(d)")
    }

    @Test("a record's fields are tuple elements: one field reads lazily from the stored value")
    func lazyField() throws {
        let path = ScratchDirectory("lmdb-codable-lazy").path
        let engine = try LMDBEngine(options: testOptions(path))
        defer { try? engine.close(); try? FileManager.default.removeItem(atPath: path) }
        try engine.write { try $0.put(Key("users", 1), Self.user(1)) }
        try engine.read { txn in
            let record = Key(packed: try #require(try txn.get(Key("users", 1))))
            // Element 0 is the record's field tags: field i is element i + 1.
            #expect(try record[2, as: Int.self] == 21)
            #expect(try record[3, as: String?.self] == "u1@example.com")
            #expect(record.bytes.residence == .shared)
        }
    }
}
