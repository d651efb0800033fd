import BigInt
import Foundation
import Leasehold
import Testing

/// Every shape Codable accepts either round-trips through TupleEncoder/TupleDecoder or is an
/// `EncodingError` at encode (and at `put`, before a byte is written).
@Suite("Tuple Codable shapes")
struct TupleCodableShapeTests {
    /// Encodes, checks the tuple, decodes, checks the value.
    func roundTrip<T: Codable & Equatable>(_ value: T, as tuple: Key? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let key = try TupleEncoder().encodeKey(value)
        if let tuple { #expect(key == tuple, "\(key)", sourceLocation: sourceLocation) }
        #expect(try TupleDecoder().decode(T.self, from: key) == value, sourceLocation: sourceLocation)
    }

    enum Bare: Codable, Hashable { case open, closed }
    enum Payload: Codable, Hashable { case shipped(Date), count(Int) }
    enum Labelled: Codable, Equatable { case cancelled(reason: String, refund: Int?) }
    enum Several: Codable, Equatable { case split(Int, String, [Int]) }
    enum Raw: String, Codable { case low, high }
    enum Outer: Codable, Equatable { case inner(Payload), bare(Bare) }
    indirect enum Tree: Codable, Equatable { case leaf(Int), node(Tree, Tree) }

    @Test("an enum case without payload is its name and an empty payload")
    func bare() throws {
        try roundTrip(Bare.open, as: Key("open", Key()))
        try roundTrip([Bare.open, .closed])
    }

    @Test("an enum case with a payload stores the case and the payload's labels")
    func payload() throws {
        try roundTrip(Payload.shipped(Date(timeIntervalSinceReferenceDate: 60)), as: Key("shipped", Key("_0", 60.0)))
        try roundTrip(Payload.count(-3))
    }

    @Test("labelled, optional and several payloads")
    func labelled() throws {
        try roundTrip(Labelled.cancelled(reason: "late", refund: 5), as: Key("cancelled", Key("reason", "late", "refund", 5)))
        try roundTrip(Labelled.cancelled(reason: "", refund: nil))
        try roundTrip(Several.split(1, "a", [2, 3]))
    }

    @Test("raw-value enums are their raw value")
    func rawValue() throws {
        #expect(try TupleEncoder().encodeKey(Raw.high) == Key("high"))
        #expect(try TupleDecoder().decode(Raw.self, from: Key("low")) == .low)
    }

    @Test("nested, indirect and optional enums")
    func nested() throws {
        try roundTrip(Outer.inner(.count(7)))
        try roundTrip(Outer.bare(.closed))
        try roundTrip(Tree.node(.leaf(1), .node(.leaf(2), .leaf(3))))
        try roundTrip(Bare?.none)
        try roundTrip(Payload?.some(.count(1)))
        struct Holder: Codable, Equatable { var a: Bare?; var b: Payload?; var c: [Outer?] }
        try roundTrip(Holder(a: nil, b: .count(2), c: [nil, .bare(.open)]))
    }

    @Test("an enum as a dictionary key")
    func enumKeys() throws {
        // A String raw-value enum that is CodingKeyRepresentable keys a keyed container.
        enum Priority: String, Codable, CodingKeyRepresentable { case low, high }
        try roundTrip([Priority.low: 1, .high: 2])
        // Any other Hashable enum keys an unkeyed container of alternating keys and values.
        try roundTrip([Payload.count(1): "one", .shipped(Date(timeIntervalSinceReferenceDate: 0)): "zero"])
        try roundTrip([Bare.open: [Bare.closed]])
    }

    @Test("dictionaries with String, Int and other keys")
    func dictionaries() throws {
        try roundTrip(["b": 2], as: Key("b", 2))
        try roundTrip([7: "seven"], as: Key(7, "seven"))
        // String keys that look like integers stay strings unless they are one exactly.
        try roundTrip(["1": 1, "01": 2, "-0": 3, "+4": 4, "": 5])
        try roundTrip([UUID(): 1.5])
        try roundTrip([String: Int]())
        try roundTrip([["x": [1: [true]]]])
        struct Holder: Codable, Equatable { var counts: [String: Int]; var names: [Int: String]? }
        try roundTrip(Holder(counts: ["a": 1, "b": 2], names: [1: "x"]))
        try roundTrip(Holder(counts: [:], names: nil))
        // Many entries, decoded in stored order: each lookup is one compare.
        let big = Dictionary(uniqueKeysWithValues: (0 ..< 2000).map { ("k\($0)", $0) })
        try roundTrip(big)
    }

    @Test("sets, arrays of optionals, nested optionals that a null can hold")
    func collections() throws {
        try roundTrip(Set(["a", "b", "c"]))
        try roundTrip([1, nil, 3] as [Int?])
        try roundTrip(Int??.none)
        try roundTrip(Int??.some(.some(4)))
        struct Holder: Codable, Equatable { var twice: Int??; var list: [Int??] }
        try roundTrip(Holder(twice: .some(.some(1)), list: [.none, .some(.some(2))]))
        try roundTrip(Holder(twice: .none, list: []))
    }

    @Test("Optional.some(nil) is an EncodingError naming the field: a null would read back as nil")
    func someNil() throws {
        struct Holder: Codable { var twice: Int?? }
        let holder = Holder(twice: .some(nil))
        #expect { try TupleEncoder().encode(holder) } throws: { error in
            guard case EncodingError.invalidValue(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["twice"]
        }
        #expect(throws: EncodingError.self) { try TupleEncoder().encode(Int??.some(nil)) }
        #expect { try TupleEncoder().encode([Int??.some(nil)]) } throws: { error in
            guard case EncodingError.invalidValue(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["Index 0"]
        }
        #expect(throws: EncodingError.self) { try TupleEncoder().encode(["a": Int??.some(nil)]) }
    }

    @Test("what cannot be stored is refused at put, and the store is left unchanged")
    func refusedAtPut() throws {
        struct Holder: Codable { var id: Int; var twice: Int?? }
        let engine = try MemoryEngine()
        try engine.write { txn in try txn.put(Key("h", 1), Holder(id: 1, twice: 1)) }
        #expect(throws: EncodingError.self) {
            try engine.write { txn in
                try txn.put(Key("h", 2), Holder(id: 2, twice: 2))
                try txn.put(Key("h", 1), Holder(id: 9, twice: .some(nil)))
            }
        }
        #expect(throws: EncodingError.self) {
            try engine.write { txn in try txn.put(Key("h", 3), ["big": BigInt(1) << 2040]) }
        }
        let stored = try engine.read { txn in
            [try txn.get(Key("h", 1), as: Holder.self)?.id, try txn.get(Key("h", 2)).map { _ in 2 }, try txn.get(Key("h", 3)).map { _ in 3 }]
        }
        #expect(stored == [1, nil, nil])
        // Within a transaction that goes on, the refused put wrote nothing.
        let fourth = try engine.write { txn in
            #expect(throws: EncodingError.self) { try txn.put(Key("h", 4), Holder(id: 4, twice: .some(nil))) }
            return try txn.get(Key("h", 4))
        }
        #expect(fourth == nil)
    }

    @Test("hand-written keyed enums look their payload up by key")
    func handWritten() throws {
        try roundTrip(SampleShape.circle(radius: 2), as: Key("circle", 2.0))
        try roundTrip(SampleShape.labelled(.open))
    }
}
