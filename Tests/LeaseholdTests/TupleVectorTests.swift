import BigInt
import Foundation
import Leasehold
import Testing

/// Every vector made by the Python reference, checked both ways, plus the literal printer and parser.
@Suite("Tuple vectors")
struct TupleVectorTests {
    @Test("there are a few hundred vectors, covering every kind of element")
    func coverage() {
        #expect(TupleVector.all.count >= 300)
        var kinds = Set<TupleElementKind>()
        func visit(_ v: TupleValue) {
            kinds.insert(v.kind)
            if case .tuple(let children) = v { children.forEach(visit) }
        }
        for vector in TupleVector.all { vector.elements?.forEach { visit($0.value) } }
        #expect(kinds == Set(TupleElementKind.allCases))
    }

    @Test("encoding the elements gives the reference's bytes", arguments: TupleVector.all.filter { $0.elements != nil })
    func encode(vector: TupleVector) {
        let values = vector.elements!.map(\.value)
        #expect(TupleTestSupport.hex(Key(values).bytes) == (vector.canonical ?? vector.hex))
    }

    @Test("decoding the reference's bytes gives the elements", arguments: TupleVector.all)
    func decode(vector: TupleVector) throws {
        let key = Key(packed: TupleTestSupport.bytes(hex: vector.hex))
        if let error = vector.error {
            #expect(error == "integerOverflow")
            #expect(throws: LeaseholdError.malformedTuple(offset: 0, reason: .integerOverflow)) { try key.values() }
            return
        }
        let expected = vector.elements!.map(\.value)
        let decoded = try key.values()
        #expect(decoded == expected)
        _ = try Key(validating: key.bytes)
        #expect(try key.elementCount() == expected.count)
        // Typed accessors agree with the dynamic decoding.
        for (i, value) in expected.enumerated() { try checkTyped(key, i, value) }
    }

    func checkTyped(_ key: Key, _ i: Int, _ value: TupleValue) throws {
        switch value {
        case .null: #expect(try key[i, as: String?.self] == nil)
        case .bytes(let b): #expect(Array(try key[i, as: Bytes.self]) == b)
        case .string(let s): #expect(try key[i, as: String.self] == s)
        case .tuple(let children): #expect(try key[i, as: Key.self].values() == children)
        case .int(let n): #expect(try key[i, as: Int64.self] == n)
        case .uint(let n): #expect(try key[i, as: UInt64.self] == n)
        case .bigInt(let n):
            #expect(try key[i, as: BigInt.self] == n)
            let offset = try key.element(at: i).range.lowerBound
            #expect(throws: LeaseholdError.malformedTuple(offset: offset, reason: .integerOverflow)) {
                n.sign == .minus ? Int(try key[i, as: Int64.self]) : Int(try key[i, as: UInt64.self])
            }
        case .float(let f): #expect(try key[i, as: Float.self].bitPattern == f.bitPattern)
        case .double(let d): #expect(try key[i, as: Double.self].bitPattern == d.bitPattern)
        case .bool(let b): #expect(try key[i, as: Bool.self] == b)
        case .uuid(let u): #expect(try key[i, as: UUID.self] == u)
        case .versionstamp(let v): #expect(try key[i, as: Versionstamp.self] == v)
        }
    }

    @Test("the literal printer writes exactly Python's repr", arguments: TupleVector.all.filter { $0.repr != nil })
    func printer(vector: TupleVector) throws {
        let key = Key(packed: TupleTestSupport.bytes(hex: vector.hex))
        #expect(TupleLiteral.format(try key.values()) == vector.repr!)
    }

    @Test("parsing Python's repr gives the same bytes back", arguments: TupleVector.all.filter { $0.repr != nil && $0.literal != false })
    func parser(vector: TupleVector) throws {
        let key = try Key(literal: vector.repr!)
        #expect(TupleTestSupport.hex(key.bytes) == (vector.canonical ?? vector.hex))
    }
}
