import Foundation
import LeaseholdAsync
import Testing

/// The must-show: async writers never stall the cooperative pool.
///
/// It measures the whole process's cooperative pool, so it needs a pool nobody else blocks:
/// beside the rest of the suite (whose synchronous tests run on that pool and block it for
/// seconds: a 3 s stall was seen) it would measure them, not us. `make test` runs it alone
/// afterwards with `LEASEHOLD_QUIET_POOL=1` (`swift test --filter AsyncTickerTests`).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["LEASEHOLD_QUIET_POOL"] == "1",
                "needs the cooperative pool to itself: make test runs it alone with LEASEHOLD_QUIET_POOL=1"))
struct AsyncTickerTests {
    @Test("two async writers of 40,000 records each: a 50 ms ticker on the cooperative pool never stalls > 100 ms",
          arguments: [LocalEngine.memory, .lmdb])
    func tickerKeepsTicking(_ engine: LocalEngine) async throws {
        try await withAsyncStore(engine) { store in
            let value = [UInt8](repeating: 0xAB, count: 64)
            let (worst, ticks) = try await withThrowingTaskGroup(of: (Duration, Int)?.self) { group in
                group.addTask {
                    let clock = ContinuousClock()
                    var worst = Duration.zero
                    var ticks = 0
                    var last = clock.now
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(50))
                        let now = clock.now
                        worst = max(worst, now - last - .milliseconds(50))
                        last = now
                        ticks += 1
                    }
                    return (worst, ticks)
                }
                let writers = (1 ... 2).map { writer in
                    Task {
                        try await store.write { txn in
                            for i in 0 ..< 40_000 { try txn.put(recordKey(UInt8(writer), i), value) }
                        }
                    }
                }
                for writer in writers { try await writer.value }
                group.cancelAll()
                var result: (Duration, Int)?
                for try await item in group { if let item { result = item } }
                return result ?? (.zero, 0)
            }
            print("ticker on \(engine.rawValue): worst stall \(worst) over \(ticks) ticks")
            #expect(worst < .milliseconds(100))
            let count = try await store.read { txn in try txn.count() }
            #expect(count == 80_000)
        }
    }
}
