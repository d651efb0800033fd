import Foundation
import Leasehold
import Testing

/// `TupleEncoder` (and so `txn.put(key, value)`) encodes with one reused encoding per thread:
/// every value must come out as a fresh encoder would write it, and a container an
/// `encode(to:)` keeps past its value must throw, never write into another value's bytes.
@Suite("TupleEncoder reuses one encoding per thread")
struct TupleEncoderReuseTests {
    struct User: Codable, Equatable {
        var id: Int
        var name: String
        var tags: [String]
        var home: Address?
    }

    struct Address: Codable, Equatable {
        var city: String
    }

    /// Encodes a `User` with `TupleEncoder` in the middle of its own `encode(to:)`.
    struct Wrapper: Encodable {
        var inner: User
        var note: String
        enum CodingKeys: String, CodingKey { case inner, note }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(TupleEncoder().encode(inner), forKey: .inner)
            try container.encode(note, forKey: .note)
        }
    }

    struct StoredWrapper: Decodable {
        var inner: Bytes
        var note: String
    }

    /// Keeps its keyed container past `encode(to:)`.
    final class Keeper: Encodable, @unchecked Sendable {
        enum CodingKeys: String, CodingKey { case id }
        var kept: KeyedEncodingContainer<CodingKeys>?
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(1, forKey: .id)
            kept = container
        }
    }

    static func user(_ i: Int) -> User {
        User(id: i, name: "user \(i)", tags: Array(repeating: "t\(i)", count: i % 4), home: i % 2 == 0 ? Address(city: "c\(i)") : nil)
    }

    @Test("values of every shape, one after another and after a failed encode, read back equal")
    func roundTrips() throws {
        let encoder = TupleEncoder(), decoder = TupleDecoder()
        for i in 0 ..< 30 {
            #expect(try decoder.decode(User.self, from: encoder.encode(Self.user(i))) == Self.user(i))
            #expect(try decoder.decode([Int: String].self, from: encoder.encode([i: "v\(i)"])) == [i: "v\(i)"])
            #expect(throws: EncodingError.self) { try encoder.encode(Optional<Optional<Int>>.some(nil)) }
        }
    }

    @Test("an encode inside another's encode(to:) gets an encoding of its own: both values are right")
    func nestedEncode() throws {
        let bytes = try TupleEncoder().encode(Wrapper(inner: Self.user(3), note: "n"))
        let stored = try TupleDecoder().decode(StoredWrapper.self, from: bytes)
        #expect(try TupleDecoder().decode(User.self, from: stored.inner) == Self.user(3))
        #expect(stored.note == "n")
    }

    @Test("a container kept past its value throws on its next write, and later values are unharmed")
    func keptContainer() throws {
        let keeper = Keeper()
        let first = try TupleEncoder().encode(keeper)
        try TupleEncoder().withEncoding(of: Self.user(5)) { (bytes) throws -> Void in
            #expect(throws: EncodingError.self) { try keeper.kept?.encode(99, forKey: .id) }
            #expect(try TupleDecoder().decode(User.self, from: Array(bytes)) == Self.user(5))
        }
        #expect(throws: EncodingError.self) { try keeper.kept?.encode(99, forKey: .id) }
        #expect(try TupleEncoder().encode(keeper) == first)
    }

    @Test("encodes on many threads at once each read back equal", .timeLimit(.minutes(1)))
    func manyThreads() throws {
        let wrong = Counter()
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for i in 0 ..< 300 {
                let user = Self.user(i + thread)
                let back = try? TupleDecoder().decode(User.self, from: TupleEncoder().encode(user))
                if back != user { wrong.add() }
            }
        }
        #expect(wrong.value == 0)
    }

    /// How many values of ``manyThreads()`` came back wrong.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
}
