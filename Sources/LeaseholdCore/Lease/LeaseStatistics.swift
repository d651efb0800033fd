import Synchronization

/// Counts of what the lease machinery did: the figures that prove the zero-copy claims.
public struct LeaseCounters: Sendable, Hashable, CustomStringConvertible {
    /// Sinks registered on a lease (one per value lent into engine memory).
    public var sinksRegistered = 0
    /// Sinks copied at expiry, inline or into an arena.
    public var sinksCopied = 0
    /// Bytes copied at expiry.
    public var bytesCopied = 0
    /// Arena blocks allocated at expiry.
    public var arenasAllocated = 0
    /// Sinks copied into their own inline storage (no arena, no allocation).
    public var inlineCopies = 0
    /// Expiries that had at least one live sink.
    public var expiries = 0

    /// All zero.
    public init() {}

    /// The change from `earlier` to `self`.
    public static func - (lhs: LeaseCounters, rhs: LeaseCounters) -> LeaseCounters {
        var d = LeaseCounters()
        d.sinksRegistered = lhs.sinksRegistered - rhs.sinksRegistered
        d.sinksCopied = lhs.sinksCopied - rhs.sinksCopied
        d.bytesCopied = lhs.bytesCopied - rhs.bytesCopied
        d.arenasAllocated = lhs.arenasAllocated - rhs.arenasAllocated
        d.inlineCopies = lhs.inlineCopies - rhs.inlineCopies
        d.expiries = lhs.expiries - rhs.expiries
        return d
    }

    /// One line: `registered 3, copied 1 (1 inline), 5 bytes, 0 arenas, 1 expiries`.
    public var description: String {
        "registered \(sinksRegistered), copied \(sinksCopied) (\(inlineCopies) inline), "
            + "\(bytesCopied) bytes, \(arenasAllocated) arenas, \(expiries) expiries"
    }
}

/// Thread-safe totals of ``LeaseCounters``, one per engine plus one for the process.
///
/// Leases count with plain integers and publish here when they end (a transaction or an iterator
/// finishing), so the hot path pays no atomic operation. Read a ``snapshot()`` before and after
/// the work you want to measure and subtract. Prints as its current totals, like
/// ``LeaseCounters``: `registered 3, copied 1 (1 inline), 5 bytes, 0 arenas, 1 expiries`.
public final class LeaseStatistics: Sendable, CustomStringConvertible {
    /// Totals for every lease in the process.
    public static let process = LeaseStatistics()

    private let registered = Atomic<Int>(0)
    private let copied = Atomic<Int>(0)
    private let bytes = Atomic<Int>(0)
    private let arenas = Atomic<Int>(0)
    private let inline = Atomic<Int>(0)
    private let expiries = Atomic<Int>(0)

    /// Creates zeroed totals.
    public init() {}

    /// Adds a lease's counters.
    public func add(_ c: LeaseCounters) {
        if c.sinksRegistered != 0 { registered.wrappingAdd(c.sinksRegistered, ordering: .relaxed) }
        if c.sinksCopied != 0 { copied.wrappingAdd(c.sinksCopied, ordering: .relaxed) }
        if c.bytesCopied != 0 { bytes.wrappingAdd(c.bytesCopied, ordering: .relaxed) }
        if c.arenasAllocated != 0 { arenas.wrappingAdd(c.arenasAllocated, ordering: .relaxed) }
        if c.inlineCopies != 0 { inline.wrappingAdd(c.inlineCopies, ordering: .relaxed) }
        if c.expiries != 0 { expiries.wrappingAdd(c.expiries, ordering: .relaxed) }
    }

    /// The totals so far, as ``LeaseCounters`` prints them.
    public var description: String { snapshot().description }

    /// The totals so far.
    public func snapshot() -> LeaseCounters {
        var c = LeaseCounters()
        c.sinksRegistered = registered.load(ordering: .relaxed)
        c.sinksCopied = copied.load(ordering: .relaxed)
        c.bytesCopied = bytes.load(ordering: .relaxed)
        c.arenasAllocated = arenas.load(ordering: .relaxed)
        c.inlineCopies = inline.load(ordering: .relaxed)
        c.expiries = expiries.load(ordering: .relaxed)
        return c
    }
}
