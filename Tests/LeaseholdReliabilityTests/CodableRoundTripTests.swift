import Foundation
import Leasehold
import Testing

/// Seeded random records of every shape (``SampleOrder``, in CodableSamples.swift, shared with
/// LeaseholdTests) stored on every engine and read back equal; what cannot be stored is refused
/// at `put` and leaves the store as it was.
@Suite("Codable round trip")
struct CodableRoundTripTests {
    /// Records per engine.
    static let count = 500

    @Test("put in one write transaction, get(_:as:) in another: equal", arguments: EngineUnderTest.all)
    func roundTrip(_ engine: EngineUnderTest) throws {
        let path = scratchPath("codable-\(engine.name)")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try engine.open(path)
        defer { try? store.close() }

        var random = SampleRandom(seed: 2026)
        let orders = (0 ..< Self.count).map { _ in SampleOrder.random(&random) }
        try store.write { txn in
            for (index, order) in orders.enumerated() { try txn.put(Key("orders", index), order) }
        }
        let matched = try store.read { txn in
            var matched = 0
            for (index, order) in orders.enumerated() {
                let back = try #require(try txn.get(Key("orders", index), as: SampleOrder.self))
                #expect(back == order, "\(engine.name) record \(index)")
                if back == order { matched += 1 }
            }
            return matched
        }
        #expect(matched == Self.count)
    }

    @Test("a value that cannot round-trip throws EncodingError at put and leaves the store unchanged", arguments: EngineUnderTest.all)
    func refused(_ engine: EngineUnderTest) throws {
        let path = scratchPath("codable-refused-\(engine.name)")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try engine.open(path)
        defer { try? store.close() }

        try expectRefusedAtPut(store)
    }
}
