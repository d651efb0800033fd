/// The changes one write transaction made, recorded only while the store has a live change feed
/// (``WriteTransaction`` appends to it; the gate publishes it after the commit).
@usableFromInline
final class ChangeLog {
    /// The changes in the order the transaction made them, keys as stored (with any namespace
    /// prefix).
    var changes: [Change] = []

    init() {}

    /// Forgets the changes of a failed attempt before the next one.
    func reset() { changes.removeAll(keepingCapacity: true) }
}

/// Where a write transaction records its updates: the log, and the namespace prefix its keys
/// lack (a ``PrefixedEngine``'s transaction records stored keys).
@usableFromInline
struct ChangeRecorder {
    let log: ChangeLog
    let prefix: [UInt8]

    init(_ log: ChangeLog, prefix: [UInt8] = []) {
        self.log = log
        self.prefix = prefix
    }

    /// The recorder of a namespace under `more` inside this one.
    func prefixed(by more: [UInt8]) -> ChangeRecorder { ChangeRecorder(log, prefix: prefix + more) }

    /// Records that `key` now holds `value` (`nil`: deleted).
    func record(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer?) {
        log.changes.append(Change(key: OwnedBytes(prefix + Array(key)), value: value.map { OwnedBytes(Array($0)) }))
    }

    /// Records that `key` (without the prefix) was deleted.
    func recordDeletion(of key: [UInt8]) {
        log.changes.append(Change(key: OwnedBytes(prefix + key), value: nil))
    }
}
