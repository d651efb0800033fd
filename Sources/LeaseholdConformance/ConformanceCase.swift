import LeaseholdCore

/// One conformance check: a rule of the engine contract, stated in one sentence, and the code
/// that holds an engine to it. Runnable on its own (for example as one argument of a
/// parameterised Swift Testing test).
public struct ConformanceCase: Sendable, CustomStringConvertible {
    /// A short unique name, e.g. `"leases.keptPastTransaction"`.
    public let name: String
    /// The rule the case checks, in one sentence.
    public let rule: String
    /// What the case needs of the manifest or the harness; it does not apply otherwise.
    public let requirements: [ConformanceRequirement]
    let body: @Sendable (ConformanceContext) throws -> Void

    init(_ name: String, _ rule: String, requires requirements: [ConformanceRequirement] = [],
         _ body: @escaping @Sendable (ConformanceContext) throws -> Void) {
        self.name = name
        self.rule = rule
        self.requirements = requirements
        self.body = body
    }

    public var description: String { name }

    /// Why the case does not apply to an engine with `capabilities` under `harness`, or `nil`
    /// when it does: "requires persistent (persistent is false)".
    public func whyNotApplicable(_ capabilities: Capabilities, _ harness: ConformanceHarness) -> String? {
        let missing = requirements.filter { !$0.holds(capabilities, harness) }
        guard !missing.isEmpty else { return nil }
        return "requires " + missing.map { "\($0) (\($0.actual(capabilities, harness)))" }.joined(separator: ", ")
    }

    /// Runs the case on a fresh store from `harness`. Returns `false` (without running) if the
    /// case does not apply to the engine; throws ``ConformanceFailure`` — naming the rule — if
    /// the engine breaks it (an error the engine throws is wrapped the same way).
    @discardableResult
    public func run(_ harness: ConformanceHarness, _ variant: ConformanceVariant = .plain) throws -> Bool {
        try execute(harness, variant) == nil
    }

    /// Runs the case and records it; returns why it did not apply, or `nil` when it ran.
    func execute(_ harness: ConformanceHarness, _ variant: ConformanceVariant) throws -> String? {
        ConformanceRecorder.started(self, harness, variant)
        do {
            let skipped = try perform(harness, variant)
            ConformanceRecorder.record(self, harness, variant, skipped == nil ? .passed : .skipped, skipped)
            return skipped
        } catch {
            let failure = error as? ConformanceFailure
                ?? ConformanceFailure(message: "the engine threw \(error)", location: "\(name)")
            let named = ConformanceFailure(message: "\(name): \(rule) — \(failure.message)", location: failure.location)
            ConformanceRecorder.record(self, harness, variant, .failed, named.description)
            throw named
        }
    }

    /// Runs the body; returns why it did not apply, or `nil` when it ran.
    private func perform(_ harness: ConformanceHarness, _ variant: ConformanceVariant) throws -> String? {
        let store = try harness.makeStore()
        if let why = whyNotApplicable(store.capabilities, harness) {
            harness.destroy(store)
            return why
        }
        let context = try ConformanceContext(harness: harness, store: store, variant: variant)
        defer { harness.destroy(context.store) }
        try body(context)
        try context.checkNeighbours()
        return nil
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

    /// `handle`, another handle on the store, seen as the case sees the store: inside the
    /// namespace in the prefixed variant.
    func view(_ handle: AnyEngine) throws -> AnyEngine {
        variant == .prefixed ? AnyEngine(try handle.prefixed(by: ConformanceVariant.namespacePrefix)) : handle
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
