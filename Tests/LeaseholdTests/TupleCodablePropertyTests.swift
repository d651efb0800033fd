import Foundation
import Leasehold
import Testing

/// Seeded random records of every shape (``SampleOrder``) round-trip through TupleEncoder and
/// TupleDecoder; the engine round trip is `CodableRoundTripTests` in LeaseholdReliabilityTests.
@Suite("Tuple Codable properties")
struct TupleCodablePropertyTests {
    /// How many records each seed generates.
    static let count = 2000

    @Test("random records of every shape round-trip", arguments: [UInt64(1), 17, 0xdead_beef])
    func roundTrip(seed: UInt64) throws {
        var random = SampleRandom(seed: seed)
        var shapes = Set<String>()
        for index in 0 ..< Self.count {
            let order = SampleOrder.random(&random)
            let bytes = try TupleEncoder().encode(order)
            let back = try TupleDecoder().decode(SampleOrder.self, from: bytes)
            #expect(back == order, "seed \(seed), record \(index): \(Key(packed: bytes))")
            shapes.insert("\(order.status)".prefix(while: { $0 != "(" }).description)
        }
        // The generator reached every case of the status enum.
        #expect(shapes == ["open", "shipped", "cancelled", "split"])
    }

    @Test("records larger than the 1 KiB scratch round-trip too")
    func large() throws {
        var random = SampleRandom(seed: 99)
        var orders = (0 ..< 20).map { _ in SampleOrder.random(&random) }
        let lines = Array(orders.map(\.lines).joined())
        for index in orders.indices { orders[index].lines += lines }
        let bytes = try TupleEncoder().encode(orders)
        #expect(bytes.count > 1024)
        #expect(try TupleDecoder().decode([SampleOrder].self, from: bytes) == orders)
    }
}
