import Leasehold
import Testing

/// Every kind of malformed input is a typed error with the offset of the problem, never a trap.
@Suite("Tuple malformed input")
struct TupleMalformedTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let hex: String
        let offset: Int
        let reason: TupleMalformation
        var testDescription: String { "\(hex) → \(reason) at \(offset)" }
    }

    static let cases: [Case] = [
        Case(hex: "15", offset: 0, reason: .truncated),
        Case(hex: "1c00000000", offset: 0, reason: .truncated),
        Case(hex: "026100" + "1601", offset: 3, reason: .truncated),
        Case(hex: "0c7fff", offset: 0, reason: .truncated),
        Case(hex: "1d", offset: 0, reason: .truncated),
        Case(hex: "1d0201", offset: 0, reason: .truncated),
        Case(hex: "0bfd00", offset: 0, reason: .truncated),
        Case(hex: "2000", offset: 0, reason: .truncated),
        Case(hex: "21000000", offset: 0, reason: .truncated),
        Case(hex: "3000112233", offset: 0, reason: .truncated),
        Case(hex: "33ffff", offset: 0, reason: .truncated),
        Case(hex: "0161", offset: 0, reason: .missingTerminator),
        Case(hex: "016100ff", offset: 0, reason: .missingTerminator),
        Case(hex: "14" + "0261", offset: 1, reason: .missingTerminator),
        Case(hex: "051501", offset: 0, reason: .missingTerminator),
        Case(hex: "0500ff", offset: 0, reason: .missingTerminator),
        Case(hex: "050261", offset: 1, reason: .missingTerminator),
        Case(hex: "00ff", offset: 1, reason: .badEscape),
        Case(hex: "1400ff15", offset: 2, reason: .badEscape),
        Case(hex: "0261ff00", offset: 2, reason: .invalidUTF8),
        Case(hex: "026100ffc300", offset: 4, reason: .invalidUTF8),
        Case(hex: "02e28200", offset: 1, reason: .invalidUTF8),
        Case(hex: "02c08000", offset: 1, reason: .invalidUTF8),
        Case(hex: "02eda08000", offset: 1, reason: .invalidUTF8),
        Case(hex: "14" + "050261ff0000", offset: 4, reason: .invalidUTF8),
        Case(hex: "03", offset: 0, reason: .unknownTypeCode(0x03)),
        Case(hex: "1440", offset: 1, reason: .unknownTypeCode(0x40)),
        Case(hex: "0532", offset: 1, reason: .unknownTypeCode(0x32)),
        Case(hex: "ff", offset: 0, reason: .unknownTypeCode(0xff)),
        Case(hex: "1d0a01", offset: 0, reason: .truncated),
        Case(hex: "1dff" + String(repeating: "01", count: 254), offset: 0, reason: .truncated),
        Case(hex: "0bf5ff", offset: 0, reason: .truncated),
        Case(hex: "0b", offset: 0, reason: .truncated),
    ]

    @Test("decoding throws the reason at the offset", arguments: cases)
    func malformed(_ c: Case) {
        let key = Key(packed: TupleTestSupport.bytes(hex: c.hex))
        let expected = LeaseholdError.malformedTuple(offset: c.offset, reason: c.reason)
        #expect(throws: expected) { try key.values() }
        #expect(throws: expected) { _ = try Key(validating: key.bytes) }
    }

    @Test("structure errors also stop the lazy walk")
    func lazyWalk() throws {
        let key = Key(packed: TupleTestSupport.bytes(hex: "0261000161"))
        #expect(throws: LeaseholdError.malformedTuple(offset: 3, reason: .missingTerminator)) { try key.elementCount() }
        #expect(try key[0, as: String.self] == "a")  // the good element before it still reads
    }

    @Test("typed accessors: out of range, wrong kind, missing element")
    func typed() throws {
        #expect(throws: LeaseholdError.malformedTuple(offset: 0, reason: .integerOverflow)) { try Key(128)[0, as: Int8.self] }
        #expect(throws: LeaseholdError.malformedTuple(offset: 0, reason: .integerOverflow)) { try Key(-1)[0, as: UInt.self] }
        #expect(throws: LeaseholdError.malformedTuple(offset: 0, reason: .integerOverflow)) { try Key(UInt64(Int64.max) + 1)[0, as: Int64.self] }
        #expect(try Key(Int64.min)[0, as: Int64.self] == .min)
        #expect(try Key(-128)[0, as: Int8.self] == -128)
        #expect(throws: LeaseholdError.malformedTuple(offset: 0, reason: .unexpectedType(expected: .integer, found: 0x02))) { try Key("a")[0, as: Int.self] }
        #expect(throws: LeaseholdError.malformedTuple(offset: 3, reason: .unexpectedType(expected: .string, found: 0x15))) { try Key("a", 1)[1, as: String.self] }
        #expect(throws: LeaseholdError.malformedTuple(offset: 3, reason: .missingElement(index: 1))) { try Key("a")[1, as: String.self] }
        #expect(throws: LeaseholdError.malformedTuple(offset: 3, reason: .missingElement(index: 1))) { try Key("a").decode(String.self, Int.self) }
    }

    @Test("hostile nesting is an error, not a stack overflow")
    func deepNesting() {
        let key = Key(packed: [UInt8](repeating: 0x05, count: 200_000))
        #expect(throws: LeaseholdError.malformedTuple(offset: 0, reason: .missingTerminator)) { try key.elementCount() }
        #expect(throws: LeaseholdError.malformedTuple(offset: 0, reason: .missingTerminator)) { try Key(validating: key.bytes) }
        let description = key.description
        #expect(description.hasPrefix("<malformed tuple at byte 0"))
    }

    /// `(0, ((…(1,)…),), 2)` with `levels` nested tuples around the 1.
    static func nested(levels: Int) -> Key {
        Key(packed: [0x14] + [UInt8](repeating: 0x05, count: levels) + [0x15, 0x01] + [UInt8](repeating: 0x00, count: levels) + [0x15, 0x02])
    }

    @Test("well-formed nesting: 128 levels decode, 129 are a typed error at the level too deep")
    func nestingLimit() throws {
        #expect(Key.maximumNestingDepth == 128)
        let deepest = Self.nested(levels: 128)
        var value = try deepest.values()[1]
        for _ in 0 ..< 127 {
            guard case .tuple(let children) = value, children.count == 1 else { Issue.record("not one child"); return }
            value = children[0]
        }
        #expect(value == .tuple([.int(1)]))
        #expect(deepest.description.hasSuffix("(1,)" + String(repeating: ",)", count: 127) + ", 2)"))

        let tooDeep = Self.nested(levels: 129)
        let error = LeaseholdError.malformedTuple(offset: 1 + 128, reason: .nestedTooDeeply(limit: 128))
        #expect(throws: error) { try tooDeep.values() }
        #expect(throws: error) { try TupleValue.decode(tooDeep.element(at: 1), in: tooDeep) }
        #expect(tooDeep.description.hasPrefix("<malformed tuple at byte 129: tuples nested more than 128 levels deep"))
    }

    @Test("lazy access and validation have no depth limit (200,000 levels)")
    func lazyAccessAnyDepth() throws {
        let key = Self.nested(levels: 200_000)
        _ = try Key(validating: key.bytes)
        #expect(try key.elementCount() == 3)
        #expect(try key[2, as: Int.self] == 2)
        #expect(try key[1, as: Key.self].byteCount == 2 * 199_999 + 2)
        #expect(throws: LeaseholdError.malformedTuple(offset: 1 + 128, reason: .nestedTooDeeply(limit: 128))) { try key.values() }
        // Packing a key that holds it as a nested element is iterative too.
        #expect(Key(nesting: key).byteCount == key.byteCount + 2)
    }
}
