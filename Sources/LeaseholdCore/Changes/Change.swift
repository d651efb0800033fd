/// One key's change in a commit: its new value, or `nil` when the commit deleted it.
public struct Change: Sendable, Hashable, CustomStringConvertible {
    /// The key that changed.
    public let key: OwnedBytes
    /// The value the commit stored, or `nil` when it deleted the key.
    public let value: OwnedBytes?

    /// A change of `key` to `value` (`nil`: deleted).
    public init(key: OwnedBytes, value: OwnedBytes?) {
        self.key = key
        self.value = value
    }

    /// `put key = value` or `delete key`.
    public var description: String {
        if let value { return "put \(key) = \(value)" }
        return "delete \(key)"
    }
}

/// A committed write transaction as a change feed delivers it: its sequence number and its
/// changes in the feed's range, in the order the transaction made them.
///
/// A key changed twice in one transaction appears twice. A delete appears only when it removed
/// something; a range delete appears as one deletion per key it removed.
public struct Commit: Sendable, Hashable {
    /// The commit's number: pass it as `after:` to resume a feed after this commit.
    public let sequence: CommitSequence
    /// The changes of the commit in the feed's range (never empty).
    public let changes: [Change]

    /// A commit numbered `sequence` with `changes`.
    public init(sequence: CommitSequence, changes: [Change]) {
        self.sequence = sequence
        self.changes = changes
    }
}
