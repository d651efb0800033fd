extension Engine {
    /// Throws ``LeaseholdError/unsupported(_:)``: what an engine without a change feed does
    /// (``Capabilities/changeFeed`` is ``ChangeFeedScope/none``).
    public func changes(in range: KeyRange, after: CommitSequence?) throws -> ChangeFeed {
        throw LeaseholdError.unsupported("the \(capabilities.engine) engine has no change feed")
    }

    /// A feed of every commit from now on. See ``changes(in:after:)``.
    public func changes() throws -> ChangeFeed { try changes(in: .all, after: nil) }

    /// A feed of the commits touching `range`, from now on. See ``changes(in:after:)``.
    public func changes(in range: KeyRange) throws -> ChangeFeed { try changes(in: range, after: nil) }

    /// A feed of every commit after `after`. See ``changes(in:after:)``.
    public func changes(after: CommitSequence?) throws -> ChangeFeed { try changes(in: .all, after: after) }
}
