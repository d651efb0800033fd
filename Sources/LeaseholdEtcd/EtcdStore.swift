#if Etcd
import Foundation
import GRPCCore
import GRPCProtobuf
@_spi(Adapter) import LeaseholdCore
import LeaseholdEtcdProtocol
import Synchronization

/// The etcd cluster as the core's ``StoreGate`` drives it: a read is an ``EtcdReader`` at one
/// revision, a write an ``OverlayWriter`` over a tracking reader, committed as one `Txn`
/// (``commit(_:)``) and run again on a conflict (``shouldRetry(_:after:during:attempt:)``).
final class EtcdStore: StoreAdapter {
    let options: EtcdEngine.Options
    let capabilities: Capabilities
    let connection: EtcdConnection
    /// Writes run again after a conflict; commits resent after a lost answer.
    let conflicts = Atomic<Int>(0)
    let resent = Atomic<Int>(0)
    /// The newest store revision any response has shown (0: none yet).
    private let latestRevision = Atomic<Int64>(0)

    init(options: EtcdEngine.Options) throws {
        self.options = options
        capabilities = Capabilities(
            engine: "etcd", pointReads: .pinned, scans: options.scanLease, writeReads: options.scanLease,
            snapshots: true, persistent: true, readYourWrites: true, isolation: .snapshot,
            maxKeySize: options.maxKeySize, maxValueSize: options.maxValueSize,
            maxTransactionWrites: options.maxTxnOps, maxTransactionBytes: options.maxTransactionBytes,
            changeFeed: .allClients)
        connection = try EtcdConnection(endpoints: options.endpoints, eventLoopThreads: options.eventLoopThreads)
    }

    func beginRead(_ lender: Lender) -> EtcdReader { EtcdReader(store: self, tracking: false) }

    func endRead(_ reader: EtcdReader) { reader.end() }

    func beginWrite(_ lender: Lender) throws -> OverlayWriter<EtcdReader> {
        if options.readOnly { throw LeaseholdError.readOnly }
        return OverlayWriter(base: EtcdReader(store: self, tracking: true), lender: lender)
    }

    /// Sends the overlay as one `Txn` whose compares check the reads at the snapshot revision;
    /// throws ``LeaseholdError/conflict`` when a compare fails.
    func commit(_ writer: OverlayWriter<EtcdReader>) throws {
        let snapshot = writer.base
        defer { snapshot.end() }
        var commit = EtcdCommit()
        try writer.overlay.apply(to: &commit)
        if commit.isEmpty { return }
        // A transaction that read nothing is checked against the newest revision seen, so its
        // puts, too, can be sent again safely when an answer is lost.
        let revision = snapshot.revision > 0 ? snapshot.revision : try knownRevision()
        let request = try commit.request(reads: snapshot.reads, revision: revision, options: options)
        guard try send(commit: request) else { throw LeaseholdError.conflict }
    }

    func abort(_ writer: OverlayWriter<EtcdReader>) { writer.base.end() }

    /// A conflict — a failed compare at commit, or a snapshot compacted away while the closure
    /// read — runs the write again after a randomised backoff (5 ms doubling to 250 ms), up to
    /// ``EtcdEngine/Options/conflictRetries`` times.
    func shouldRetry(_ writer: OverlayWriter<EtcdReader>, after error: any Error, during stage: WriteStage, attempt: Int) -> Bool {
        guard case LeaseholdError.conflict = error, attempt < options.conflictRetries,
              stage == .commit || writer.base.reads?.invalidated == true
        else { return false }
        conflicts.add(1, ordering: .relaxed)
        let pause = min(0.005 * Double(1 << min(attempt, 6)), 0.25)
        Thread.sleep(forTimeInterval: pause * Double.random(in: 0.5 ... 1.5))
        return true
    }

    func close() { connection.shutdown() }

    // MARK: Calls

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

    /// Remembers `revision` if it is the newest seen.
    func noteRevision(_ revision: Int64) { latestRevision.max(revision, ordering: .relaxed) }

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
        o.maxRequestMessageBytes = options.maxRequestBytes + EtcdEngine.requestOverhead
        return o
    }

    /// Runs one call that may be sent again whatever happened to an earlier attempt (a read).
    func call<Value: Sendable>(
        _ what: String, _ operation: @escaping @Sendable (EtcdConnection.Client) async throws -> Value
    ) throws -> Value {
        var ambiguous = false
        return try call(what, resendAmbiguous: true, ambiguous: &ambiguous, operation)
    }

    /// Runs one call, retrying it (on any member) until ``EtcdEngine/Options/timeout`` while it
    /// fails without effect; then throws ``LeaseholdError/unavailable(_:)``.
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
