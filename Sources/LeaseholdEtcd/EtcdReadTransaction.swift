#if Etcd
import Foundation
import Leasehold
import LeaseholdEtcdProtocol

/// A read transaction of the ``EtcdEngine``: every read sees one revision of the cluster.
///
/// The first request reads the newest data (linearizably, through the leader's read index) and
/// its response's revision pins the transaction: every later request asks for that revision, so
/// the transaction is a snapshot across the whole cluster. Later requests are served by any
/// member from its own copy (a revision's data never changes), and go back to a linearizable
/// read on a member that has not applied the revision yet.
///
/// Point reads return values that keep their response alive until dropped
/// (``Bytes/Residence/pinned``): zero-copy, never copied. Scans lend under the lease that
/// ``EtcdEngine/Options/scanLease`` chooses. Calls block the calling thread (see ``EtcdEngine``).
/// - warning: Scanned keys and values are borrowed from a response page until the cursor fetches
///   its next page (or, with `scanLease: .transaction`, until the transaction ends); they copy
///   themselves then if you keep them.
public final class EtcdReadTransaction: ReadTransaction {
    let engine: EtcdEngine
    /// The revision every read sees; 0 until the first response sets it.
    public private(set) var revision: Int64 = 0
    private(set) var active = true
    /// The lease of pages kept for the whole transaction (`scanLease: .transaction`).
    let lease: Lease
    /// Pages kept alive until the transaction ends (`scanLease: .transaction`).
    private var kept: [RangePage] = []
    /// What this transaction read, for the conflict checks of a write (nil in a plain read).
    let reads: EtcdReadSet?

    init(engine: EtcdEngine, tracking: Bool) {
        self.engine = engine
        lease = Lease(statistics: engine.statistics)
        reads = tracking ? EtcdReadSet() : nil
    }

    public var capabilities: Capabilities { engine.capabilities }

    /// Ends the transaction: kept pages' values copy themselves, then the pages are released.
    func end() {
        guard active else { return }
        active = false
        lease.end()
        kept.removeAll()
    }

    func checkActive() throws {
        guard active else { throw LeaseholdError.transactionEnded }
    }

    /// The value under `key`, keeping its response alive until the value is dropped.
    public func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? {
        let page = try point(key)
        return page.entries.isEmpty ? nil : page.pinnedValue(0)
    }

    public func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        let page = try point(key)
        return try withExtendedLifetime(page) { try body(page.entries.isEmpty ? nil : page.value(0)) }
    }

    public func makeCursor() throws -> EtcdCursor {
        try checkActive()
        return EtcdCursor(transaction: self)
    }

    private func point(_ key: UnsafeRawBufferPointer) throws -> RangePage {
        let page = try fetch(from: key, to: nil, limit: 1, descending: false)
        reads?.notePoint(key, modRevision: page.entries.first?.modRevision ?? 0)
        return page
    }

    /// Reads up to `limit` records of `[from, to)` at the transaction's revision (`to == nil`:
    /// the key `from` alone; an empty `to`: every key from `from` on), ascending or descending.
    func fetch(from: UnsafeRawBufferPointer, to: [UInt8]?, limit: Int, descending: Bool) throws -> RangePage {
        try checkActive()
        var request = Etcdserverpb_RangeRequest()
        request.key = Data(from)
        if let to { request.rangeEnd = to.isEmpty ? Data([0]) : Data(to) }
        request.limit = Int64(limit)
        if descending {
            request.sortOrder = .descend
            request.sortTarget = .key
        }
        request.revision = revision
        let page: RangePage
        do {
            page = try engine.range(request, pinned: revision != 0)
        } catch EtcdFailure.futureRevision {
            page = try engine.range(request, pinned: false)
        } catch EtcdFailure.compacted(let message) {
            if reads != nil {
                // A write transaction whose snapshot is gone: run it again on a new one.
                reads?.invalidated = true
                throw LeaseholdError.conflict
            }
            throw LeaseholdError.engineFailure(
                engine: "etcd", code: 11, message: "revision \(revision) of this read transaction was compacted: \(message)")
        }
        if revision == 0 { revision = page.revision }
        if engine.options.scanLease == .transaction && to != nil { kept.append(page) }
        return page
    }
}
#endif
