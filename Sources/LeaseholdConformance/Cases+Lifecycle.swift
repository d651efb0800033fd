import Foundation
import LeaseholdCore

/// A store's life beside its transactions: closing after failures, a second open of the same
/// store in the process, read-only opens. Engine-independent rules, so every adapter proves them
/// the same way.
extension ConformanceSuite {
    static let lifecycleCases: [ConformanceCase] = [
        ConformanceCase("lifecycle.throwingBodyLeavesStoreClosable", "A transaction whose closure throws (or whose call fails) ends like any other: close() succeeds afterwards instead of saying busy.") { ctx in
            try ctx.engine.write { try $0.put([0x76], [1]) }
            do { try ctx.engine.read { txn in var cursor = try txn.cursor(); _ = try cursor.first(); throw Abort() } } catch is Abort {}
            do { try ctx.engine.write { txn in try txn.put([0x77], [2]); throw Abort() } } catch is Abort {}
            try? ctx.engine.read { _ = try $0.get(Bytes()) }   // an empty key: invalidKey
            try? ctx.engine.write { _ = try $0.delete(Bytes()) }
            do {
                try ctx.store.close()
            } catch {
                throw fail("close() after transactions that threw: \(error)")
            }
            try expectError("a read after close", { $0 == .storeClosed }) { try ctx.engine.read { _ in } }
        },
        ConformanceCase("lifecycle.secondOpenInProcess", "Opening a store whose writers are serialised (isolation serializable) while it is open in the process either throws locked naming it, or shares it: both handles see the same data and a write inside a write across them throws nestedWrite — it never hangs. (Under snapshot isolation a second handle is another client, whose writes the commit's checks order.)", requires: [.persistent, .isolation([.serializable]), .harnessOpensAgain]) { ctx in
            try ctx.engine.write { try $0.put([0x78], [1]) }
            let opened: AnyEngine
            do {
                opened = try ctx.harness.openAgain!(ctx.store)
            } catch LeaseholdError.locked(let what) {
                try expect(!what.isEmpty, "locked names the store")
                try ctx.engine.read { try expectEqual(try $0.get([0x78]), Bytes([1]), "the first handle still works after a refused second open") }
                return
            }
            defer { try? opened.close() }
            let second = try ctx.view(opened)
            try second.read { try expectEqual(try $0.get([0x78]), Bytes([1]), "the second handle sees the first's commit") }
            // The nested write runs on a thread of its own, so an engine that waits for itself
            // fails the case instead of hanging the suite.
            let first = ctx.engine
            let outcome = try withDeadline(seconds: 30) {
                try first.write { _ in try second.write { try $0.put([0x79], [2]) } }
            }
            switch outcome {
            case nil: throw fail("a write inside a write across two handles of one store hung")
            case .success?: throw fail("a write inside a write across two handles of one store did not throw")
            case .failure(let error)?:
                try expect((error as? LeaseholdError) == .nestedWrite, "a write inside a write across two handles: \(error)")
            }
        },
        ConformanceCase("lifecycle.readOnlyOpen", "A store opened read-only reads every committed record and refuses writes with readOnly; a read-only open of a store that does not exist throws notFound and creates nothing.", requires: [.persistent, .harnessOpensReadOnly]) { ctx in
            try ctx.engine.write { txn in for i in 0 ..< 10 { try txn.put([0x7a, UInt8(i)], [UInt8(i)]) } }
            try ctx.store.close()
            let opened = try ctx.harness.openReadOnly!(ctx.store)
            defer { try? opened.close() }
            let reader = try ctx.view(opened)
            try reader.read { try expectEqual(try $0.count(), 10, "records seen read-only") }
            try expectError("a write to a read-only store", { $0 == .readOnly }) { try reader.write { try $0.put([0x7b], [1]) } }
            try reader.read { try expect(try $0.get([0x7b]) == nil, "the refused write stored nothing") }
            if let missing = ctx.harness.openMissingReadOnly {
                let attempt = try missing()
                switch attempt.result {
                case .success: throw fail("a read-only open of a missing store succeeded")
                case .failure(let error):
                    guard case .notFound? = error as? LeaseholdError else { throw fail("a read-only open of a missing store: \(error), not notFound") }
                }
                try expect(!attempt.created, "a read-only open of a missing store left something behind")
            }
        },
    ]
}

/// Runs `body` on a thread of its own and waits up to `seconds` for it: its result, or `nil`
/// if it did not finish in time (the thread is left behind).
func withDeadline<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () throws -> T) throws -> Result<T, any Error>? {
    let done = DispatchSemaphore(value: 0)
    let box = ResultBox<T>()
    Thread.detachNewThread {
        box.set(Result { try body() })
        done.signal()
    }
    guard done.wait(timeout: .now() + seconds) == .success else { return nil }
    return box.get()
}

/// A result handed from one thread to another (under a lock).
final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<T, any Error>?

    func set(_ result: Result<T, any Error>) {
        lock.lock()
        value = result
        lock.unlock()
    }

    /// Replaces the result with `transform` of it, atomically.
    func update(_ transform: (Result<T, any Error>?) -> Result<T, any Error>) {
        lock.lock()
        value = transform(value)
        lock.unlock()
    }

    func get() -> Result<T, any Error>? {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
