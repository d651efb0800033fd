#if Etcd
@_spi(Adapter) import LeaseholdCore

/// A key-value store on an etcd cluster (v3 API over gRPC): the same API as the embedded
/// engines, over a replicated, Raft-consistent store.
///
/// Open one with ``init(options:)`` or ``init(endpoints:)``. A read transaction sees one
/// revision of the whole cluster (the first response's; see ``EtcdReader``). A write
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
    let gate: StoreGate<EtcdStore>

    /// Room in a request for everything but the keys and values (protobuf framing, the raft
    /// envelope etcd wraps a request in).
    static let requestOverhead = 1024

    /// Connects to the cluster at `options.endpoints`. Makes no call until the first
    /// transaction: an unreachable cluster shows up then, as ``LeaseholdError/unavailable(_:)``.
    public init(options: Options) throws {
        try options.validate()
        gate = StoreGate(try EtcdStore(options: options))
    }

    /// Connects to the members listed in `endpoints` (`"host:port,host:port"`, IPv6 hosts in
    /// brackets) with default options.
    public convenience init(endpoints: String) throws {
        try self.init(options: Options(endpoints: try Endpoint.list(endpoints)))
    }

    /// How the engine was opened.
    public var options: Options { gate.adapter.options }
    /// Point reads are pinned, scans lend per page (or per transaction), writes read their own
    /// writes; isolation `.snapshot` (see ``EtcdReadSet`` for exactly what a commit checks).
    public var capabilities: Capabilities { gate.capabilities }
    /// Totals of the lease machinery for this engine.
    public var statistics: LeaseStatistics { gate.statistics }

    /// How many commits were sent again after an attempt whose outcome was lost (a member or
    /// the leader failing mid-call), and then found applied or applied then.
    public var commitsResent: Int { gate.adapter.resent.load(ordering: .relaxed) }

    /// How many times a write transaction on this engine ran again after a conflict (a commit
    /// whose compares failed, or a snapshot compacted away), since the engine opened.
    public var conflictsRetried: Int { gate.adapter.conflicts.load(ordering: .relaxed) }

    /// Runs `body` in a read transaction at one revision of the cluster.
    ///
    /// - warning: Scanned records are borrowed from a response page until the cursor fetches
    ///   the next one (with ``Options/scanLease`` `.transaction`: until the transaction ends);
    ///   point reads are pinned (they keep their response alive until dropped). Do not let
    ///   `txn` escape.
    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func read<R>(_ body: (EtcdReadTransaction) throws -> R) throws -> R { try gate.read(body) }

    /// Runs `body` in a write transaction and commits it as one etcd `Txn`; applies nothing when
    /// `body` throws.
    ///
    /// Writes go to the core's ``WriteOverlay`` and reads see them over a snapshot of the
    /// cluster (an ``OverlayWriter`` over an ``EtcdReader``). The commit checks that every key
    /// read by a point read is unchanged (created, modified or deleted: each is a conflict),
    /// that no key in a scanned range was created or modified since the snapshot, and that no
    /// key it puts was modified since then (of two writers of one key, the first to commit
    /// wins); then it applies every put and delete atomically. A transaction that read nothing
    /// is checked against the newest revision the engine has seen. On a conflict **`body` runs
    /// again** on a new snapshot, after a short randomised backoff, up to
    /// ``Options/conflictRetries`` times; then this throws ``LeaseholdError/conflict``. Keep
    /// effects outside the store idempotent.
    ///
    /// Not detected: a key deleted by another writer from a range this transaction scanned but
    /// did not read by key (etcd's compares cannot see deleted keys in a range).
    ///
    /// Writers of this engine (and of its namespaces) are serialised, as in every engine: a
    /// `write` inside `body` throws ``LeaseholdError/nestedWrite`` and runs nothing. Writers on
    /// other engines or processes over the same cluster run at once, and the commit's compares
    /// decide between them.
    /// - warning: Values read in `body` are borrowed as in ``read(_:)`` (values the transaction
    ///   wrote itself: until it ends); do not let `txn` escape.
    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func write<R>(_ body: (EtcdWriteTransaction) throws -> R) throws -> R { try gate.write(body) }

    /// Closes the connections. Later calls throw ``LeaseholdError/storeClosed``; closing twice
    /// is harmless; throws ``LeaseholdError/busy(_:)`` while a transaction runs. Values kept from
    /// transactions stay valid.
    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func close() throws { try gate.close() }
}

/// A read transaction of an ``EtcdEngine``: one revision of the cluster. Scanned records are
/// borrowed until the cursor's next page (or the transaction's end); point reads are pinned.
public typealias EtcdReadTransaction = ReadTransaction<EtcdReader>
/// A write transaction of an ``EtcdEngine``: the core's overlay over a snapshot, committed as one
/// `Txn`. Reads are borrowed as in a read transaction; its own writes until it ends.
public typealias EtcdWriteTransaction = WriteTransaction<OverlayWriter<EtcdReader>>

extension ReadTransaction where Reader == EtcdReader {
    /// The revision every read of the transaction sees; 0 until its first response sets it.
    public var revision: Int64 { reader.revision }
}
#endif
