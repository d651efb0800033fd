import BigInt
import Foundation
import Leasehold
import Testing

/// The field tags a record stores first (FNV-1a of each field name folded to 1...255): the
/// format, spelled out independently of the encoder.
func fieldTags(_ names: String...) -> [UInt8] {
    names.map { name in
        var hash: UInt32 = 2_166_136_261
        for byte in name.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return UInt8(hash % 255) + 1
    }
}

/// `TupleEncoder` / `TupleDecoder`: Codable records stored as tuple values.
@Suite("Tuple Codable")
struct TupleCodableTests {
    struct Address: Codable, Equatable {
        var street: String
        var zip: Int?
    }

    enum Role: String, Codable { case admin, member }

    struct Wrapped: Codable, Equatable {
        var raw: Int64
        init(_ raw: Int64) { self.raw = raw }
        init(from decoder: any Decoder) throws { raw = try decoder.singleValueContainer().decode(Int64.self) }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(raw)
        }
    }

    struct Empty: Codable, Equatable {}

    struct Everything: Codable, Equatable {
        var name = "alice"
        var age = 42
        var small: Int8 = -128
        var unsigned: UInt64 = .max
        var huge: Int128 = .min
        var hugeUnsigned: UInt128 = .max
        var big = BigInt(1) << 1000
        var ratio = -1.5
        var single: Float = 0.1
        var active = true
        var email: String? = nil
        var nickname: String? = "al"
        var address = Address(street: "Main", zip: nil)
        var previous: Address? = nil
        var scores = [3, 1, 2]
        var addresses = [Address(street: "a", zip: 1), Address(street: "b", zip: nil)]
        var empty = Empty()
        var none: [Int] = []
        var data = Data([0, 1, 0xff])
        var raw: [UInt8] = [0, 0, 7]
        var id = UUID(uuidString: "00112233-4455-6677-8899-aabbccddeeff")!
        var created = Date(timeIntervalSinceReferenceDate: 1234.000_000_1)
        var role = Role.admin
        var wrapped = Wrapped(-7)
        var payload: Bytes = [0xde, 0xad, 0xbe, 0xef]
        var link = Key("users", 7)
    }

    @Test("every supported field type round-trips")
    func roundTrip() throws {
        let value = Everything()
        let bytes = try TupleEncoder().encode(value)
        let back = try TupleDecoder().decode(Everything.self, from: bytes)
        #expect(back == value)
        #expect(back.created.timeIntervalSinceReferenceDate.bitPattern == value.created.timeIntervalSinceReferenceDate.bitPattern)
        // NaN payloads and the sign of zero are kept.
        let odd = [Double(bitPattern: 0x7ff0_0000_0000_0001), -0.0]
        #expect(try TupleDecoder().decode([Double].self, from: TupleEncoder().encode(odd)).map(\.bitPattern) == odd.map(\.bitPattern))
    }

    @Test("a record is its field tags, then its fields in declaration order, readable lazily")
    func layout() throws {
        struct User: Codable { var name: String; var age: Int; var email: String?; var address: Address; var tags: [String] }
        let user = User(name: "alice", age: 42, email: nil, address: Address(street: "Main", zip: 9), tags: ["x", "y"])
        let key = try TupleEncoder().encodeKey(user)
        let tags = fieldTags("name", "age", "email", "address", "tags")
        #expect(key == Key(tags, "alice", 42, TupleNull(), Key(fieldTags("street", "zip"), "Main", 9), Key("x", "y")))
        #expect(!tags.contains(0))
        // One field without decoding the others (field i is element i + 1), nested fields too.
        #expect(try key[2, as: Int.self] == 42)
        #expect(try key[4, as: Key.self][1, as: String.self] == "Main")
        // Nulls inside nested tuples are `00 ff`.
        let nested = try TupleEncoder().encode([Address(street: "s", zip: nil)])
        #expect(Array(nested) == Key.pack(Key(fieldTags("street", "zip"), "s", TupleNull())))
    }

    @Test("Date is a double of seconds since 2001-01-01, UUID and Data their own elements")
    func documentedEncodings() throws {
        struct Stamp: Codable { var at: Date; var id: UUID; var blob: Data }
        let id = UUID()
        let key = try TupleEncoder().encodeKey(Stamp(at: Date(timeIntervalSince1970: 978_307_200 + 60), id: id, blob: Data([1, 2])))
        #expect(key == Key(fieldTags("at", "id", "blob"), 60.0, id, [UInt8]([1, 2])))
    }

    @Test("top-level single values and arrays are one-element and flat tuples")
    func topLevel() throws {
        #expect(Array(try TupleEncoder().encode(42)) == Key.pack(42))
        #expect(Array(try TupleEncoder().encode([1, 2])) == Key.pack(1, 2))
        #expect(Array(try TupleEncoder().encode(Wrapped(5))) == Key.pack(5))
        #expect(try TupleDecoder().decode(Int.self, from: Key(42)) == 42)
        #expect(try TupleDecoder().decode([Int].self, from: Key(1, 2)) == [1, 2])
        #expect(try TupleDecoder().decode(Int?.self, from: Key(TupleNull())) == nil)
        #expect(try TupleDecoder().decode(Data.self, from: Key(bytes: [9])) == Data([9]))
    }

    @Test("optional fields appended later decode as nil from older records; extra elements are ignored")
    func evolution() throws {
        struct V1: Codable { var name: String }
        struct V2: Codable { var name: String; var age: Int?; var tags: [String]? }
        let old = try TupleEncoder().encode(V1(name: "a"))
        let read = try TupleDecoder().decode(V2.self, from: old)
        #expect(read.name == "a" && read.age == nil && read.tags == nil)
        let new = try TupleEncoder().encode(V2(name: "b", age: 3, tags: ["t"]))
        #expect(try TupleDecoder().decode(V1.self, from: new).name == "b")
    }

    @Test("well-formed bytes of another shape are DecodingErrors naming the field; malformed bytes a LeaseholdError with the offset")
    func errors() throws {
        struct User: Codable { var name: String; var age: Int; var small: Int8 }
        let decoder = TupleDecoder()
        let tags = fieldTags("name", "age", "small")
        #expect(failure { try decoder.decode(User.self, from: Key(tags, "alice", "x", 1)) } == "typeMismatch [\"age\"]")
        // Too short: the field missing is named.
        #expect(failure { try decoder.decode(User.self, from: Key(Array(tags.prefix(2)), "alice", 1)) } == "keyNotFound [] small")
        #expect(failure { try decoder.decode(User.self, from: Key(tags, "alice", 1, 300)) } == "dataCorrupted [\"small\"]")
        // A nested struct where a scalar is.
        struct Outer: Codable { var inner: Address }
        #expect(failure { try decoder.decode(Outer.self, from: Key(fieldTags("inner"), 5)) } == "typeMismatch [\"inner\"]")
        // Truncated bytes stay malformed: (tags, 'alice', <a 2-byte integer cut short>).
        let good = Array(Key(tags, "alice", 300).packed)
        #expect(throws: LeaseholdError.malformedTuple(offset: good.count - 3, reason: .truncated)) {
            try decoder.decode(User.self, from: Bytes(good.dropLast()))
        }
    }

    final class Node: Codable {
        var child: Node?
        init(depth: Int) { child = depth > 0 ? Node(depth: depth - 1) : nil }
        var depth: Int { child.map { $0.depth + 1 } ?? 0 }
    }

    @Test("recursive values: up to the nesting limit they round-trip, deeper is a typed error both ways")
    func nesting() throws {
        // Node(depth: n) is n nested tuples below the top level.
        let fits = Node(depth: Key.maximumNestingDepth)
        #expect(try TupleDecoder().decode(Node.self, from: TupleEncoder().encode(fits)).depth == Key.maximumNestingDepth)
        #expect(throws: EncodingError.self) { try TupleEncoder().encode(Node(depth: Key.maximumNestingDepth + 1)) }
        // Hand-made bytes one level too deep: the decoder stops at the limit. Each Node is its
        // tags element (01 tag 00) and its child, a nested tuple.
        let tags: [UInt8] = [0x01] + fieldTags("child") + [0x00]
        let deep = Key(packed: tags + Array(repeating: [0x05] + tags, count: 129).joined() + [UInt8](repeating: 0x00, count: 129))
        #expect(throws: LeaseholdError.malformedTuple(offset: 3 + 128 * 4, reason: .nestedTooDeeply(limit: 128))) {
            try TupleDecoder().decode(Node.self, from: deep)
        }
    }

    @Test("what a tuple cannot hold is refused, not written unreadably; dictionaries and enums store their keys")
    func unsupported() throws {
        #expect(throws: EncodingError.self) { try TupleEncoder().encode(BigInt(1) << 2040) }
        #expect(try TupleDecoder().decode([String: Int].self, from: TupleEncoder().encode(["a": 1])) == ["a": 1])
        enum Shape: Codable, Equatable { case circle(radius: Double) }
        #expect(try TupleDecoder().decode(Shape.self, from: TupleEncoder().encode(Shape.circle(radius: 1))) == .circle(radius: 1))
    }

    @Test("a nested container written after its parent moved on is an error")
    func outOfOrder() throws {
        struct Bad: Encodable {
            enum K: CodingKey { case a, b }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: K.self)
                var nested = c.nestedUnkeyedContainer(forKey: .a)
                try nested.encode(1)
                try c.encode(2, forKey: .b)
                try nested.encode(3)
            }
        }
        #expect(throws: EncodingError.self) { try TupleEncoder().encode(Bad()) }
    }

    class Animal: Codable {
        var name: String
        init(name: String) { self.name = name }
    }

    final class Dog: Animal {
        var good: Bool
        enum K: CodingKey { case good }
        init(name: String, good: Bool) {
            self.good = good
            super.init(name: name)
        }
        required init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: K.self)
            good = try c.decode(Bool.self, forKey: .good)
            try super.init(from: c.superDecoder())
        }
        override func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: K.self)
            try c.encode(good, forKey: .good)
            try super.encode(to: c.superEncoder())
        }
    }

    @Test("a superclass is a nested tuple (superEncoder / superDecoder)")
    func inheritance() throws {
        let key = try TupleEncoder().encodeKey(Dog(name: "rex", good: true))
        #expect(key == Key(fieldTags("good", "super"), true, Key(fieldTags("name"), "rex")))
        let dog = try TupleDecoder().decode(Dog.self, from: key)
        #expect(dog.name == "rex" && dog.good)
    }

    @Test("a record larger than the scratch is encoded in two passes; one that changes between them is an error")
    func large() throws {
        struct Big: Codable, Equatable { var text: String; var blobs: [Data] }
        let big = Big(text: String(repeating: "x", count: 3000), blobs: [Data(count: 500), Data([0, 0, 0])])
        #expect(try TupleDecoder().decode(Big.self, from: TupleEncoder().encode(big)) == big)

        final class Fickle: Encodable {
            var calls = 0
            func encode(to encoder: any Encoder) throws {
                calls += 1
                var c = encoder.singleValueContainer()
                try c.encode(String(repeating: "y", count: 2000 + calls))
            }
        }
        #expect(throws: EncodingError.self) { try TupleEncoder().encode(Fickle()) }
    }

    @Test("txn.put(key, record) and txn.get(key, as:) on the Memory engine; Bytes fields stay lent until kept past the lease")
    func memoryStore() throws {
        struct Blob: Codable { var name: String; var payload: Bytes }
        let engine = try MemoryEngine()
        let payload = Bytes((1 ... 100).map { UInt8($0) })  // no zero byte: no escape, so a view
        try engine.write { txn in
            try txn.put(Key("blobs", 1), Blob(name: "one", payload: payload))
            // Byte strings keep their raw meaning with put(_:_:).
            try txn.put(Key("raw"), [UInt8]([1, 2, 3]))
        }
        var kept: Bytes?
        try engine.read { txn in
            let blob = try #require(try txn.get(Key("blobs", 1), as: Blob.self))
            #expect(blob.name == "one" && blob.payload == payload)
            #expect(blob.payload.residence == .shared, "the Bytes field is a view on the engine's memory")
            kept = blob.payload
            #expect(try txn.get(Key("missing"), as: Blob.self) == nil)
            #expect(try txn.get(Key("raw")).map(Array.init) == [1, 2, 3])
        }
        #expect(kept == payload)
        #expect(kept?.residence != .shared)
    }
}

/// The README's tuple example, checked: if this changes, change the README.
@Test("the README tuple example does what it says")
func readmeTupleExample() throws {
    struct User: Codable, Equatable { var name: String; var age: Int; var email: String? }
    let store = AnyEngine(try MemoryEngine())
    try store.write { txn in try txn.put(Key("users", 42), User(name: "alice", age: 36, email: nil)) }
    var ids: [Int] = []
    let user = try store.read { txn in
        let user = try txn.get(Key("users", 42), as: User.self)
        try txn.scan(Key("users").range) { raw, value in
            let id = try Key(packed: raw)[1, as: Int.self]
            ids.append(id)
        }
        return user
    }
    #expect(user == User(name: "alice", age: 36, email: nil))
    #expect(ids == [42])
}

/// The kind and coding path of the `DecodingError` that `body` throws.
func failure(_ body: () throws -> Any) -> String {
    let thrown: any Error
    do {
        _ = try body()
        return "no error"
    } catch {
        thrown = error
    }
    switch thrown as? DecodingError {
    case .typeMismatch(_, let c): return "typeMismatch \(c.codingPath.map(\.stringValue))"
    case .valueNotFound(_, let c): return "valueNotFound \(c.codingPath.map(\.stringValue))"
    case .keyNotFound(let k, let c): return "keyNotFound \(c.codingPath.map(\.stringValue)) \(k.stringValue)"
    case .dataCorrupted(let c): return "dataCorrupted \(c.codingPath.map(\.stringValue))"
    default: return "\(thrown)"
    }
}
