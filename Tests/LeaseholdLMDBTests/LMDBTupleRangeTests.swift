import Foundation
import BigInt
import Leasehold
import LeaseholdConformance
import LeaseholdLMDB
import Testing

/// Tuple prefix ranges scanned on a real store: exactly the tuples that start with the prefix.
@Suite("LMDB tuple ranges")
struct LMDBTupleRangeTests {
    /// Neighbours of ("users",) that a byte-wise prefix scan would get wrong, and its children.
    static var inside: [Key] { [
        Key("users", TupleNull()), Key("users", [UInt8]([0])), Key("users", "a\u{0}"), Key("users", Key()),
        Key("users", -(BigInt(1) << 100)), Key("users", -1), Key("users", 0), Key("users", 1), Key("users", 2, "x"),
        Key("users", UInt64.max), Key("users", BigInt(1) << 100), Key("users", 1.5), Key("users", true),
    ] }
    static var outside: [Key] { [
        Key("user"), Key("user", 1), Key("usersX"), Key("usersX", 1), Key("users\u{0}"), Key("users\u{0}", 1),
        Key("u"), Key(Key("users"), 1), Key([UInt8]("users".utf8), 1), Key("v"), Key(1),
    ] }

    @Test("Key.range and rangeIncludingSelf select exactly the tuples starting with the prefix, in tuple order")
    func prefixRanges() throws {
        let path = ScratchDirectory("lmdb-tuple-ranges").path
        let engine = try LMDBEngine(options: testOptions(path))
        defer { try? engine.close(); try? FileManager.default.removeItem(atPath: path) }
        let prefix = Key("users")
        try engine.write { txn in
            for key in Self.inside + Self.outside + [prefix] { try txn.put(key, [1]) }
        }
        try engine.read { txn in
            var found: [Key] = []
            try txn.scan(prefix.range) { key, _ in found.append(Key(packed: key.ownedCopy().array)) }
            #expect(found == Self.inside, "\(found)")
            #expect(found.allSatisfy { $0.starts(with: prefix) && $0 != prefix })

            var withSelf: [Key] = []
            try txn.scan(prefix.rangeIncludingSelf) { key, _ in withSelf.append(Key(packed: key.ownedCopy().array)) }
            #expect(withSelf == [prefix] + Self.inside)

            var reversed: [Key] = []
            try txn.scan(prefix.range, reverse: true) { key, _ in reversed.append(Key(packed: key.ownedCopy().array)) }
            #expect(reversed == Self.inside.reversed())

            // A deeper prefix, and one no key has.
            #expect(try txn.count(Key("users", 2).range) == 1)
            #expect(try txn.count(Key("users", 3).range) == 0)
        }
    }
}
