import Leasehold
import Synchronization

/// An adapter that exists only in this test target: a Memory store that counts how often it
/// was opened and remembers the options it was opened with. It registers the scheme `tally:`.
final class TallyEngine: Engine {
    static let opens = Atomic<Int>(0)

    let inner: MemoryEngine
    let label: String
    let access: EngineAccess

    init(label: String, stepLeases: Bool, access: EngineAccess) throws {
        inner = try MemoryEngine(options: .init(scanLease: stepLeases ? .step : .transaction))
        self.label = label
        self.access = access
        Self.opens.add(1, ordering: .relaxed)
    }

    var capabilities: Capabilities {
        var c = inner.capabilities
        c.engine = "tally"
        return c
    }

    var statistics: LeaseStatistics { inner.statistics }
    func read<R>(_ body: (ReadTransaction<MemoryReader>) throws -> R) throws -> R { try inner.read(body) }
    func write<R>(_ body: (WriteTransaction<MemoryWriter>) throws -> R) throws -> R {
        if access == .readOnly { throw LeaseholdError.readOnly }
        return try inner.write(body)
    }
    func close() throws { try inner.close() }
    /// A wrapper that keeps the inner store's manifest forwards its feed too.
    func changes(in range: KeyRange, after: CommitSequence?) throws -> ChangeFeed { try inner.changes(in: range, after: after) }

    /// `tally:LABEL?steps=true`: what a third-party package would declare.
    static let registration = EngineRegistration(
        scheme: "tally", summary: "a counting in-memory store (tests only)", example: "tally:name?steps=true",
        options: [EngineOption("steps", .bool, default: "false", "Lend scanned records for one step only.")],
        scratch: .independentOpens("tally")
    ) { request in
        try TallyEngine(label: request.url.path, stepLeases: request.options.bool("steps") ?? false, access: request.access)
    }
}
