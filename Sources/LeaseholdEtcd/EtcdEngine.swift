#if Etcd
import Foundation
import GRPCCore
import GRPCProtobuf
import Leasehold
import LeaseholdEtcdProtocol
import Synchronization

/// A key-value store on an etcd cluster (v3 API over gRPC): the same API as the embedded
/// engines, over a replicated, Raft-consistent store.
///
/// Open one with ``init(options:)`` or ``init(endpoints:)``. A read transaction sees one
/// revision of the whole cluster (the first response's; see ``EtcdReadTransaction``). A write
/// transaction buffers its writes in the core's read-your-writes overlay over a snapshot and
/// commits them in one etcd `Txn` whose compares check that nothing it read has changed; on a
/// conflict it runs the closure again (with backoff, up to ``Options/conflictRetries`` times),
/// then throws ``LeaseholdError/conflict``.
///
/// **Calls block the calling thread**, as FoundationDB's C client does: each read, page and
/// commit waits for its answer. The gRPC client runs on an event loop thread of the engine's
/// own, never on the caller's thread or Swift's cooperative pool, so a blocked caller — even one
/// on a cooperative thread — cannot deadlock it; every call gives up after
/// ``Options/timeout`` with ``LeaseholdError/unavailable(_:)``. From async code, prefer calling
/// the engine off the cooperative pool (a thread of your own) so waiting does not hold a pool
/// thread.
///
/// When a member fails, calls go on through the others; when too few members are up for a
/// quorum, calls throw ``LeaseholdError/unavailable(_:)`` within the timeout and nothing of a
/// failed write is applied. A commit whose answer was lost after it was sent throws
/// ``LeaseholdError/commitUnknown(_:)``: it was applied entirely or not at all.
public final class EtcdEngine: Engine {
    /// How the engine was opened.
    public let options: Options
    /// Point reads are pinned, scans lend per page (or per transaction), writes read their own
    /// writes; isolation `.snapshot` (see ``EtcdReadSet`` for exactly what a commit checks).
    public let capabilities: Capabilities
    /// Totals of the lease machinery for this engine.
    public let statistics = LeaseStatistics()
    let connection: EtcdConnection

    struct State {
        var closed = false
        var openTransactions = 0
    }
    private let state = Locked(State())
    /// Serialises this engine's writers (a `write` inside a `write` throws
    /// ``LeaseholdError/nestedWrite``); writers of other engines and processes meet in the
    /// commit's compares.
    let writer = WriterLock()
    let conflicts = Atomic<Int>(0)
    let resent = Atomic<Int>(0)

    /// How many commits were sent again after an attempt whose outcome was lost (a member or
    /// the leader failing mid-call), and then found applied or applied then.
    public var commitsResent: Int { resent.load(ordering: .relaxed) }

    /// The newest store revision any response has shown this engine (0: none yet).
    private let latestRevision = Atomic<Int64>(0)

    /// How many times a write transaction on this engine ran again after a conflict (a commit
    /// whose compares failed, or a snapshot compacted away), since the engine opened.
    public var conflictsRetried: Int { conflicts.load(ordering: .relaxed) }

    /// Room in a request for everything but the keys and values (protobuf framing, the raft
    /// envelope etcd wraps a request in).
    static let requestOverhead = 1024

    /// Connects to the cluster at `options.endpoints`. Makes no call until the first
    /// transaction: an unreachable cluster shows up then, as ``LeaseholdError/unavailable(_:)``.
    public init(options: Options) throws {
        try options.validate()
        self.options = options
        capabilities = Capabilities(
            engine: "etcd", pointReads: .pinned, scans: options.scanLease, writeReads: options.scanLease,
            snapshots: true, persistent: true, readYourWrites: true, isolation: .snapshot,
            maxKeySize: options.maxKeySize, maxValueSize: options.maxValueSize,
            maxTransactionWrites: options.maxTxnOps, maxTransactionBytes: options.maxTransactionBytes)
        connection = try EtcdConnection(endpoints: options.endpoints, eventLoopThreads: options.eventLoopThreads)
    }

    /// Connects to the members listed in `endpoints` (`"host:port,host:port"`, IPv6 hosts in
    /// brackets) with default options.
    public convenience init(endpoints: String) throws {
        try self.init(options: Options(endpoints: try Endpoint.list(endpoints)))
    }

    /// Runs `body` in a read transaction at one revision of the cluster.
    ///
    /// - warning: Scanned records are borrowed from a response page until the cursor fetches
    ///   the next one (see ``Options/scanLease``); point reads keep their response alive. Do not
    ///   let `txn` escape.
    public func read<R>(_ body: (EtcdReadTransaction) throws -> R) throws -> R {
        try begin()
        defer { finish() }
        let txn = EtcdReadTransaction(engine: self, tracking: false)
        defer { txn.end() }
        return try body(txn)
    }

    /// Closes the connections. Later calls throw ``LeaseholdError/storeClosed``; closing twice
    /// is harmless; throws ``LeaseholdError/busy(_:)`` while a transaction runs.
    public func close() throws {
        try state.withLock { s in
            if s.openTransactions > 0 { throw LeaseholdError.busy("\(s.openTransactions) transaction(s) still open") }
            s.closed = true
        }
        connection.shutdown()
    }

    func begin() throws {
        try state.withLock { s in
            if s.closed { throw LeaseholdError.storeClosed }
            s.openTransactions += 1
        }
    }

    func finish() { state.withLock { $0.openTransactions -= 1 } }

    // MARK: Calls

    /// Remembers `revision` if it is the newest seen.
    func noteRevision(_ revision: Int64) {
        var seen = latestRevision.load(ordering: .relaxed)
        while revision > seen {
            let (exchanged, current) = latestRevision.compareExchange(expected: seen, desired: revision, ordering: .relaxed)
            if exchanged { return }
            seen = current
        }
    }

    /// A revision of the store no newer than now: the newest one seen, or the current one
    /// (asked for, once) when none has been seen yet.
    func knownRevision() throws -> Int64 {
        let seen = latestRevision.load(ordering: .relaxed)
        if seen > 0 { return seen }
        var request = Etcdserverpb_RangeRequest()
        request.key = Data([0])
        request.countOnly = true
        return try range(request, pinned: false).revision
    }

    /// One range request; `pinned` reads at a fixed revision may be served by any member.
    func range(_ request: Etcdserverpb_RangeRequest, pinned: Bool) throws -> RangePage {
        var request = request
        request.serializable = pinned
        // A member without a leader refuses a read at once instead of waiting for one, unless
        // the revision is fixed: its own copy of that revision is as good as the leader's.
        let metadata: Metadata = pinned ? [:] : ["hasleader": "true"]
        let options = self.callOptions
        let page = try call("range") { [request] client in
            try await client.unary(
                request: ClientRequest(message: request, metadata: metadata),
                descriptor: Etcdserverpb_KV.Method.Range.descriptor,
                serializer: ProtobufSerializer<Etcdserverpb_RangeRequest>(),
                deserializer: RangePageDeserializer(),
                options: options
            ) { try $0.message }
        }
        noteRevision(page.revision)
        return page
    }

    /// The options of every call: wait for a connection (the engine's own deadline bounds the
    /// wait), and accept responses of any size etcd sends.
    var callOptions: CallOptions {
        var o = CallOptions.defaults
        o.waitForReady = true
        o.maxResponseMessageBytes = Int(Int32.max)
        o.maxRequestMessageBytes = options.maxRequestBytes + Self.requestOverhead
        return o
    }

    /// Runs one call that may be sent again whatever happened to an earlier attempt (a read).
    func call<Value: Sendable>(
        _ what: String, _ operation: @escaping @Sendable (EtcdConnection.Client) async throws -> Value
    ) throws -> Value {
        var ambiguous = false
        return try call(what, resendAmbiguous: true, ambiguous: &ambiguous, operation)
    }

    /// Runs one call, retrying it (on any member) until ``Options/timeout`` while it fails
    /// without effect; then throws ``LeaseholdError/unavailable(_:)``.
    ///
    /// An attempt whose outcome is unknown (the connection or the leader lost after it was sent,
    /// or no answer in time) sets `ambiguous`; it is sent again only if `resendAmbiguous` (a
    /// read, or a commit whose compares make a second application impossible), else this throws
    /// ``LeaseholdError/commitUnknown(_:)``.
    func call<Value: Sendable>(
        _ what: String, resendAmbiguous: Bool, ambiguous: inout Bool,
        _ operation: @escaping @Sendable (EtcdConnection.Client) async throws -> Value
    ) throws -> Value {
        let deadline = ContinuousClock.now + options.timeout
        let attempt = resendAmbiguous ? max(options.timeout / 3, .milliseconds(500)) : options.timeout
        var pause = Duration.milliseconds(10)
        var last = "no answer"
        while true {
            var unknown: String?
            switch connection.run(until: min(deadline, .now + attempt), operation) {
            case .success(let value)?:
                return value
            case .failure(let error)?:
                let failure = EtcdFailure(error, quota: options.quotaBackendBytes)
                switch failure {
                case .transient(let message): last = message
                case .ambiguous(let message): unknown = message
                case .compacted, .futureRevision: throw failure
                case .permanent(let error): throw error
                }
            case nil:
                unknown = "no answer within \(attempt)"
            }
            if let unknown {
                ambiguous = true
                last = unknown
                if !resendAmbiguous { throw LeaseholdError.commitUnknown("etcd \(what): \(unknown)") }
            }
            if .now + pause >= deadline {
                throw LeaseholdError.unavailable("etcd \(what) failed for \(options.timeout): \(last)")
            }
            Thread.sleep(forTimeInterval: Double(pause.components.attoseconds) / 1e18 + Double(pause.components.seconds))
            pause = min(pause * 2, .milliseconds(250))
        }
    }
}
#endif
