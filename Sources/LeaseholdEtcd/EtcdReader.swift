#if Etcd
import Foundation
@_spi(Adapter) import LeaseholdCore
import LeaseholdEtcdProtocol

/// The read primitives of an etcd transaction (the adapter tier: applications hold an
/// ``EtcdReadTransaction`` around it): every read sees one revision of the cluster.
///
/// The first request reads the newest data (linearizably, through the leader's read index) and
/// its response's revision pins the transaction: every later request asks for that revision, so
/// the transaction is a snapshot across the whole cluster. Later requests are served by any
/// member from its own copy (a revision's data never changes), and go back to a linearizable
/// read on a member that has not applied the revision yet.
///
/// Point reads return values that keep their response alive until dropped
/// (``Bytes/Residence/pinned``): zero-copy, never copied. Calls block the calling thread (see
/// ``EtcdEngine``).
/// - warning: Scanned keys and values are borrowed from a response page until the cursor fetches
///   its next page (with `scanLease: .transaction`: until the transaction ends, which keeps
///   every page until then).
public final class EtcdReader: StoreReader {
    let store: EtcdStore
    /// The revision every read sees; 0 until the first response sets it.
    private(set) var revision: Int64 = 0
    /// What this transaction read, for the conflict checks of a write (nil in a plain read).
    let reads: EtcdReadSet?
    /// Pages kept alive until the transaction ends (`scanLease: .transaction`).
    private var kept: [RangePage] = []

    init(store: EtcdStore, tracking: Bool) {
        self.store = store
        reads = tracking ? EtcdReadSet() : nil
    }

    /// Ends the transaction: lets go of the kept pages (what was lent from them has copied
    /// itself by now).
    func end() { kept.removeAll() }

    /// The value under `key`, pinned: it keeps its response alive until it is dropped.
    public func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? {
        let page = try point(key)
        return page.entries.isEmpty ? nil : page.pinnedValue(0)
    }

    /// Calls `body` with the value under `key` (or `nil`), in its response.
    ///
    /// - warning: The buffer is valid only inside `body`.
    public func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        let page = try point(key)
        return try withExtendedLifetime(page) { try body(page.entries.isEmpty ? nil : page.value(0)) }
    }

    /// A cursor over pages of range requests at the transaction's revision.
    public func makeCursor() -> EtcdCursor { EtcdCursor(reader: self) }

    private func point(_ key: UnsafeRawBufferPointer) throws -> RangePage {
        let page = try fetch(from: Data(key), to: nil, limit: 1, descending: false)
        reads?.notePoint(Array(key), modRevision: page.entries.first?.modRevision ?? 0)
        return page
    }

    /// Reads up to `limit` records of `[from, to)` at the transaction's revision (`to == nil`:
    /// the key `from` alone; an empty `to`: every key from `from` on), ascending or descending.
    /// With `scanLease: .transaction` a range's page is kept until the transaction ends.
    func fetch(from: Data, to: [UInt8]?, limit: Int, descending: Bool) throws -> RangePage {
        var request = Etcdserverpb_RangeRequest()
        request.key = from
        if let to { request.rangeEnd = to.isEmpty ? Data([0]) : Data(to) }
        request.limit = Int64(limit)
        if descending {
            request.sortOrder = .descend
            request.sortTarget = .key
        }
        request.revision = revision
        let page: RangePage
        do {
            page = try store.range(request, pinned: revision != 0)
        } catch EtcdFailure.futureRevision {
            page = try store.range(request, pinned: false)
        } catch EtcdFailure.compacted(let message) {
            if let reads {
                // A write transaction whose snapshot is gone: the retry hook runs it again.
                reads.invalidated = true
                throw LeaseholdError.conflict
            }
            throw LeaseholdError.engineFailure(
                engine: "etcd", code: 11, message: "revision \(revision) of this read transaction was compacted: \(message)")
        }
        if revision == 0 { revision = page.revision }
        if store.options.scanLease == .transaction && to != nil { kept.append(page) }
        return page
    }
}
#endif
