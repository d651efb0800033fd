extension Lease {
    /// Expires the lease if any sink is registered on it: inlined, so when none is — the usual
    /// case for a step lease, whose scanners release the values nobody kept before each move — it
    /// costs one load and a branch instead of a call.
    ///
    /// What an adapter calls inside every move of a cursor that lends per step.
    @inlinable @inline(__always)
    public func expireIfOccupied() {
        if _liveSinks != 0 { expire() }
    }
}
