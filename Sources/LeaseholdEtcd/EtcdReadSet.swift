#if Etcd
import Leasehold

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
    /// Half-open intervals `[lower, upper)` covered by scans; an empty upper means "to the end".
    private(set) var intervals: [(lower: [UInt8], upper: [UInt8])] = []
    /// Set when the snapshot can no longer be read (compacted): the write must run again.
    var invalidated = false

    var isEmpty: Bool { points.isEmpty && intervals.isEmpty }

    func notePoint(_ key: UnsafeRawBufferPointer, modRevision: Int64) {
        let key = Array(key)
        if points[key] == nil { points[key] = modRevision }
    }

    /// An ascending page from `key`: it saw every key up to its last one, or to the end.
    func noteAscending(from key: UnsafeRawBufferPointer, page: RangePage) {
        let upper: [UInt8]
        if page.more, let last = page.entries.indices.last {
            upper = Array(page.key(last)) + [0]
        } else {
            upper = []
        }
        intervals.append((Array(key), upper))
    }

    /// A descending page below `key` (empty: from the end): it saw every key down to its last
    /// one, or to the start.
    func noteDescending(below key: [UInt8], page: RangePage) {
        let lower: [UInt8]
        if page.more, let last = page.entries.indices.last {
            lower = Array(page.key(last))
        } else {
            lower = [0]
        }
        intervals.append((lower, key))
    }

    /// The scanned intervals, and the one-key intervals of `keys`, sorted and merged where they
    /// touch or overlap.
    func mergedIntervals(adding keys: [[UInt8]] = []) -> [(lower: [UInt8], upper: [UInt8])] {
        let sorted = (intervals + keys.map { ($0, $0 + [0]) }).sorted { compareKeys($0.lower, $1.lower) < 0 }
        var merged: [(lower: [UInt8], upper: [UInt8])] = []
        for interval in sorted {
            if let last = merged.last, last.upper.isEmpty || compareKeys(interval.lower, last.upper) <= 0 {
                if !last.upper.isEmpty && (interval.upper.isEmpty || compareKeys(interval.upper, last.upper) > 0) {
                    merged[merged.count - 1].upper = interval.upper
                }
            } else {
                merged.append(interval)
            }
        }
        return merged
    }
}

/// memcmp order of two keys held in arrays.
func compareKeys(_ a: [UInt8], _ b: [UInt8]) -> Int {
    a.withUnsafeBytes { a in b.withUnsafeBytes { b in Bytes.compare(a, b) } }
}
#endif
