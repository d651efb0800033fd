/// One block of private memory that sinks copy themselves into when their lease expires.
///
/// Every sink copied into an arena keeps it alive; the block is freed when the last of them dies.
/// One expiry uses one arena for all its sinks (a very large expiry uses a few chunks of at most
/// ``maximumChunk`` bytes, so fresh pages are not faulted in all at once). Arenas of a megabyte
/// or more are whole chunks, and a freed chunk is kept for the next large expiry (up to
/// ``recycledChunkLimit`` bytes process-wide): its pages are already faulted in.
public final class ExpiryArena {
    /// The largest single arena allocation; bigger expiries are split into chunks of this size.
    public static let maximumChunk = 16 << 20
    /// The smallest arena a lease allocates once it has expired before: step and write leases
    /// expire again and again, and then share one chunk across many expiries.
    public static let repeatChunk = 16 << 10
    /// Arenas needing at least this much are served as whole, recyclable chunks.
    static let chunkThreshold = 1 << 20

    /// How many bytes of freed chunks the process keeps for reuse (default 128 MiB). Set it to
    /// 0 to free every chunk at once; lowering it frees what is kept beyond the new limit.
    public static var recycledChunkLimit: Int {
        get { ArenaChunkPool.shared.limit }
        set { ArenaChunkPool.shared.setLimit(newValue) }
    }

    @usableFromInline let base: UnsafeMutableRawPointer
    /// The size of the block in bytes.
    public let capacity: Int
    @exclusivity(unchecked) @usableFromInline var used = 0

    /// A block of `capacity` bytes: a recycled chunk when `capacity` is a chunk and one is kept.
    init(capacity: Int) {
        self.capacity = capacity
        if capacity == Self.maximumChunk, let recycled = ArenaChunkPool.shared.take() {
            base = recycled
        } else {
            base = .allocate(byteCount: capacity, alignment: 16)
        }
    }

    deinit {
        if capacity == Self.maximumChunk { ArenaChunkPool.shared.give(base) } else { base.deallocate() }
    }

    /// Free bytes left in the block.
    public var available: Int { capacity - used }
}

/// What a sink uses to copy itself when its lease expires.
///
/// It hands out room in the expiry's shared arena, allocated lazily on first use and sized from
/// the lease's running total of live bytes, and it counts every copy.
public struct ExpiryCopier {
    private unowned(unsafe) let lease: Lease
    /// Arena bytes the sinks not yet copied have announced.
    private var bytesToCopy: Int
    private var arena: ExpiryArena?
    private var counters = LeaseCounters()

    init(lease: Lease, bytesToCopy: Int) {
        self.lease = lease
        self.bytesToCopy = bytesToCopy
        self.arena = lease.spareArena
    }

    /// Copies `bytes` into the expiry's arena.
    ///
    /// - Returns: where the copy lives, and the arena the caller must keep a strong reference to
    ///   for as long as it uses the copy.
    public mutating func copy(_ bytes: UnsafeRawBufferPointer) -> (UnsafeRawPointer, ExpiryArena) {
        let (start, arena) = _copyRetainingArena(bytes)
        return (start, arena.takeRetainedValue())
    }

    /// ``copy(_:)`` for `ByteStorage`, which keeps the arena as an unmanaged reference: the
    /// arena comes back retained once, for the caller to release.
    @inline(__always)
    mutating func _copyRetainingArena(_ bytes: UnsafeRawBufferPointer) -> (UnsafeRawPointer, Unmanaged<ExpiryArena>) {
        let count = bytes.count
        let target: ExpiryArena
        if let arena, arena.available >= count { target = arena } else { target = room(for: count) }
        let start = target.base + target.used
        if count > 0 { start.copyMemory(from: bytes.baseAddress!, byteCount: count) }
        target.used &+= count
        bytesToCopy &-= count
        counters.sinksCopied &+= 1
        counters.bytesCopied &+= count
        return (UnsafeRawPointer(start), Unmanaged.passRetained(target))
    }

    /// Records that a sink copied `byteCount` bytes into storage of its own (no arena).
    public mutating func noteInlineCopy(byteCount: Int) {
        counters.sinksCopied &+= 1
        counters.inlineCopies &+= 1
        counters.bytesCopied &+= byteCount
    }

    /// A new arena with room for `count` bytes (the current one is full).
    @inline(never)
    private mutating func room(for count: Int) -> ExpiryArena {
        // Size the new block for everything still to come, within the chunk limit; a lease that
        // expires repeatedly gets a block it can keep filling on later expiries.
        var capacity = min(max(bytesToCopy, count), max(ExpiryArena.maximumChunk, count))
        if lease.expiries > 0 { capacity = max(capacity, ExpiryArena.repeatChunk) }
        // Large arenas are whole chunks, so that they can be recycled (untouched pages of a
        // fresh chunk cost nothing).
        if capacity >= ExpiryArena.chunkThreshold && capacity < ExpiryArena.maximumChunk { capacity = ExpiryArena.maximumChunk }
        let fresh = ExpiryArena(capacity: max(capacity, 1))
        counters.arenasAllocated &+= 1
        arena = fresh
        return fresh
    }

    /// The arena with room left over, kept by the lease for its next expiry.
    var spareArena: ExpiryArena? {
        guard let arena, arena.available >= 64 else { return nil }
        return arena
    }

    func finish(into pending: inout LeaseCounters) {
        pending.sinksCopied &+= counters.sinksCopied
        pending.inlineCopies &+= counters.inlineCopies
        pending.bytesCopied &+= counters.bytesCopied
        pending.arenasAllocated &+= counters.arenasAllocated
        pending.expiries &+= 1
    }
}
