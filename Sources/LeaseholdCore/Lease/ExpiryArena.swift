import Synchronization

/// One block of private memory that sinks copy themselves into when their lease expires.
///
/// Every sink copied into an arena keeps it alive; the block is freed when the last of them dies.
/// Byte sinks do not each retain the arena: they are counted in ``sinkHolds``, which an expiry
/// raises once for all the sinks it copied (one atomic add, not one retain per sink), and which
/// holds one strong reference to the arena while it is above zero.
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
    /// Byte sinks holding a copy here, plus ``walkBias`` while an expiry is copying into the
    /// arena (so that a sink dying during the walk cannot bring it to zero). Above zero, it owns
    /// one strong reference to the arena.
    let sinkHolds = Atomic<Int>(0)
    /// What an expiry adds to ``sinkHolds`` while it copies into the arena.
    static let walkBias = 1 << 48

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

    /// The number of byte sinks holding a copy in this arena (outside an expiry's walk).
    public var sinkCount: Int { sinkHolds.load(ordering: .acquiring) }

    /// One more byte sink holds a copy here: the sinks' strong reference is taken if none was
    /// held. The caller holds the arena strongly meanwhile.
    func holdOne() {
        if sinkHolds.wrappingAdd(1, ordering: .acquiringAndReleasing).oldValue == 0 {
            _ = Unmanaged.passUnretained(self).retain()
        }
    }

    /// An expiry goes on copying byte sinks into the arena, to be counted at once when it is
    /// done (``endWalk(copies:)``); the bias keeps a sink dying meanwhile from reaching zero.
    /// The sinks' strong reference is taken if none was held.
    func beginWalk() {
        if sinkHolds.wrappingAdd(Self.walkBias, ordering: .acquiringAndReleasing).oldValue == 0 {
            _ = Unmanaged.passUnretained(self).retain()
        }
    }

    /// The expiry is done with the arena: `copies` byte sinks copied into it now hold it.
    func endWalk(copies: Int) {
        if sinkHolds.wrappingAdd(copies &- Self.walkBias, ordering: .acquiringAndReleasing).newValue == 0 {
            Unmanaged.passUnretained(self).release()
        }
    }

    /// A byte sink that held a copy in `arena` lets go of it; the last one drops the sinks'
    /// strong reference (which may free the arena).
    @usableFromInline
    static func releaseSink(_ arena: Unmanaged<ExpiryArena>) {
        let last = arena._withUnsafeGuaranteedRef {
            $0.sinkHolds.wrappingSubtract(1, ordering: .acquiringAndReleasing).newValue == 0
        }
        if last { arena.release() }
    }
}

/// What a sink uses to copy itself when its lease expires.
///
/// It hands out room in the expiry's shared arena, allocated lazily on first use and sized from
/// the lease's running total of live bytes, and it counts every copy.
public struct ExpiryCopier {
    private unowned(unsafe) let lease: Lease
    /// Arena bytes the sinks not yet copied have announced.
    private var bytesToCopy: Int
    /// An arena this expiry allocated (`nil` while it copies into the lease's spare arena, which
    /// the lease holds: a step lease's expiry starts with no reference counting at all).
    private var fresh: ExpiryArena?
    /// The arena copies go to, unretained (`fresh` or the lease's spare arena holds it).
    private var current: Unmanaged<ExpiryArena>?
    /// The byte sinks copied into `arena` during this expiry (the first is counted in its
    /// ``ExpiryArena/sinkHolds`` at once, the rest when the expiry is done with the arena), and
    /// the arena, unretained (`arena` holds it).
    private var arenaCopies = 0
    private var walked: Unmanaged<ExpiryArena>?
    private var counters = LeaseCounters()

    /// A copier for an expiry of `lease` that starts with the lease's `spare` arena (held by
    /// the lease until ``keepSpare(in:)``).
    init(lease: Lease, bytesToCopy: Int, spare: Unmanaged<ExpiryArena>?) {
        self.lease = lease
        self.bytesToCopy = bytesToCopy
        self.current = spare
    }

    /// Copies `bytes` into the expiry's arena.
    ///
    /// - Returns: where the copy lives, and the arena the caller must keep a strong reference to
    ///   for as long as it uses the copy.
    public mutating func copy(_ bytes: UnsafeRawBufferPointer) -> (UnsafeRawPointer, ExpiryArena) {
        let (start, arena) = place(bytes)
        return (start, arena.takeUnretainedValue())
    }

    /// ``copy(_:)`` for a byte sink (`ByteStorage`), which keeps the arena as an unmanaged
    /// reference: the sink is counted in the arena's ``ExpiryArena/sinkHolds`` (once the expiry
    /// ends) and must call ``ExpiryArena/releaseSink(_:)`` exactly once when it lets go.
    @inline(__always)
    mutating func _copyHeldBySink(_ bytes: UnsafeRawBufferPointer) -> (UnsafeRawPointer, Unmanaged<ExpiryArena>) {
        let (start, target) = place(bytes)
        if _slowPath(arenaCopies < 2) {
            // One atomic add for the first sink (a step lease's expiry usually copies one);
            // from the second on, the walk's bias, and one add for all of them at the end.
            if arenaCopies == 0 {
                target._withUnsafeGuaranteedRef { $0.holdOne() }
                walked = target
            } else {
                target._withUnsafeGuaranteedRef { $0.beginWalk() }
            }
        }
        arenaCopies &+= 1
        return (start, target)
    }

    /// Copies `bytes` into the current arena (a new one when it is full) and counts the copy.
    /// The arena comes back unretained (no reference counting per copy): `self` holds it.
    @inline(__always)
    private mutating func place(_ bytes: UnsafeRawBufferPointer) -> (UnsafeRawPointer, Unmanaged<ExpiryArena>) {
        let count = bytes.count
        let target: Unmanaged<ExpiryArena>
        if let current, current._withUnsafeGuaranteedRef({ $0.available >= count }) {
            target = current
        } else {
            target = Unmanaged.passUnretained(room(for: count))
        }
        let start = target._withUnsafeGuaranteedRef { arena -> UnsafeMutableRawPointer in
            let start = arena.base + arena.used
            arena.used &+= count
            return start
        }
        if count > 0 { start.copyMemory(from: bytes.baseAddress!, byteCount: count) }
        bytesToCopy &-= count
        counters.sinksCopied &+= 1
        counters.bytesCopied &+= count
        return (UnsafeRawPointer(start), target)
    }

    /// Hands the byte sinks copied into the current arena over to its ``ExpiryArena/sinkHolds``.
    private mutating func endWalk() {
        if arenaCopies >= 2, let walked {
            let copies = arenaCopies &- 1
            walked._withUnsafeGuaranteedRef { $0.endWalk(copies: copies) }
        }
        arenaCopies = 0
        walked = nil
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
        endWalk()
        // Size the new block for everything still to come, within the chunk limit; a lease that
        // expires repeatedly gets a block it can keep filling on later expiries.
        var capacity = min(max(bytesToCopy, count), max(ExpiryArena.maximumChunk, count))
        if lease.expiries > 0 { capacity = max(capacity, ExpiryArena.repeatChunk) }
        // Large arenas are whole chunks, so that they can be recycled (untouched pages of a
        // fresh chunk cost nothing).
        if capacity >= ExpiryArena.chunkThreshold && capacity < ExpiryArena.maximumChunk { capacity = ExpiryArena.maximumChunk }
        let fresh = ExpiryArena(capacity: max(capacity, 1))
        counters.arenasAllocated &+= 1
        self.fresh = fresh
        current = Unmanaged.passUnretained(fresh)
        return fresh
    }

    /// Hands the lease the arena with room left over for its next expiry: unchanged (no
    /// reference counting) when this expiry used only the spare arena it had and room is left.
    func keepSpare(in lease: Lease) {
        if let fresh {
            lease.spareArena = fresh.available >= 64 ? fresh : nil
        } else if let current, current._withUnsafeGuaranteedRef({ $0.available < 64 }) {
            lease.spareArena = nil
        }
    }

    /// Ends the expiry: the copied byte sinks hold their arenas, and the counters go to `pending`.
    mutating func finish(into pending: inout LeaseCounters) {
        endWalk()
        pending.sinksCopied &+= counters.sinksCopied
        pending.inlineCopies &+= counters.inlineCopies
        pending.bytesCopied &+= counters.bytesCopied
        pending.arenasAllocated &+= counters.arenasAllocated
        pending.expiries &+= 1
    }
}
