#if Etcd
import Foundation
import GRPCCore
import GRPCProtobuf
@_spi(Adapter) import LeaseholdCore
import LeaseholdEtcdProtocol

extension EtcdEngine {
    /// A feed of every client's commits that touch `range`, from etcd's `Watch`: one ``Commit``
    /// per store revision, numbered by the revision, with that revision's changes in `range`.
    ///
    /// Unlike the local engines' feeds, it sees **every client's writes** — other engines, other
    /// processes, `etcdctl` — because etcd streams its own history. With `after: r` it replays
    /// the revisions after `r` that etcd still holds, then goes on live; a revision compacted away
    /// throws ``LeaseholdError/historyUnavailable(after:oldest:)`` naming the oldest resume point.
    /// An `after` newer than the cluster's revision waits for that revision to come.
    ///
    /// Returns once etcd has created the watch (one round trip, blocking the calling thread up to
    /// ``Options/timeout``; ``LeaseholdError/unavailable(_:)`` after it), so every commit made
    /// after this returns is delivered. The watch runs on the engine's event loop over a
    /// connection of its own, which the engine's client rotation never cuts; when a member or
    /// connection fails it resumes after the last revision delivered (nothing lost or repeated).
    /// While no member can be reached it waits for one, as etcd's own client does; the feed
    /// throws ``LeaseholdError/unavailable(_:)`` only when streams keep failing at once for
    /// ``Options/timeout``. Closing the engine ends the feed; so does cancelling the
    /// consumer's task or ``ChangeFeed/cancel()``. Changes a consumer has not taken yet are held
    /// in memory (up to ``ChangeFeedLimits/bufferedCommits``; beyond that the feed throws
    /// ``LeaseholdError/feedFellBehind(lastReceived:)``).
    public func changes(in range: KeyRange, after: CommitSequence?) throws -> ChangeFeed {
        try gate.withOpenStore { store in try store.changes(in: range, after: after) }
    }

    /// Discards the cluster's history of revisions before `sequence` (etcd's `Compact`): reads
    /// and feeds can no longer go back before it, and etcd frees the space the old values held.
    ///
    /// Afterwards ``changes(in:after:)`` can resume after `sequence - 1` at the earliest; an older
    /// `after` throws ``LeaseholdError/historyUnavailable(after:oldest:)``. History discarded
    /// already is no error. A `sequence` beyond the cluster's revision throws
    /// ``LeaseholdError/invalidArgument(_:)``. It affects every client of the cluster.
    public func discardHistory(before sequence: CommitSequence) throws {
        try gate.withOpenStore { store in
            guard sequence.rawValue < UInt64(Int64.max) else {
                throw LeaseholdError.invalidArgument("etcd revision \(sequence) is out of range")
            }
            var request = Etcdserverpb_CompactionRequest()
            request.revision = Int64(sequence.rawValue)
            request.physical = true
            let options = store.callOptions
            do {
                _ = try store.call("compact") { [request] client in
                    try await client.unary(
                        request: ClientRequest(message: request),
                        descriptor: Etcdserverpb_KV.Method.Compact.descriptor,
                        serializer: ProtobufSerializer<Etcdserverpb_CompactionRequest>(),
                        deserializer: ProtobufDeserializer<Etcdserverpb_CompactionResponse>(),
                        options: options
                    ) { try $0.message.header.revision }
                }
            } catch EtcdFailure.compacted {
                return  // discarded already
            } catch EtcdFailure.futureRevision(let message) {
                throw LeaseholdError.invalidArgument("etcd cannot discard history before revision \(sequence): \(message)")
            }
        }
    }
}

extension EtcdStore {
    /// Whether `revision` has been compacted away (a revision the cluster has not reached yet
    /// has not).
    private func isCompacted(_ revision: Int64) throws -> Bool {
        var request = Etcdserverpb_RangeRequest()
        request.key = Data([0])
        request.countOnly = true
        request.revision = revision
        do {
            _ = try range(request, pinned: false)
            return false
        } catch EtcdFailure.compacted {
            return true
        } catch EtcdFailure.futureRevision {
            return false
        }
    }

    /// A watch-fed change feed of `range` after `after` (see ``EtcdEngine/changes(in:after:)``).
    func changes(in range: KeyRange, after: CommitSequence?) throws -> ChangeFeed {
        let start: Int64
        var compacted = false
        if let after {
            guard after.rawValue < UInt64(Int64.max) else {
                throw LeaseholdError.invalidArgument("etcd revision \(after) is out of range")
            }
            start = Int64(after.rawValue) + 1
            compacted = try isCompacted(start)
        } else {
            start = 0
        }
        // The watch and the feed's cancel hook point at each other; the box is emptied when the
        // watch ends, which breaks the cycle.
        let box = Locked<EtcdWatch?>(nil)
        let source = ChangeFeedSource(range: range) { box.withLock { $0 }?.cancel() }
        let feed = source.feed
        let watch = EtcdWatch(
            connection: connection, options: options, range: range, from: start,
            sink: .init(
                deliver: { commit in source.deliver(commit) },
                finish: { error in
                    box.withLock { $0 = nil }
                    if let error { source.fail(error) } else { source.finish() }
                }))
        box.withLock { $0 = watch }
        watch.begin()
        switch watch.ready.wait(until: .now + options.timeout) {
        case .success(let revision)?:
            noteRevision(revision)
            if compacted {
                // etcd creates the watch, then cancels it naming the oldest revision it holds:
                // the feed throws historyUnavailable with it.
                defer { feed.cancel() }
                _ = try feed.next(timeout: options.timeout)
                throw LeaseholdError.unavailable("etcd watch from compacted revision \(start) did not end")
            }
            return feed
        case .failure(let error)?:
            watch.stop()
            throw error
        case nil:
            watch.stop()
            throw LeaseholdError.unavailable("etcd watch not created within \(options.timeout)")
        }
    }
}
#endif
