import BigInt
import Foundation
import Leasehold
import Testing

/// Random tuples: round trips, and memcmp order equal to tuple order under a comparator written
/// from the spec (not from the encoding).
@Suite("Tuple properties")
struct TuplePropertyTests {
    static let roundTrips = 60_000
    static let orderPairs = 60_000

    @Test("pack then unpack gives the same tuple (60,000 random tuples)")
    func roundTrip() throws {
        var g = TupleGenerator(seed: 0x5eed_0001)
        for i in 0 ..< Self.roundTrips {
            let values = g.tuple()
            let key = Key(values)
            let back = try key.values()
            if back != values {
                Issue.record("case \(i): \(values) packed \(key.hex) came back \(back)")
                return
            }
            if i % 8 == 0 {
                // Prefixes: byte prefix, starts(with:), prefix(_:), concatenation.
                let n = Int(g.next() % UInt64(values.count + 1))
                let head = Key(Array(values[..<n]))
                let tail = Key(Array(values[n...]))
                #expect(head + tail == key)
                #expect(key.starts(with: head))
                #expect(try key.prefix(n) == head && key.dropFirst(n) == tail)
                _ = try Key(validating: key.bytes)
            }
        }
    }

    @Test("memcmp order of the bytes is tuple order (60,000 random pairs)")
    func order() {
        var g = TupleGenerator(seed: 0x5eed_0002)
        for i in 0 ..< Self.orderPairs {
            let a = g.tuple()
            let b = g.related(to: a)
            let expected = SpecOrder.compare(a, b)
            let ka = Key(a), kb = Key(b)
            let actual = ka.withUnsafeBytes { x in kb.withUnsafeBytes { y in Bytes.compare(x, y) } }
            if expected.signum() != actual.signum() {
                Issue.record("case \(i): spec says \(expected) for \(a) vs \(b); bytes \(ka.hex) vs \(kb.hex) say \(actual)")
                return
            }
            #expect((ka < kb) == (expected < 0))
        }
    }
}

/// A small seeded generator (SplitMix64) of tuples rich in boundary values.
struct TupleGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    mutating func tuple(depth: Int = 0) -> [TupleValue] {
        (0 ..< below(depth == 0 ? 5 : 3) + (depth == 0 ? 1 : 0)).map { _ in value(depth: depth) }
    }

    static let edgeInts: [Int64] = [0, 1, -1, 255, -255, 256, -256, .max, .min, .min + 1, -(1 << 56), 1 << 56, (1 << 56) - 1]
    static let edgeDoubles: [Double] = [0, -0.0, 1, -1, .infinity, -.infinity, .nan, -.nan, .leastNonzeroMagnitude,
                                        -.leastNonzeroMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                        Double(bitPattern: 0x7ff0_0000_0000_0001), Double(bitPattern: 0xfff8_0000_0000_0001)]

    /// An integer beyond 64 bits (or just inside), 9 to 255 bytes, either sign, often at a boundary.
    mutating func bigInteger() -> BigInt {
        let bytes = [8, 9, 9, 10, 16, 32, 64, 128, 254, 255][below(10)]
        var magnitude: BigUInt
        switch below(4) {
        case 0: magnitude = (BigUInt(1) << (8 * bytes)) - 1                      // all ones
        case 1: magnitude = BigUInt(1) << (8 * (bytes - 1))                      // lowest of its length
        case 2: magnitude = (BigUInt(1) << (8 * (bytes - 1))) - BigUInt(below(2)) // just below / at
        default: magnitude = BigUInt(words: (0 ..< (bytes + 7) / 8).map { _ in UInt(truncatingIfNeeded: next()) }) & ((BigUInt(1) << (8 * bytes)) - 1)
        }
        magnitude += BigUInt(below(3))
        if (magnitude.bitWidth + 7) / 8 > 255 { magnitude -= BigUInt(below(3) + 3) }
        return BigInt(sign: below(2) == 0 ? .plus : .minus, magnitude: magnitude)
    }

    mutating func value(depth: Int) -> TupleValue {
        switch below(depth < 2 ? 12 : 11) {
        case 0: return .null
        case 1: return .bytes((0 ..< below(5)).map { _ in [0, 0xff, 1, UInt8(truncatingIfNeeded: next())][below(4)] })
        case 2: return .string(String((0 ..< below(5)).map { _ in ["a", "b", "\u{0}", "é", "😀", "\u{ff}"][below(6)] as Character }))
        case 3: return .int(Self.edgeInts[below(Self.edgeInts.count)] &+ Int64(below(3)) &- 1)
        case 4: return .int(Int64(bitPattern: next()) >> UInt64(below(64)))
        case 5:
            if below(2) == 0 { return .uint(UInt64.max &- UInt64(below(3)) &- UInt64(below(2)) &* (next() >> 1)) }
            return .integer(bigInteger())
        case 6: return .float(Float(bitPattern: below(3) == 0 ? UInt32(truncatingIfNeeded: next()) : Float(Self.edgeDoubles[below(Self.edgeDoubles.count)]).bitPattern))
        case 7: return .double(below(3) == 0 ? Double(bitPattern: next()) : Self.edgeDoubles[below(Self.edgeDoubles.count)])
        case 8: return .bool(below(2) == 0)
        case 9:
            let a = below(2) == 0 ? 0 : next(), b = next()
            return .uuid(UUID(uuid: withUnsafeBytes(of: (a, b)) { $0.load(as: uuid_t.self) }))
        case 10: return .versionstamp(Versionstamp(commitVersion: next() >> UInt64(below(64)), batchVersion: UInt16(below(3)), userVersion: UInt16(below(3))))
        default: return .tuple(tuple(depth: depth + 1))
        }
    }

    /// A tuple near `a`: equal, a prefix, an extension, or different from some element on.
    mutating func related(to a: [TupleValue]) -> [TupleValue] {
        switch below(5) {
        case 0: return a
        case 1: return Array(a.prefix(below(a.count + 1)))
        case 2: return a + tuple()
        case 3: return tuple()
        default:
            var b = a
            let i = below(b.count)
            b[i] = value(depth: 0)
            if below(2) == 0 { b.removeSubrange((i + 1)...) }
            return b
        }
    }
}

/// Tuple order as the spec states it, compared value by value without encoding anything.
enum SpecOrder {
    static func compare(_ a: [TupleValue], _ b: [TupleValue]) -> Int {
        for (x, y) in zip(a, b) {
            let c = compare(x, y)
            if c != 0 { return c }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    /// null < bytes < string < nested < int < float < double < false < true < uuid < versionstamp.
    static func rank(_ v: TupleValue) -> Int {
        switch v {
        case .null: return 0
        case .bytes: return 1
        case .string: return 2
        case .tuple: return 3
        case .int, .uint, .bigInt: return 4
        case .float: return 5
        case .double: return 6
        case .bool(let b): return b ? 8 : 7
        case .uuid: return 9
        case .versionstamp: return 10
        }
    }

    static func lexicographic(_ a: [UInt8], _ b: [UInt8]) -> Int {
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    static func three<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a > b ? 1 : 0) }

    static func compare(_ x: TupleValue, _ y: TupleValue) -> Int {
        let r = three(rank(x), rank(y))
        if r != 0 { return r }
        switch (x, y) {
        case (.bytes(let a), .bytes(let b)): return lexicographic(a, b)
        case (.string(let a), .string(let b)): return lexicographic(Array(a.utf8), Array(b.utf8))
        case (.tuple(let a), .tuple(let b)): return compare(a, b)
        case (.float(let a), .float(let b)): return totalOrder(Double(a), Double(b), UInt64(a.significandBitPattern), UInt64(b.significandBitPattern))
        case (.double(let a), .double(let b)): return totalOrder(a, b, a.significandBitPattern, b.significandBitPattern)
        case (.uuid(let a), .uuid(let b)):
            return lexicographic(withUnsafeBytes(of: a.uuid) { Array($0) }, withUnsafeBytes(of: b.uuid) { Array($0) })
        case (.versionstamp(let a), .versionstamp(let b)):
            let c = three(a.commitVersion, b.commitVersion)
            if c != 0 { return c }
            return three(a.batchVersion, b.batchVersion) != 0 ? three(a.batchVersion, b.batchVersion) : three(a.userVersion, b.userVersion)
        case (.null, .null), (.bool, .bool): return 0
        default: return integer(x, y)
        }
    }

    /// Integers by value, across the Int64, UInt64 and BigInt cases.
    static func integer(_ x: TupleValue, _ y: TupleValue) -> Int {
        three(x.bigIntegerValue!, y.bigIntegerValue!)
    }

    /// IEEE 754 totalOrder: −NaN (bigger payload first) < −∞ < … < −0 < +0 < … < +∞ < +NaN (bigger payload last).
    /// (Floats are compared widened: exact, and their payload bits are passed separately.)
    static func totalOrder(_ a: Double, _ b: Double, _ aPayload: UInt64, _ bPayload: UInt64) -> Int {
        let aNaN = a.isNaN, bNaN = b.isNaN, aSign = a.sign, bSign = b.sign
        func bucket(_ nan: Bool, _ sign: FloatingPointSign) -> Int { nan ? (sign == .minus ? 0 : 2) : 1 }
        let c = three(bucket(aNaN, aSign), bucket(bNaN, bSign))
        if c != 0 { return c }
        if aNaN { return aSign == .minus ? three(bPayload, aPayload) : three(aPayload, bPayload) }
        if a != b { return a < b ? -1 : 1 }
        if a == 0 && aSign != bSign { return aSign == .minus ? -1 : 1 }
        return 0
    }
}
