extension MemoryEngine {
    /// A feed of the commits made through this open store in this process that touch `range`,
    /// after commit `after` (`nil`: from now on). Another process's writes are not seen. See
    /// ChangeFeed.
    public func changes(in range: KeyRange, after: CommitSequence?) throws -> ChangeFeed {
        try gate.changes(in: range, after: after)
    }
}
