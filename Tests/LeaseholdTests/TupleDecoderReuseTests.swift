import Foundation
import Leasehold
import Testing

/// `TupleDecoder` (and so `txn.get(key, as:)`) decodes with one reused decoding per thread, and a
/// reused decoding keeps its top-level keyed container for the next record: nothing a value
/// decodes may depend on that reuse, and a container or decoder an `init(from:)` keeps past its
/// record must go on reading that record (or fail), never the next one.
@Suite("TupleDecoder reuses one decoding per thread")
struct TupleDecoderReuseTests {
    struct User: Codable, Equatable {
        var id: Int
        var name: String
        var email: String
        var age: Int
    }

    struct Pet: Codable, Equatable {
        var name: String
        var legs: Int
    }

    /// Decodes a `Pet` with `TupleDecoder` in the middle of its own `init(from:)`.
    struct Owner: Decodable, Equatable {
        var id: Int
        var pet: Pet
        var city: String
        enum CodingKeys: String, CodingKey { case id, pet, city }
        init(id: Int, pet: Pet, city: String) { (self.id, self.pet, self.city) = (id, pet, city) }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(Int.self, forKey: .id)
            let packed = try container.decode(Bytes.self, forKey: .pet)
            pet = try TupleDecoder().decode(Pet.self, from: packed)
            city = try container.decode(String.self, forKey: .city)
        }
    }

    struct StoredOwner: Encodable {
        var id: Int
        var pet: Bytes
        var city: String
    }

    /// Keeps its keyed container (and its decoder) past `init(from:)`, reading only `id` there.
    final class Keeper: Decodable {
        enum CodingKeys: String, CodingKey { case id, name, email, age }
        let id: Int
        let container: KeyedDecodingContainer<CodingKeys>
        let decoder: any Decoder
        init(from decoder: any Decoder) throws {
            container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(Int.self, forKey: .id)
            self.decoder = decoder
        }
    }

    static func user(_ i: Int) -> User { User(id: i, name: "user \(i)", email: "user\(i)@example.com", age: 20 + i % 50) }

    @Test("decodes alternating between two types, and after a failed decode, read every value right")
    func alternatingTypesAndFailures() throws {
        let encoder = TupleEncoder(), decoder = TupleDecoder()
        for i in 0 ..< 20 {
            let user = Self.user(i), pet = Pet(name: "pet \(i)", legs: i % 5)
            #expect(try decoder.decode(User.self, from: encoder.encode(user)) == user)
            #expect(try decoder.decode(Pet.self, from: encoder.encode(pet)) == pet)
            #expect(throws: DecodingError.self) { try decoder.decode(User.self, from: encoder.encode(pet)) }
            #expect(throws: (any Error).self) { try decoder.decode(User.self, from: Key("not", "a record").packed) }
        }
    }

    @Test("a decode inside another's init(from:) gets a decoding of its own: both values are right")
    func nestedDecode() throws {
        let encoder = TupleEncoder()
        for i in 0 ..< 5 {
            let pet = Pet(name: "pet \(i)", legs: 4)
            let stored = StoredOwner(id: i, pet: try encoder.encode(pet), city: "city \(i)")
            let owner = try TupleDecoder().decode(Owner.self, from: encoder.encode(stored))
            #expect(owner == Owner(id: i, pet: pet, city: "city \(i)"))
        }
    }

    @Test("a container kept past its record reads that record after others were decoded; a kept decoder finds nothing")
    func keptContainer() throws {
        let encoder = TupleEncoder(), decoder = TupleDecoder()
        let first = try decoder.decode(Keeper.self, from: encoder.encode(Self.user(1)))
        let second = try decoder.decode(Keeper.self, from: encoder.encode(Self.user(2)))
        for _ in 0 ..< 3 { _ = try decoder.decode(User.self, from: encoder.encode(Self.user(3))) }
        #expect(try first.container.decode(String.self, forKey: .name) == "user 1")
        #expect(try second.container.decode(String.self, forKey: .name) == "user 2")
        #expect(try first.container.decode(String.self, forKey: .email) == "user1@example.com")
        // The decoder itself is reused: kept past its decode it reads an empty tuple, not a record.
        #expect(throws: (any Error).self) {
            _ = try first.decoder.container(keyedBy: Keeper.CodingKeys.self).decode(Int.self, forKey: .id)
        }
    }

    @Test("txn.get(key, as:) on many threads at once reads every record right", .timeLimit(.minutes(1)))
    func getsOnManyThreads() throws {
        let engine = try MemoryEngine()
        try engine.write { txn in
            for i in 0 ..< 200 { try txn.put(Key("u", i), Self.user(i)) }
        }
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            do {
                try engine.read { txn in
                    for round in 0 ..< 5 {
                        for i in 0 ..< 200 where (i + thread + round) % 3 != 0 {
                            if try txn.get(Key("u", i), as: User.self) != Self.user(i) { failures.add("record \(i) on thread \(thread)") }
                        }
                    }
                }
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty)
    }

    /// What the threads of ``getsOnManyThreads()`` found wrong.
    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var found: [String] = []
        func add(_ failure: String) { lock.withLock { found.append(failure) } }
        var all: [String] { lock.withLock { found } }
    }
}
