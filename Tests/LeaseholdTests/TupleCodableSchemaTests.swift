import Foundation
import Leasehold
import Testing

/// Records read by a type that no longer matches them: a `DecodingError` naming the field, never
/// a wrong value; and the changes that are allowed.
@Suite("Tuple Codable schema")
struct TupleCodableSchemaTests {
    /// The coding path of `error` as strings, and its description.
    func place(_ error: any Error) -> (path: [String], text: String)? {
        switch error as? DecodingError {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): return (c.codingPath.map(\.stringValue), c.debugDescription)
        case .keyNotFound(let key, let c): return (c.codingPath.map(\.stringValue) + [key.stringValue], c.debugDescription)
        default: return nil
        }
    }

    /// Encodes `old`, decodes it as `New`, returns the error's path and description.
    func misread<Old: Encodable, New: Decodable>(_ old: Old, as new: New.Type) throws -> (path: [String], text: String) {
        let bytes = try TupleEncoder().encode(old)
        do {
            _ = try TupleDecoder().decode(New.self, from: bytes)
        } catch {
            return try #require(place(error), "\(error)")
        }
        Issue.record("\(New.self) decoded from a \(Old.self)")
        return ([], "")
    }

    struct User: Codable { var id: Int; var name: String; var email: String }
    struct Swapped: Codable { var id: Int; var email: String; var name: String }
    struct Retyped: Codable { var id: Int; var name: String; var email: Int }
    struct Reordered: Codable { var name: String; var id: Int; var email: String }
    struct Renamed: Codable { var id: Int; var name: String; var mail: String }
    struct MiddleRemoved: Codable { var id: Int; var email: String }
    struct Appended: Codable { var id: Int; var name: String; var email: String; var age: Int?; var tags: [String]? }
    struct AppendedRequired: Codable { var id: Int; var name: String; var email: String; var age: Int }

    @Test("swapped fields of the same type: the schema check names the field")
    func swappedSameType() throws {
        let (path, text) = try misread(User(id: 1, name: "ann", email: "a@x"), as: Swapped.self)
        #expect(path == ["email"])
        #expect(text.contains("field 'email' is stored at position 1 under another name"), "\(text)")
        #expect(text.contains("see Schema evolution"))
    }

    @Test("reordered fields of different types, renamed fields, a removed middle field")
    func reordered() throws {
        #expect(try misread(User(id: 1, name: "ann", email: "a@x"), as: Reordered.self).path == ["name"])
        #expect(try misread(User(id: 1, name: "ann", email: "a@x"), as: Renamed.self).path == ["mail"])
        #expect(try misread(User(id: 1, name: "ann", email: "a@x"), as: MiddleRemoved.self).path == ["email"])
    }

    @Test("a retyped field is a typeMismatch naming it, with the type code and byte offset")
    func retyped() throws {
        let bytes = try TupleEncoder().encode(User(id: 1, name: "ann", email: "a@x"))
        #expect { try TupleDecoder().decode(Retyped.self, from: bytes) } throws: { error in
            guard case DecodingError.typeMismatch(let type, let context) = error else { return false }
            return type == Int.self && context.codingPath.map(\.stringValue) == ["email"]
                && context.debugDescription == "expected integer for Int, found a string (type code 0x02) at byte 12"
                && context.underlyingError as? LeaseholdError == .malformedTuple(offset: 12, reason: .unexpectedType(expected: .integer, found: 0x02))
        }
    }

    @Test("the coding path goes through arrays and nested records: [items, Index 2, price]")
    func nestedPath() throws {
        struct Item: Codable { var sku: String; var price: Int }
        struct Cart: Codable { var items: [Item] }
        struct LooseItem: Codable { var sku: String; var price: Int? }
        struct LooseCart: Codable { var items: [LooseItem] }
        let cart = LooseCart(items: [LooseItem(sku: "a", price: 1), LooseItem(sku: "b", price: 2), LooseItem(sku: "c", price: nil)])
        #expect(try misread(cart, as: Cart.self).path == ["items", "Index 2", "price"])
        // Inside a dictionary and an enum payload too.
        enum Status: Codable { case shipped(at: Date) }
        struct Loose: Codable { var byName: [String: [Int]] }
        struct Strict: Codable { var byName: [String: [String]] }
        #expect(try misread(Loose(byName: ["k": [1]]), as: Strict.self).path == ["byName", "k", "Index 0"])
        #expect(try misread(["shipped": ["at": "noon"]], as: Status.self).path == ["shipped", "at"])
    }

    @Test("null where a value is required is valueNotFound; an integer too large is dataCorrupted")
    func nullsAndOverflow() throws {
        struct Maybe: Codable { var id: Int; var name: String? }
        struct Must: Codable { var id: Int; var name: String }
        #expect { try TupleDecoder().decode(Must.self, from: TupleEncoder().encode(Maybe(id: 1, name: nil))) } throws: { error in
            guard case DecodingError.valueNotFound(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["name"]
        }
        struct Wide: Codable { var id: Int; var small: Int }
        struct Narrow: Codable { var id: Int; var small: Int8 }
        #expect { try TupleDecoder().decode(Narrow.self, from: TupleEncoder().encode(Wide(id: 1, small: 300))) } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["small"] && context.debugDescription.contains("does not fit Int8")
        }
    }

    @Test("what survives: appended optional fields read as nil, removed trailing fields are ignored")
    func survives() throws {
        let old = try TupleEncoder().encode(User(id: 1, name: "ann", email: "a@x"))
        let read = try TupleDecoder().decode(Appended.self, from: old)
        #expect(read.id == 1 && read.email == "a@x" && read.age == nil && read.tags == nil)
        let new = try TupleEncoder().encode(Appended(id: 2, name: "bo", email: "b@x", age: 3, tags: ["t"]))
        #expect(try TupleDecoder().decode(User.self, from: new).email == "b@x")
        // An appended required field is keyNotFound naming it.
        #expect(try misread(User(id: 1, name: "ann", email: "a@x"), as: AppendedRequired.self).path == ["age"])
        // An added enum case: old values still decode.
        enum V1: Codable { case open, shipped(Int) }
        enum V2: Codable, Equatable { case open, shipped(Int), returned(reason: String) }
        #expect(try TupleDecoder().decode(V2.self, from: TupleEncoder().encode(V1.shipped(3))) == .shipped(3))
        // A case the reader does not know is a DecodingError, not a wrong case.
        #expect(throws: DecodingError.self) { try TupleDecoder().decode(V1.self, from: TupleEncoder().encode(V2.returned(reason: "x"))) }
    }

    @Test("malformed bytes stay LeaseholdError.malformedTuple; bytes that are no record say so")
    func malformed() throws {
        let good = Array(try TupleEncoder().encode(User(id: 1, name: "ann", email: "a@x")))
        // The last string's terminator cut off.
        #expect(throws: LeaseholdError.malformedTuple(offset: 12, reason: .missingTerminator)) {
            try TupleDecoder().decode(User.self, from: Bytes(good.dropLast()))
        }
        // A tuple written by hand, without the tags element.
        #expect { try TupleDecoder().decode(User.self, from: Key(1, "ann", "a@x")) } throws: { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return false }
            return context.debugDescription.contains("field tags")
        }
    }

    @Test("contains and decodeIfPresent see a field only under its own tag")
    func handWrittenOmission() throws {
        // A hand-written encoder that omits absent fields instead of writing null.
        struct Sparse: Codable, Equatable {
            var a: Int?
            var b: Int
            enum CodingKeys: CodingKey { case a, b }
            init(a: Int?, b: Int) { (self.a, self.b) = (a, b) }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                if let a { try c.encode(a, forKey: .a) }
                try c.encode(b, forKey: .b)
            }
            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                a = c.contains(.a) ? try c.decode(Int.self, forKey: .a) : nil
                b = try c.decode(Int.self, forKey: .b)
            }
        }
        for value in [Sparse(a: 1, b: 2), Sparse(a: nil, b: 3)] {
            #expect(try TupleDecoder().decode(Sparse.self, from: TupleEncoder().encode(value)) == value)
        }
    }
}
