import LeaseholdCore

/// One conformance check, runnable on its own (for example as one argument of a parameterised
/// Swift Testing test).
public struct ConformanceCase: Sendable, CustomStringConvertible {
    /// A short unique name, e.g. `"leases.keptPastTransaction"`.
    public let name: String
    /// Whether the case applies to an engine with these capabilities.
    public let applies: @Sendable (Capabilities) -> Bool
    let body: @Sendable (ConformanceContext) throws -> Void

    init(_ name: String, when applies: @escaping @Sendable (Capabilities) -> Bool = { _ in true },
         _ body: @escaping @Sendable (ConformanceContext) throws -> Void) {
        self.name = name
        self.applies = applies
        self.body = body
    }

    public var description: String { name }

    /// Runs the case on a fresh store from `harness`. Returns `false` (without running) if the
    /// case does not apply to the engine; throws ``ConformanceFailure`` or the engine's error if
    /// the engine fails it.
    @discardableResult
    public func run(_ harness: ConformanceHarness, _ variant: ConformanceVariant = .plain) throws -> Bool {
        do {
            let ran = try perform(harness, variant)
            ConformanceRecorder.record(self, harness, variant, ran ? .passed : .skipped)
            return ran
        } catch {
            ConformanceRecorder.record(self, harness, variant, .failed, "\(error)")
            throw error
        }
    }

    private func perform(_ harness: ConformanceHarness, _ variant: ConformanceVariant) throws -> Bool {
        let store = try harness.makeStore()
        guard applies(store.capabilities) else {
            harness.destroy(store)
            return false
        }
        let context = try ConformanceContext(harness: harness, store: store, variant: variant)
        defer { harness.destroy(context.store) }
        try body(context)
        try context.checkNeighbours()
        return true
    }
}

/// What a case works with: the engine under test (maybe a namespace) and a way to reopen it.
public final class ConformanceContext {
    let harness: ConformanceHarness
    /// The store as made by the harness.
    private(set) var store: AnyEngine
    /// The engine the case uses: the store, or a namespace of it.
    private(set) var engine: AnyEngine
    let variant: ConformanceVariant

    init(harness: ConformanceHarness, store: AnyEngine, variant: ConformanceVariant) throws {
        self.harness = harness
        self.store = store
        self.variant = variant
        engine = store
        if variant == .prefixed {
            try store.write { txn in
                for key in ConformanceVariant.neighbours { try txn.put(key, key) }
            }
            engine = AnyEngine(try store.prefixed(by: ConformanceVariant.namespacePrefix))
        }
    }

    var capabilities: Capabilities { engine.capabilities }

    /// Closes and reopens the store (persistent engines only).
    func reopen() throws {
        guard let reopen = harness.reopen else { throw fail("the harness cannot reopen") }
        store = try reopen(store)
        engine = variant == .prefixed ? AnyEngine(try store.prefixed(by: ConformanceVariant.namespacePrefix)) : store
    }

    /// The keys outside the namespace must be exactly as they were.
    func checkNeighbours() throws {
        guard variant == .prefixed, (try? store.read({ _ in })) != nil else { return }
        let outside = try store.read { txn in
            try txn.count(.lessThan(ConformanceVariant.namespacePrefix))
                + (KeyRange.successor(ofPrefix: ConformanceVariant.namespacePrefix).map { try txn.count(.atLeast($0)) } ?? 0)
        }
        try expect(outside == ConformanceVariant.neighbours.count, "a case changed keys outside its namespace")
    }
}

/// A failure at the caller's line.
func fail(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> ConformanceFailure {
    ConformanceFailure(message: message, location: "\(file):\(line)")
}

/// Throws ``ConformanceFailure`` unless `condition` holds.
func expect(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) throws {
    if !condition { throw fail(message(), file: file, line: line) }
}

/// Throws ``ConformanceFailure`` unless `actual == expected`.
func expectEqual<T: Equatable>(_ actual: T, _ expected: T, _ what: @autoclosure () -> String,
                               file: StaticString = #fileID, line: UInt = #line) throws {
    if actual != expected { throw fail("\(what()): got \(actual), expected \(expected)", file: file, line: line) }
}

/// Throws ``ConformanceFailure`` unless `body` throws an error matching `matches`.
func expectError(_ what: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line,
                 _ matches: (LeaseholdError) -> Bool, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as LeaseholdError {
        if matches(error) { return }
        throw fail("\(what()): wrong error \(error)", file: file, line: line)
    }
    throw fail("\(what()): no error thrown", file: file, line: line)
}
