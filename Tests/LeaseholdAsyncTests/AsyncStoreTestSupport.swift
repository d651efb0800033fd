import Foundation
import LeaseholdAsync
import LeaseholdConformance
import LeaseholdLevelDB
import LeaseholdLMDB
import LeaseholdRocksDB
import Synchronization
import Testing

/// The local engines the async API is tested on, each opened by URL in a scratch directory.
enum LocalEngine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory, lmdb, leveldb, rocksdb

    var testDescription: String { rawValue }

    /// A registry that knows every local engine.
    static let registry: EngineRegistry = {
        do { return try EngineRegistry([.lmdb, .leveldb, .rocksdb]) } catch { fatalError("\(error)") }
    }()
}

/// Opens an ``AsyncStore`` of `engine` in a fresh directory (with `query` appended to its URL),
/// runs `body`, closes the store and removes the directory.
func withAsyncStore<R>(
    _ engine: LocalEngine, query: String = "", options: AsyncStoreOptions = .init(),
    _ body: (AsyncStore<AnyEngine>) async throws -> R
) async throws -> R {
    let directory = ScratchDirectory("async-\(engine.rawValue)")
    defer { directory.remove() }
    let location = engine == .memory ? "" : directory.path
    let store = try AsyncStore.open("\(engine.rawValue):\(location)\(query)", registry: LocalEngine.registry, options: options)
    do {
        let result = try await body(store)
        try await store.close()
        return result
    } catch {
        try? await store.close()
        throw error
    }
}

/// The key of record `i` of writer `writer`: big-endian, so keys sort by number.
func recordKey(_ writer: UInt8, _ i: Int) -> [UInt8] {
    [writer] + withUnsafeBytes(of: UInt32(i).bigEndian) { Array($0) }
}

/// A gate a test opens once: closures wait on it on the store's threads (a plain blocking
/// wait, since they run on threads that may block).
final class ThreadGate: Sendable {
    private let open = Atomic<Bool>(false)

    /// Lets every waiter through.
    func release() { open.store(true, ordering: .releasing) }

    /// Blocks the calling thread until ``release()`` (polling every millisecond), or for at most
    /// `limit` (so a failing test ends instead of hanging); returns whether it was released.
    @discardableResult
    func wait(limit: Duration = .seconds(120)) -> Bool {
        let deadline = ContinuousClock.now + limit
        while !open.load(ordering: .acquiring) {
            if ContinuousClock.now > deadline { return false }
            usleep(1000)
        }
        return true
    }
}

/// A shared integer the store's threads update (an `Atomic` in a class, so closures can share it).
final class SharedCount: Sendable {
    private let value = Atomic<Int>(0)

    /// The current value.
    var current: Int { value.load(ordering: .acquiring) }

    /// Adds `n` and returns the new value.
    @discardableResult
    func add(_ n: Int) -> Int { value.add(n, ordering: .acquiringAndReleasing).newValue }

    /// Raises the value to `n` if it is lower.
    func raise(to n: Int) { value.max(n, ordering: .acquiringAndReleasing) }
}
