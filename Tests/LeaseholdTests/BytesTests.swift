import Leasehold
import Testing

@Suite("Bytes")
struct BytesTests {
    @Test("construction, collection and slicing")
    func basics() {
        let a = Bytes("hello")
        #expect(Array(a) == Array("hello".utf8))
        #expect(Bytes([1, 2, 3]) == [1, 2, 3])
        #expect(Bytes((1 ... 3).lazy.map { UInt8($0) }) == Bytes([1, 2, 3]))
        #expect(a.count == 5 && a[1] == UInt8(ascii: "e") && a.first == UInt8(ascii: "h"))
        let tail = a.extracting(1 ..< 5)
        #expect(tail == Bytes("ello") && tail.startIndex == 0)
        #expect(Array(a[1 ..< 3]) == Array("el".utf8))
        #expect(Bytes().isEmpty && Bytes() == Bytes([]))
        let long = Bytes(Array(repeating: 9, count: 1000))
        #expect(long.extracting(990 ..< 1000) == Bytes(Array(repeating: 9, count: 10)))
        #expect(long.residence == .owned)
    }

    @Test("memcmp order, shorter prefix first")
    func order() {
        let sorted: [Bytes] = [[], [0x00], [0x00, 0x00], [0x00, 0xff], [0x01], [0x7f], [0x80], [0xff], [0xff, 0x00], [0xff, 0xff]]
        #expect(sorted.shuffled().sorted() == sorted)
        for (i, x) in sorted.enumerated() {
            for (j, y) in sorted.enumerated() { #expect((x < y) == (i < j) && (x == y) == (i == j)) }
        }
    }

    @Test("hashing follows the bytes, not where they live")
    func hashing() throws {
        let engine = try MemoryEngine()
        try engine.write { try $0.put(Bytes("k"), Bytes("value")) }
        let shared = try engine.read { txn -> Bool in
            let v = try #require(try txn.get(Bytes("k")))
            return Set([v, Bytes("value")]).count == 1 && v.hashValue == Bytes("value").hashValue
        }
        #expect(shared)
    }

    @Test("description is a readable literal")
    func description() {
        #expect(Bytes([0x61, 0x00, 0xff, 0x27, 0x5c]).description == #"b'a\x00\xff\'\\'"#)
        #expect(Bytes("a").debugDescription.contains("owned"))
    }

    @Test("an owned copy crosses isolation domains")
    func ownedCopy() async throws {
        let owned = try Self.storedAndReadBack()
        let sum = await Task.detached { owned.reduce(0) { $0 + Int($1) } }.value
        #expect(sum == 150 && Bytes(owned).count == 50)
    }

    /// Writes 50 bytes and reads back an owned copy (synchronously: the engine's calls are `noasync`).
    static func storedAndReadBack() throws -> OwnedBytes {
        let engine = try MemoryEngine()
        try engine.write { try $0.put(Bytes("k"), Bytes(Array(repeating: 3, count: 50))) }
        return try engine.read { try $0.get(Bytes("k"))!.ownedCopy() }
    }

    @Test("withRawSpan and withUnsafeBytes see the same bytes")
    func spans() {
        let b = Bytes(Array(0 ..< 40))
        let viaSpan = b.withRawSpan { span in (0 ..< span.byteCount).map { span.unsafeLoad(fromByteOffset: $0, as: UInt8.self) } }
        #expect(viaSpan == Array(0 ..< 40))
        #expect(b.withUnsafeBytes { Array($0) } == Array(0 ..< 40))
    }

    @Test("KeyRange prefix successors")
    func successors() {
        #expect(KeyRange.successor(ofPrefix: [0x61, 0xff]) == [0x62])
        #expect(KeyRange.successor(ofPrefix: [0xff, 0xff]) == nil)
        #expect(KeyRange.prefix([0x61]) == KeyRange(lower: .inclusive([0x61]), upper: .exclusive([0x62])))
        #expect(KeyRange(Bytes("a") ..< Bytes("b")) == KeyRange(lower: .inclusive([0x61]), upper: .exclusive([0x62])))
    }
}
