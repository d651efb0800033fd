#if Etcd
import Foundation
import LeaseholdCore

/// What a write transaction read from its snapshot, for the compares of its commit.
///
/// A point read records the key with the modification revision it saw (0 for a missing key):
/// the commit checks each such key exactly, so a change, a creation or a deletion by another
/// writer is a conflict. A scan records the key interval that each page it fetched covered; the
/// commit checks that no key in those intervals was modified after the snapshot, which catches
/// changed and newly created keys (phantoms) — but etcd's compares cannot see a key *deleted*
/// from an interval (a deleted key is simply absent), so that case is caught only for keys that
/// were also read by a point read. (``EtcdCommit`` adds the same check for every key put, so two
/// transactions writing one key conflict: the first to commit wins.)
final class EtcdReadSet {
    /// Keys read by point reads, with the modification revision seen (0: absent).
    private(set) var points: [[UInt8]: Int64] = [:]
    /// The intervals covered by scans.
    private(set) var intervals: [KeyInterval] = []
    /// Set when the snapshot can no longer be read (compacted): the write must run again.
    var invalidated = false

    /// A point read of `key` that saw it modified at `modRevision` (0: absent); the first one counts.
    func notePoint(_ key: [UInt8], modRevision: Int64) {
        if points[key] == nil { points[key] = modRevision }
    }

    /// An ascending page from `key`: it saw every key up to its last one, or to the end.
    func noteAscending(from key: [UInt8], page: RangePage) {
        intervals.append(KeyInterval(key, page.lastKeyIfMore.map { $0 + [0] }))
    }

    /// A descending page below `key` (empty: from the end): it saw every key down to its last
    /// one, or to the start.
    func noteDescending(below key: [UInt8], page: RangePage) {
        intervals.append(KeyInterval(page.lastKeyIfMore ?? KeyInterval.lowest, key.isEmpty ? nil : key))
    }

    /// The scanned intervals, and the one-key intervals of `keys`, sorted and merged where they
    /// touch or overlap.
    func mergedIntervals(adding keys: [[UInt8]] = []) -> [KeyInterval] {
        let sorted = (intervals + keys.map { KeyInterval($0, $0 + [0]) }).sorted { $0.lower.lexicographicallyPrecedes($1.lower) }
        var merged: [KeyInterval] = []
        for interval in sorted {
            if let last = merged.last, last.upper.map({ !$0.lexicographicallyPrecedes(interval.lower) }) ?? true {
                merged[merged.count - 1].upper = KeyInterval.higher(last.upper, interval.upper)
            } else {
                merged.append(interval)
            }
        }
        return merged
    }
}

/// A half-open interval of keys `[lower, upper)` in memcmp order; `upper == nil`: to the end of
/// the keyspace (etcd's range end 00).
struct KeyInterval {
    /// The smallest key etcd stores (every key is at least one byte long).
    static let lowest: [UInt8] = [0]

    var lower: [UInt8]
    var upper: [UInt8]?

    init(_ lower: [UInt8], _ upper: [UInt8]?) {
        self.lower = lower
        self.upper = upper
    }

    /// Whether `key` lies in the interval.
    func contains(_ key: [UInt8]) -> Bool { !key.lexicographicallyPrecedes(lower) && !isBelow(key) }

    /// Whether every key of the interval sorts below `key`.
    func isBelow(_ key: [UInt8]) -> Bool { upper.map { !key.lexicographicallyPrecedes($0) } ?? false }

    /// Whether no key lies in the interval.
    var isEmpty: Bool { isBelow(lower) }

    /// etcd's `range_end` for the interval.
    var rangeEnd: Data { Data(upper ?? Self.lowest) }

    /// The higher of two upper ends (`nil`, the end of the keyspace, is the highest).
    static func higher(_ a: [UInt8]?, _ b: [UInt8]?) -> [UInt8]? {
        guard let a, let b else { return nil }
        return a.lexicographicallyPrecedes(b) ? b : a
    }
}
#endif
