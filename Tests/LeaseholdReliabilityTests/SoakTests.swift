import Foundation
import Leasehold
import Testing

/// One concurrency soak per engine (see ``Soak``). `LEASEHOLD_SOAK_TRANSACTIONS` sets its length
/// (default 2,000 write transactions), `LEASEHOLD_SOAK_WRITERS` and `LEASEHOLD_SOAK_READERS` its
/// threads (2 and 3), `LEASEHOLD_SOAK_SEED` repeats a run.
@Suite("Concurrency soak")
struct SoakTests {
    @Test("writers move amounts between accounts; readers never see the total change", arguments: EngineUnderTest.all)
    func soak(_ engine: EngineUnderTest) throws {
        let transactions = environmentInt("LEASEHOLD_SOAK_TRANSACTIONS", 2_000)
        let seed = UInt64(environmentInt("LEASEHOLD_SOAK_SEED", Int.random(in: 0 ..< 1 << 32)))
        let path = scratchPath("soak-\(engine.name)")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try engine.open(path)
        defer { try? store.close() }

        let soak = Soak(
            store: store, transactions: transactions, writers: environmentInt("LEASEHOLD_SOAK_WRITERS", 2),
            readers: environmentInt("LEASEHOLD_SOAK_READERS", 3), seed: seed)
        let report = try soak.run()
        print("soak \(engine.name): \(report) [seed \(seed)]")
        #expect(report.violations.isEmpty, "seed \(seed): \(report.violations.joined(separator: "; "))")
        #expect(report.commits + report.aborted == transactions)
        #expect(report.finalCounter == Int64(report.commits), "commits counted in the store: no update lost")
        #expect(report.finalTotal == Soak.total)
        #expect(report.reads >= soak.readers * Soak.minimumReadsPerReader)
        #expect(report.rechecked > 0)
    }
}
