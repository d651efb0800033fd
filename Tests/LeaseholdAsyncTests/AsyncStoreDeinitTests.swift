@testable import LeaseholdAsync
import Testing

/// A store dropped without `close()` stops its threads.
@Suite struct AsyncStoreDeinitTests {
    @Test("dropping an open store shuts both of its thread pools down")
    func deinitShutsPoolsDown() async throws {
        var threads: StoreThreads?
        do {
            let store = try AsyncStore(MemoryEngine(), options: .init(readers: 3))
            threads = store.threads
            try await store.write { txn in try txn.put([1], [1]) }
            #expect(try await store.read { txn in try txn.count() } == 1)
            let running = try await store.threads.readers.runIfActive { 7 }
            #expect(running == 7)
        }
        let pools = try #require(threads)
        // A pool that was shut down refuses work: the item is cancelled instead of run.
        await #expect(throws: CancellationError.self) { try await pools.readers.runIfActive { 1 } }
        await #expect(throws: CancellationError.self) { try await pools.writer.runIfActive { 1 } }
        #expect(pools.isClosed)
    }
}
