import Foundation
import Leasehold
import Testing

// Codable types of every shape a record can have, nested in one another, and a seeded generator
// of their values: the property tests of TupleEncoder/TupleDecoder (LeaseholdTests) and of the
// engine round trip (LeaseholdReliabilityTests, through a symbolic link to this file) share them.

/// A deterministic generator (SplitMix64): the same seed gives the same values on every run.
struct SampleRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ percent: Int) -> Bool { int(0 ... 99) < percent }
    mutating func string() -> String {
        let alphabet = Array("ab\u{0}zé中🎉 -")
        return String((0 ..< int(0 ... 6)).map { _ in alphabet[int(0 ... alphabet.count - 1)] })
    }
    mutating func uuid() -> UUID {
        let (a, b) = (next(), next())
        return withUnsafeBytes(of: (a, b)) { UUID(uuid: $0.load(as: uuid_t.self)) }
    }
    mutating func maybe<T>(_ make: (inout SampleRandom) -> T) -> T? { chance(30) ? nil : make(&self) }
    mutating func array<T>(_ max: Int, _ make: (inout SampleRandom) -> T) -> [T] { (0 ..< int(0 ... max)).map { _ in make(&self) } }
}

/// An enum with and without payloads (synthesized Codable).
enum SampleStatus: Codable, Hashable {
    case open
    case shipped(Date)
    case cancelled(reason: String, refund: Int?)
    case split(Int, String)

    static func random(_ r: inout SampleRandom) -> SampleStatus {
        switch r.int(0 ... 3) {
        case 0: return .open
        case 1: return .shipped(Date(timeIntervalSinceReferenceDate: Double(r.int(-1_000_000 ... 1_000_000)) / 8))
        case 2: return .cancelled(reason: r.string(), refund: r.maybe { $0.int(-5 ... 500) })
        default: return .split(r.int(Int.min ... Int.max), r.string())
        }
    }
}

/// A raw-value enum that may key a dictionary.
enum SamplePriority: String, Codable, CaseIterable, CodingKeyRepresentable { case low, high, urgent }

/// An `Int` raw-value enum.
enum SampleLevel: Int, Codable, CaseIterable { case one = 1, two = 2, ten = 10 }

/// A recursive enum.
indirect enum SampleExpression: Codable, Equatable {
    case number(Int)
    case add(SampleExpression, SampleExpression)
    case negate(SampleExpression)

    static func random(_ r: inout SampleRandom, depth: Int = 0) -> SampleExpression {
        switch depth > 3 ? 0 : r.int(0 ... 2) {
        case 0: return .number(r.int(-99 ... 99))
        case 1: return .add(random(&r, depth: depth + 1), random(&r, depth: depth + 1))
        default: return .negate(random(&r, depth: depth + 1))
        }
    }
}

/// An enum with a hand-written keyed Codable (the payload under the case's key).
enum SampleShape: Codable, Equatable {
    case circle(radius: Double)
    case labelled(SampleStatus)

    enum CodingKeys: String, CodingKey { case circle, labelled }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let radius = try container.decodeIfPresent(Double.self, forKey: .circle) {
            self = .circle(radius: radius)
        } else {
            self = .labelled(try container.decode(SampleStatus.self, forKey: .labelled))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .circle(let radius): try container.encode(radius, forKey: .circle)
        case .labelled(let status): try container.encode(status, forKey: .labelled)
        }
    }
}

/// A struct nested in the record.
struct SampleLine: Codable, Equatable {
    var sku: String
    var price: Int
    var note: String?
    var status: SampleStatus
}

/// A class hierarchy (`superEncoder` / `superDecoder`).
class SampleParty: Codable, Equatable {
    var id: Int
    init(id: Int) { self.id = id }
    static func == (a: SampleParty, b: SampleParty) -> Bool {
        guard a.id == b.id else { return false }
        switch (a as? SampleCustomer, b as? SampleCustomer) {
        case (nil, nil): return true
        case let (x?, y?): return x.name == y.name && x.tags == y.tags
        default: return false
        }
    }
}

final class SampleCustomer: SampleParty {
    var name: String
    var tags: Set<String>
    enum CodingKeys: CodingKey { case name, tags }

    init(id: Int, name: String, tags: Set<String>) {
        self.name = name
        self.tags = tags
        super.init(id: id)
    }

    required init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        tags = try container.decode(Set<String>.self, forKey: .tags)
        try super.init(from: container.superDecoder())
    }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(tags, forKey: .tags)
        try super.encode(to: container.superEncoder())
    }
}

/// A record of every shape, nested: what the property tests generate.
struct SampleOrder: Codable, Equatable {
    var id: Int
    var status: SampleStatus
    var priority: SamplePriority
    var level: SampleLevel?
    var lines: [SampleLine]
    var byName: [String: SampleLine]
    var byCount: [Int: SampleStatus]
    var byID: [UUID: Int]
    var byPriority: [SamplePriority: [SampleLevel]]
    var byStatus: [SampleStatus: Int]
    var tags: Set<String>
    var twice: Int??
    var expression: SampleExpression
    var shape: SampleShape?
    var customer: SampleCustomer
    var blob: Data
    var matrix: [[Int]]
    var gaps: [Int?]

    static func random(_ r: inout SampleRandom) -> SampleOrder {
        SampleOrder(
            id: r.int(Int.min ... Int.max),
            status: .random(&r),
            priority: SamplePriority.allCases.randomElement(using: &r)!,
            level: r.maybe { SampleLevel.allCases.randomElement(using: &$0)! },
            lines: r.array(3) { SampleLine(sku: $0.string(), price: $0.int(0 ... 10_000), note: $0.maybe { $0.string() }, status: .random(&$0)) },
            byName: Dictionary(r.array(3) { ($0.string(), SampleLine(sku: "s", price: $0.int(0 ... 9), note: nil, status: .open)) }, uniquingKeysWith: { a, _ in a }),
            byCount: Dictionary(r.array(3) { ($0.int(-3 ... 3), SampleStatus.random(&$0)) }, uniquingKeysWith: { a, _ in a }),
            byID: Dictionary(r.array(2) { ($0.uuid(), $0.int(0 ... 9)) }, uniquingKeysWith: { a, _ in a }),
            byPriority: Dictionary(r.array(2) { (SamplePriority.allCases.randomElement(using: &$0)!, [SampleLevel.two]) }, uniquingKeysWith: { a, _ in a }),
            byStatus: Dictionary(r.array(2) { (SampleStatus.random(&$0), $0.int(0 ... 9)) }, uniquingKeysWith: { a, _ in a }),
            tags: Set(r.array(3) { $0.string() }),
            // `.some(nil)` cannot be stored (it throws): only nil and .some(.some(x)).
            twice: r.maybe { $0.int(-9 ... 9) },
            expression: .random(&r),
            shape: r.maybe { $0.chance(50) ? .circle(radius: Double($0.int(0 ... 100)) / 4) : .labelled(.random(&$0)) },
            customer: SampleCustomer(id: r.int(0 ... 1000), name: r.string(), tags: Set(r.array(2) { $0.string() })),
            blob: Data(r.array(4) { UInt8($0.int(0 ... 255)) }),
            matrix: r.array(2) { $0.array(3) { $0.int(-9 ... 9) } },
            gaps: r.array(4) { $0.maybe { $0.int(0 ... 9) } })
    }
}

/// Stores a record, then tries one transaction that puts a valid record and then a value the
/// format cannot hold (`Optional.some(nil)`): expects an `EncodingError` at that `put`, and the
/// store as it was (the record unchanged, nothing of the failed transaction committed).
func expectRefusedAtPut<E: Engine>(_ store: E) throws {
    var random = SampleRandom(seed: 7)
    let kept = SampleOrder.random(&random)
    try store.write { txn in try txn.put(Key("orders", 1), kept) }
    var bad = SampleOrder.random(&random)
    bad.twice = .some(nil)
    #expect(throws: EncodingError.self) {
        try store.write { txn in
            try txn.put(Key("orders", 2), kept)
            try txn.put(Key("orders", 1), bad)
        }
    }
    let (first, second) = try store.read { txn in (try txn.get(Key("orders", 1), as: SampleOrder.self), try txn.get(Key("orders", 2))) }
    #expect(first == kept)
    #expect(second == nil)
}
