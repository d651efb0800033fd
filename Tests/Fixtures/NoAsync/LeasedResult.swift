// `make noasync-check` typechecks this program: a leased `Bytes` returned from an async
// transaction must be refused (Bytes is not Sendable); with `?.ownedCopy()` it must compile.
import LeaseholdAsync
func leaked(_ store: AsyncStore<MemoryEngine>) async throws {
    let value = try await store.read { txn in try txn.get([1]) }
    _ = value
}
