import BigInt
import Foundation
import Leasehold
import Testing

/// `starts(with:)`, where decoded views live, the literal parser's errors, and the spellings of
/// one-element keys.
@Suite("Tuple keys")
struct TupleKeyTests {
    @Test("starts(with:) is element-wise: byte prefixes that split an element do not count")
    func startsWith() {
        let key = Key("users", 42, "alice")
        #expect(key.starts(with: Key()))
        #expect(key.starts(with: Key("users")))
        #expect(key.starts(with: Key("users", 42)))
        #expect(key.starts(with: key))
        #expect(!key.starts(with: Key("users", 42, "alice", 1)))
        #expect(!key.starts(with: Key("user")))
        #expect(!Key("usersX").starts(with: Key("users")))
        // ("a",) is a byte prefix of ("a\0b",), but its terminator is the escaped NUL there.
        #expect(!Key("a\u{0}b").starts(with: Key("a")))
        #expect(!Key(bytes: [UInt8]([0x61, 0, 0x62])).starts(with: Key(bytes: [UInt8]([0x61]))))
        #expect(Key(TupleNull(), 1).starts(with: Key(TupleNull())))
        // A nested tuple is one element: its prefix is not the key's prefix.
        #expect(!Key(nesting: Key("a", 1)).starts(with: Key(nesting: Key("a"))))
        #expect(Key(Key("a"), 1).starts(with: Key(nesting: Key("a"))))
        // Integers of every length, including the long forms.
        #expect(Key(BigInt(1) << 100, "x").starts(with: Key(BigInt(1) << 100)))
        #expect(!Key(BigInt(1) << 100).starts(with: Key(BigInt(1) << 99)))
    }

    @Test("starts(with:) on a key malformed right after the prefix is false (an ff byte reads as an escape)")
    func startsWithMalformed() throws {
        // Found by fuzz-tuple-elements: an integer whose last byte is 00, then an ff byte.
        let key = Key(packed: [0x0b, 0xfe, 0x00, 0xff])
        let head = try key.prefix(1)
        #expect(Array(head.bytes) == [0x0b, 0xfe, 0x00])
        #expect(!key.starts(with: head))
        #expect(throws: LeaseholdError.malformedTuple(offset: 3, reason: .unknownTypeCode(0xff))) { try key.values() }
    }

    @Test("decoded bytes, strings' bytes and nested keys are views on a lent key until its lease ends")
    func residence() throws {
        let engine = try MemoryEngine()
        try engine.write { txn in
            try txn.put(Key("doc", [UInt8]([1, 2, 3]), "text", Key("n", 1), [UInt8]([0, 1])), [1])
        }
        var kept: (Bytes, Bytes, Key, Bytes)?
        try engine.read { txn in
            try txn.scan { raw, _ in
                let key = Key(packed: raw)
                let bytes = try key[1, as: Bytes.self]
                let text = try key[2, as: Bytes.self]  // a string's UTF-8, unvalidated: a view too
                let nested = try key[3, as: Key.self]
                let escaped = try key[4, as: Bytes.self]  // holds a 00: unescaped into its own memory
                #expect(key.bytes.residence == .shared)
                #expect(bytes.residence == .shared && text.residence == .shared && nested.bytes.residence == .shared)
                #expect(escaped.residence == .owned)
                #expect(try nested[1, as: Int.self] == 1)
                kept = (bytes, text, nested, escaped)
            }
        }
        let (bytes, text, nested, escaped) = try #require(kept)
        #expect(bytes.residence == .copied && text.residence == .copied && nested.bytes.residence == .copied)
        #expect(Array(bytes) == [1, 2, 3] && Array(text) == Array("text".utf8) && Array(escaped) == [0, 1])
        #expect(try nested.values() == [.string("n"), .int(1)])
    }

    struct ParseFailure: CustomTestStringConvertible, Sendable {
        let text: String
        let offset: Int
        let message: String
        var testDescription: String { text.count > 40 ? String(text.prefix(40)) + "…" : text }
    }

    static let parseFailures: [ParseFailure] = [
        ParseFailure(text: "", offset: 0, message: "unexpected end of input"),
        ParseFailure(text: "1", offset: 0, message: "expected a tuple such as ('a', 1) — a one-element tuple is written ('a',)"),
        ParseFailure(text: "('a')", offset: 0, message: "expected a tuple such as ('a', 1) — a one-element tuple is written ('a',)"),
        ParseFailure(text: "('a',", offset: 5, message: "unexpected end of input"),
        ParseFailure(text: "('a' 1)", offset: 5, message: "expected ',' or ')'"),
        ParseFailure(text: "('a'", offset: 4, message: "missing ')'"),
        ParseFailure(text: "(1,) x", offset: 5, message: "unexpected text after the tuple"),
        ParseFailure(text: "('abc,)", offset: 1, message: "unterminated string"),
        ParseFailure(text: "('a\\q',)", offset: 3, message: "invalid escape '\\q'"),
        ParseFailure(text: "('\\x4',)", offset: 2, message: "escape needs 2 hex digits"),
        ParseFailure(text: "('\\ud800',)", offset: 2, message: "not a Unicode scalar"),
        ParseFailure(text: "(b'é',)", offset: 3, message: "bytes can only contain ASCII characters"),
        ParseFailure(text: "(nope,)", offset: 1, message: "unknown name 'nope'"),
        ParseFailure(text: "(@,)", offset: 1, message: "unexpected character '@'"),
        ParseFailure(text: "(UUID('xyz'),)", offset: 6, message: "not a UUID: xyz"),
        ParseFailure(text: "(1.2.3,)", offset: 1, message: "not a number: 1.2.3"),
        ParseFailure(text: "(-,)", offset: 1, message: "expected a number"),
        ParseFailure(text: "(fdb.tuple.Versionstamp(b'\\x01', 0),)", offset: 24, message: "a transaction version has 10 bytes"),
        ParseFailure(text: "(1" + String(repeating: "0", count: 615) + ",)", offset: 1,
                     message: "integer too large for the tuple format (more than 255 bytes)"),
        ParseFailure(text: String(repeating: "(", count: 130) + "1" + String(repeating: ",)", count: 130), offset: 129,
                     message: "tuples nested more than 128 levels deep"),
    ]

    @Test("literal parser errors say what and where", arguments: parseFailures)
    func parseErrors(_ failure: ParseFailure) {
        #expect(throws: TupleLiteralError(offset: failure.offset, message: failure.message)) { try TupleLiteral.parse(failure.text) }
    }

    @Test("literal integers of 9 to 255 bytes in both signs, and the limits around them")
    func bigLiterals() throws {
        let largest = (BigInt(1) << 2040) - 1
        #expect(try Key(literal: "(\(largest), \(-largest))").values() == [.bigInt(largest), .bigInt(-largest)])
        #expect(try Key(literal: "(-18446744073709551614,)").hex == "0c0000000000000001")
        #expect(try Key(literal: "(18446744073709551616,)").hex == "1d09010000000000000000")
        #expect(try Key(literal: "(-9223372036854775809,)").values() == [.bigInt(-(BigInt(1) << 63) - 1)])
        #expect(throws: TupleLiteralError.self) { try Key(literal: "(\(largest + 1),)") }
        // Deepest accepted nesting: 128 levels inside the top-level tuple.
        let deepest = String(repeating: "(", count: 129) + "1" + String(repeating: ",)", count: 129)
        #expect(try Key(literal: deepest).values().count == 1)
        #expect(try Key(literal: deepest).description == deepest)
    }

    // `Key(x)` for bytes or a `Key` does not compile (`make key-check` proves it); these are the
    // spellings that replace it and the single-argument calls that still mean what they meant.

    @Test("Key(packed:) reads a scanned key's elements; Key(bytes:) and Key(nesting:) build the one-element tuples Key(x) used to")
    func explicitOneElementSpellings() throws {
        let engine = try MemoryEngine()
        try engine.write { txn in for id in 1 ... 3 { try txn.put(Key("orders", 7, id), [1]) } }
        var ids: [Int] = []
        var wrapped: [Key] = []
        try engine.read { txn in
            try txn.scan(Key("orders", 7).range) { raw, _ in
                ids.append(try Key(packed: raw)[2, as: Int.self])
                wrapped.append(Key(bytes: raw))
            }
        }
        #expect(ids == [1, 2, 3])
        // What the trap built: one byte-string element holding the packed key (issue 17).
        #expect(wrapped[0].description == "(b'\\x02orders\\x00\\x15\\x07\\x15\\x01',)")
        #expect(try wrapped[0].values() == [.bytes(Key("orders", 7, 1).packed)])

        let raw: [UInt8] = [0x61, 0x00, 0x62]
        let expected = try Key(literal: "(b'a\\x00b',)")
        #expect(Array(expected.bytes) == [0x01, 0x61, 0x00, 0xff, 0x62, 0x00])
        #expect(Key(bytes: raw) == expected)
        #expect(Key(bytes: Bytes(raw)) == expected)
        #expect(Key(bytes: Data(raw)) == expected)
        #expect(Key(bytes: raw[...]) == expected)
        #expect(Key(bytes: [UInt8]()) == (try Key(literal: "(b'',)")))

        let inner = Key("a", TupleNull(), 1)
        #expect(Key(nesting: inner) == (try Key(literal: "(('a', None, 1),)")))
        #expect(try Key(nesting: inner)[0, as: Key.self].values() == [.string("a"), .null, .int(1)])
        #expect(Key(nesting: Key()) == (try Key(literal: "((),)")))
    }

    struct UserID: TupleEncodable {
        let rawValue: Int64
        func encode(to writer: inout TupleWriter) { writer.encodeInteger(rawValue) }
    }

    @Test("single values that are not bytes still make one-element keys; several arguments of any kind are elements")
    func singleAndMultiElementCalls() throws {
        let uuid = try #require(UUID(uuidString: "00112233-4455-6677-8899-AABBCCDDEEFF"))
        let name: String? = "alice", none: String? = nil, count: Int? = 3
        #expect(Key("users") == (try Key(literal: "('users',)")))
        #expect(Key(42) == (try Key(literal: "(42,)")))
        #expect(Key(uuid) == (try Key(literal: "(UUID('00112233-4455-6677-8899-aabbccddeeff'),)")))
        #expect(Key(name) == Key("alice"))
        #expect(Key(none) == (try Key(literal: "(None,)")))
        #expect(Key(count) == Key(3))
        #expect(Key(UserID(rawValue: 9)) == Key(9))
        #expect(Key(TupleValue.bytes([1])) == (try Key(literal: "(b'\\x01',)")))

        let raw = Key("orders", 7).bytes
        #expect(Key("users", raw) == (try Key(literal: "('users', b'\\x02orders\\x00\\x15\\x07')")))
        #expect(Key(Key("a"), 1) == (try Key(literal: "(('a',), 1)")))
        #expect(Key(raw, Key("a")) == Key(bytes: raw) + Key(nesting: Key("a")))
        #expect(Key(1, 2, 3, 4, 5, raw) == (try Key(literal: "(1, 2, 3, 4, 5, b'\\x02orders\\x00\\x15\\x07')")))
    }
}
