#if Etcd
import Foundation
import Leasehold
import Synchronization

extension EtcdEngine {
    /// Runs `body` in a write transaction and commits it as one etcd `Txn`; applies nothing when
    /// `body` throws.
    ///
    /// Writes go to the core's ``WriteOverlay`` and reads see them over a snapshot of the
    /// cluster (``OverlayWriteTransaction`` over an ``EtcdReadTransaction``). The commit checks
    /// that every key read by a point read is unchanged (created, modified or deleted: each is a
    /// conflict), that no key in a scanned range was created or modified since the snapshot,
    /// and that no key it puts was modified since then (of two writers of one key, the first to
    /// commit wins); then it applies every put and delete atomically. A transaction that read
    /// nothing is checked against the newest revision the engine has seen. On a conflict **`body` runs again** on a
    /// new snapshot, after a short randomised backoff, up to ``Options/conflictRetries`` times;
    /// then this throws ``LeaseholdError/conflict``. Keep effects outside the store idempotent.
    ///
    /// Not detected: a key deleted by another writer from a range this transaction scanned but
    /// did not read by key (etcd's compares cannot see deleted keys in a range).
    ///
    /// Writers of this engine (and of its namespaces) are serialised by its ``WriterLock``, as in
    /// every engine: a `write` inside `body` throws ``LeaseholdError/nestedWrite`` and runs
    /// nothing. Writers on other engines or processes over the same cluster run at once, and the
    /// commit's compares decide between them.
    /// - warning: Values read in `body` are borrowed until the transaction ends (scanned records:
    ///   until the cursor fetches another page); do not let `txn` escape.
    public func write<R>(_ body: (OverlayWriteTransaction<EtcdReadTransaction>) throws -> R) throws -> R {
        try writer.withLock {
            try begin()
            defer { finish() }
            var retries = 0
            var pause = 0.005
            while true {
                let base = EtcdReadTransaction(engine: self, tracking: true)
                let txn = OverlayWriteTransaction(base: base, statistics: statistics)
                let result: R
                do {
                    result = try body(txn)
                } catch {
                    txn.end()
                    base.end()
                    guard case LeaseholdError.conflict = error, base.reads?.invalidated == true else { throw error }
                    retries += 1
                    if retries > options.conflictRetries { throw error }
                    conflicts.add(1, ordering: .relaxed)
                    Self.backoff(&pause)
                    continue
                }
                txn.end()
                var commit = EtcdCommit()
                txn.overlay.forEachChange { change in
                    switch change {
                    case .deleteRange(let range): commit.deleteRange(range)
                    case .put(let key, let value): commit.put(key: key, value: value)
                    case .delete(let key): commit.delete(key: key)
                    }
                }
                base.end()
                if commit.isEmpty { return result }
                // A transaction that read nothing is checked against the newest revision seen, so its
                // puts, too, can be sent again safely when an answer is lost.
                let revision = base.revision > 0 ? base.revision : try knownRevision()
                let request = try commit.request(reads: base.reads, revision: revision, options: options)
                if try send(commit: request) { return result }
                retries += 1
                if retries > options.conflictRetries { throw LeaseholdError.conflict }
                conflicts.add(1, ordering: .relaxed)
                Self.backoff(&pause)
            }
        }
    }

    /// Sleeps about `pause` seconds (randomised, so writers that collided spread out) and
    /// doubles it, up to a quarter of a second.
    private static func backoff(_ pause: inout Double) {
        Thread.sleep(forTimeInterval: pause * Double.random(in: 0.5 ... 1.5))
        pause = min(pause * 2, 0.25)
    }
}
#endif
