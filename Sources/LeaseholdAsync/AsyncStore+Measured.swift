import LeaseholdCore
import NIOPosix

extension AsyncStore {
    /// Runs a transaction's `body` on `pool`, counting and timing it when the store has metrics.
    func transaction<T: Sendable>(
        _ kind: AsyncMetrics.Kind, on pool: NIOThreadPool, _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        guard let metrics else { return try await threads.run(on: pool, body) }
        let submitted = ContinuousClock.now
        let result: Result<T, any Error>
        do {
            result = try await threads.run(on: pool) {
                let start = ContinuousClock.now
                let result = Result(catching: body)
                metrics.time(kind, waited: start - submitted, ran: .now - start)
                if case .success = result { metrics.count(kind, .ok) } else { metrics.count(kind, .error) }
                metrics.publishLeases()
                return result
            }
        } catch let error as CancellationError {
            metrics.count(kind, .cancelled)  // never started
            throw error
        }
        return try result.get()
    }
}
