import Foundation
import LeaseholdAsync
import LeaseholdConformance
import Synchronization
import Testing

/// Transactions through ``AsyncStore`` on every local engine: results, closing, the reader bound
/// and the `readers` URL option.
@Suite struct AsyncStoreTests {
    @Test("writes commit, a throwing write applies nothing, reads return owned copies", arguments: LocalEngine.allCases)
    func results(_ engine: LocalEngine) async throws {
        try await withAsyncStore(engine) { store in
            let written = try await store.write { txn in
                for i in 0 ..< 100 { try txn.put(recordKey(1, i), [UInt8(i), 7]) }
                return 100
            }
            #expect(written == 100)
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await store.write { txn in
                    try txn.put(recordKey(2, 0), [1])
                    throw Refused()
                }
            }
            let (count, value, refused) = try await store.read { txn in
                (try txn.count(), try txn.get(recordKey(1, 42)).map { Array($0) }, try txn.contains(recordKey(2, 0)))
            }
            #expect(count == 100)
            #expect(value == [42, 7])
            #expect(!refused)
        }
    }

    @Test("after close every call throws storeClosed; closing twice is harmless", arguments: LocalEngine.allCases)
    func closed(_ engine: LocalEngine) async throws {
        let directory = ScratchDirectory("async-closed")
        defer { directory.remove() }
        let location = engine == .memory ? "" : directory.path
        let store = try AsyncStore.open("\(engine.rawValue):\(location)", registry: LocalEngine.registry)
        try await store.write { txn in try txn.put([1], [1]) }
        try await store.close()
        try await store.close()
        await #expect(throws: LeaseholdError.storeClosed) { try await store.read { txn in try txn.count() } }
        await #expect(throws: LeaseholdError.storeClosed) { try await store.write { txn in try txn.put([2], [2]) } }
    }

    @Test("close waits for the transactions already queued, then they have all run")
    func closeWaits() async throws {
        let store = try AsyncStore.open("memory:", registry: LocalEngine.registry)
        let gate = ThreadGate()
        let done = SharedCount()
        let writes = (0 ..< 4).map { i in
            Task {
                try await store.write { txn in
                    if i == 0 { gate.wait() }
                    try txn.put([UInt8(i)], [1])
                    done.add(1)
                }
            }
        }
        try await Task.sleep(for: .milliseconds(50))  // all four queued, the first blocked
        let closing = Task { try await store.close() }
        try await Task.sleep(for: .milliseconds(50))
        #expect(done.current == 0)
        gate.release()
        try await closing.value
        #expect(done.current == 4)
        for write in writes { try await write.value }
    }

    @Test("no more reads run at once than `readers` (from the URL)", arguments: [LocalEngine.memory, .lmdb])
    func readerBound(_ engine: LocalEngine) async throws {
        try await withAsyncStore(engine, query: "?readers=3") { store in
            #expect(store.readers == 3)
            let running = SharedCount()
            let most = SharedCount()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0 ..< 16 {
                    group.addTask {
                        try await store.read { _ in
                            most.raise(to: running.add(1))
                            usleep(20_000)
                            running.add(-1)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(most.current == 3)
        }
    }

    @Test("a bad readers value is a typed error; the synchronous registry refuses the option")
    func readersOption() async throws {
        #expect(throws: LeaseholdError.self) { try AsyncStore.open("memory:?readers=0", registry: LocalEngine.registry) }
        #expect(throws: LeaseholdError.self) { try AsyncStore.open("memory:?readers=many", registry: LocalEngine.registry) }
        #expect(throws: LeaseholdError.self) { try LocalEngine.registry.open("memory:?readers=2") }
        #expect(throws: LeaseholdError.self) { try AsyncStore.open("memory:?readers=2&nonsense=1", registry: LocalEngine.registry) }
        #expect(throws: LeaseholdError.invalidArgument("readers must be at least 1, not 0")) {
            try AsyncStore(MemoryEngine(), options: .init(readers: 0))
        }
        let store = try AsyncStore(MemoryEngine())
        #expect(store.readers == AsyncStore<MemoryEngine>.defaultReaders(for: store.engine.capabilities))
        #expect(store.readers >= 2)
        try await store.close()
    }
}
