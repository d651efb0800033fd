import LeaseholdAsync
import Synchronization
import Testing

/// Cancellation: a transaction whose task is cancelled before it starts never runs and throws
/// `CancellationError`; one that has started runs to the end.
@Suite struct AsyncStoreCancellationTests {
    @Test("a queued write cancelled before it starts throws CancellationError and writes nothing; the started one commits",
          arguments: LocalEngine.allCases)
    func queuedWrite(_ engine: LocalEngine) async throws {
        try await withAsyncStore(engine) { store in
            let gate = ThreadGate()
            let started = SharedCount()
            let slow = Task {
                try await store.write { txn in
                    started.add(1)
                    gate.wait()
                    try txn.put([1], [1])
                }
            }
            while started.current == 0 { try await Task.sleep(for: .milliseconds(1)) }
            let ran = SharedCount()
            let queued = Task {
                try await store.write { txn in
                    ran.add(1)
                    try txn.put([2], [2])
                }
            }
            try await Task.sleep(for: .milliseconds(50))  // queued behind the slow write
            queued.cancel()
            slow.cancel()  // already running: it must still commit
            gate.release()
            try await slow.value
            await #expect(throws: CancellationError.self) { try await queued.value }
            #expect(ran.current == 0)
            let (first, second) = try await store.read { txn in (try txn.contains([1]), try txn.contains([2])) }
            #expect(first)
            #expect(!second)
            // The writer thread is free again and takes the next write.
            try await store.write { txn in try txn.put([3], [3]) }
            #expect(try await store.read { txn in try txn.contains([3]) })
        }
    }

    @Test("a read from an already-cancelled task throws CancellationError without running", arguments: LocalEngine.allCases)
    func cancelledRead(_ engine: LocalEngine) async throws {
        try await withAsyncStore(engine) { store in
            let ran = SharedCount()
            let read = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await store.read { txn in
                    ran.add(1)
                    return try txn.count()
                }
            }
            await #expect(throws: CancellationError.self) { try await read.value }
            #expect(ran.current == 0)
        }
    }
}
