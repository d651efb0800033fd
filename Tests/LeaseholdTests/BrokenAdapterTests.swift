@testable @_spi(Adapter) import LeaseholdCore
import Leasehold
import LeaseholdConformance
import Testing

// Tests of the suite: three adapters, each broken the way adapters were found broken, must each
// fail the suite at the rule they break, with a message that names it.

/// Broken 1: updates free what was lent (a replaced value's memory goes back to malloc), but the
/// manifest says `writeReads: .transaction`, so the core never ends the lease at an update: a
/// held value reads freed memory. (Before the kit this was an adapter whose `willUpdate()` did
/// nothing.)
final class FreesAtUpdateStore: StoreAdapter {
    let memory = MemoryStore(options: .init())
    let capabilities = MemoryStore.claimingTransactionLongWriteReads()
    func beginRead(_ lender: Lender) -> MemoryReader { memory.beginRead(lender) }
    func endRead(_ reader: MemoryReader) {}
    func beginWrite(_ lender: Lender) -> MemoryWriter { memory.beginWrite(lender) }
    func commit(_ writer: MemoryWriter) { memory.commit(writer) }
    func abort(_ writer: MemoryWriter) {}
    func close() { memory.close() }
}

extension MemoryStore {
    /// The Memory store's capabilities, except that values read in a write transaction are
    /// claimed to stay put until it ends (`writeReads: .transaction`): the claim of
    /// brokens 1 and 3 (false for broken 1, which frees at updates).
    static func claimingTransactionLongWriteReads() -> Capabilities {
        var c = MemoryStore(options: .init()).capabilities
        c.writeReads = .transaction
        return c
    }
}

/// Broken 3: the manifest claims `writeReads: .transaction`, but every update ends the lease
/// anyway (values are copied at each write although the engine says they need not be).
final class ExpiresAtEveryUpdateStore: StoreAdapter {
    let memory = MemoryStore(options: .init())
    let capabilities = MemoryStore.claimingTransactionLongWriteReads()
    func beginRead(_ lender: Lender) -> MemoryReader { memory.beginRead(lender) }
    func endRead(_ reader: MemoryReader) {}
    func beginWrite(_ lender: Lender) -> ExpiringWriter { ExpiringWriter(memory.beginWrite(lender), lender) }
    func commit(_ writer: ExpiringWriter) { memory.commit(writer.base) }
    func abort(_ writer: ExpiringWriter) {}
    func close() { memory.close() }
}

final class ExpiringWriter: StoreWriter {
    let base: MemoryWriter
    let lender: Lender
    init(_ base: MemoryWriter, _ lender: Lender) {
        self.base = base
        self.lender = lender
    }
    func value(forKey key: UnsafeRawBufferPointer) -> Bytes? { base.value(forKey: key) }
    func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try base.withValue(forKey: key, body)
    }
    func makeCursor() -> MemoryCursor { base.makeCursor() }
    func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        lender.expire()
        base.put(key: key, value: value)
    }
    func delete(key: UnsafeRawBufferPointer) -> Bool {
        lender.expire()
        return base.delete(key: key)
    }
    func deleteKeys(in range: KeyRange) throws -> Int {
        lender.expire()
        return try base.deleteKeys(in: range)
    }
}

/// An engine over any of the stores above.
final class GatedTestEngine<Store: StoreAdapter>: Engine {
    let gate: StoreGate<Store>
    init(_ store: Store) { gate = StoreGate(store) }
    var capabilities: Capabilities { gate.capabilities }
    var statistics: LeaseStatistics { gate.statistics }
    func read<R>(_ body: (ReadTransaction<Store.Reader>) throws -> R) throws -> R { try gate.read(body) }
    func write<R>(_ body: (WriteTransaction<Store.Writer>) throws -> R) throws -> R { try gate.write(body) }
    func close() throws { try gate.close() }
    func changes(in range: KeyRange, after: CommitSequence?) throws -> ChangeFeed { try gate.changes(in: range, after: after) }
}

/// Broken 2: an engine that keeps its own count of running transactions instead of the gate's,
/// and misses the decrement when a transaction's closure throws: `close()` then says busy
/// forever.
final class LeakyCountEngine: Engine {
    let base: MemoryEngine
    let running = Locked(0)
    init() throws { base = try MemoryEngine() }
    var capabilities: Capabilities { base.capabilities }
    var statistics: LeaseStatistics { base.statistics }
    func read<R>(_ body: (ReadTransaction<MemoryReader>) throws -> R) throws -> R {
        running.withLock { $0 += 1 }
        let result = try base.read(body)
        running.withLock { $0 -= 1 }
        return result
    }
    func write<R>(_ body: (WriteTransaction<MemoryWriter>) throws -> R) throws -> R {
        running.withLock { $0 += 1 }
        let result = try base.write(body)
        running.withLock { $0 -= 1 }
        return result
    }
    func close() throws {
        let open = running.withLock { $0 }
        if open > 0 { throw LeaseholdError.busy("\(open) transaction(s) still open") }
        try base.close()
    }
    func changes(in range: KeyRange, after: CommitSequence?) throws -> ChangeFeed { try base.changes(in: range, after: after) }
}

@Suite("Broken adapters fail the suite at the rule they break")
struct BrokenAdapterTests {
    /// The failures of `harness` in the whole suite, by case name.
    func failures(_ harness: ConformanceHarness) -> [String: String] {
        let report = ConformanceSuite.run(harness)
        return Dictionary(report.results.filter { $0.outcome == .failed }.map { ($0.name, $0.message ?? "") }, uniquingKeysWith: { a, _ in a })
    }

    func rule(_ name: String) throws -> String { try #require(ConformanceSuite.named(name)).rule }

    // It reads memory the allocator took back on purpose; under ASan that read aborts the run
    // (the sanitizer catching the same bug: `swift package leasehold-conformance --sanitize address`).
    @Test("updates that free lent memory under a manifest that says they do not: manifest.writeReads",
          .disabled(if: Sanitizers.address, "reads freed memory on purpose"))
    func freesAtUpdate() throws {
        let failed = failures(ConformanceHarness(name: "frees-at-update", makeStore: { AnyEngine(GatedTestEngine(FreesAtUpdateStore())) }))
        let message = try #require(failed["manifest.writeReads"], "failed: \(failed.keys.sorted())")
        #expect(message.contains(try rule("manifest.writeReads")))
        #expect(message.contains("after its key was overwritten"), "\(message)")
    }

    @Test("a count of running transactions that leaks when a closure throws: lifecycle.throwingBodyLeavesStoreClosable")
    func leakyCount() throws {
        let failed = failures(ConformanceHarness(name: "leaky-count", makeStore: { AnyEngine(try LeakyCountEngine()) }))
        #expect(Set(failed.keys).isSuperset(of: ["lifecycle.throwingBodyLeavesStoreClosable"]), "failed: \(failed.keys.sorted())")
        let message = try #require(failed["lifecycle.throwingBodyLeavesStoreClosable"])
        #expect(message.contains(try rule("lifecycle.throwingBodyLeavesStoreClosable")))
        #expect(message.contains("busy"), "\(message)")
    }

    @Test("a manifest that says writeReads: transaction while every update ends the lease: manifest.writeReads")
    func expiresAtEveryUpdate() throws {
        let failed = failures(ConformanceHarness(name: "expires-at-update", makeStore: { AnyEngine(GatedTestEngine(ExpiresAtEveryUpdateStore())) }))
        #expect(failed.keys.sorted() == ["manifest.writeReads"], "failed: \(failed.keys.sorted())")
        let message = try #require(failed["manifest.writeReads"])
        #expect(message.contains(try rule("manifest.writeReads")))
        #expect(message.contains("is no longer shared after it, though writeReads=transaction says it lives on"), "\(message)")
    }

    @Test("the Memory engine itself passes the same cases")
    func control() throws {
        let failed = failures(memoryHarness(.init()))
        #expect(failed.isEmpty, "\(failed)")
    }
}
