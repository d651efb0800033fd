/// The sink behind ``Bytes``: a pointer and a count, plus room to copy small values inline.
///
/// States: *shared* (points into memory lent under a lease, registered on it), *copied* (points
/// into an ``ExpiryArena`` it keeps alive, or holds the bytes inline), *owned* (its own memory).
@usableFromInline
final class ByteStorage: LeaseSink {
    /// Bytes that fit inline: a copy needs no arena and no allocation. 16-byte keys (a prefix and
    /// an 8-byte id) are common, so this covers them with room to spare.
    @usableFromInline static let inlineCapacity = 24

    @usableFromInline enum State: UInt8 { case shared, copied, owned }

    /// Start of the bytes, or `nil` when they are held in `inline`.
    @exclusivity(unchecked) @usableFromInline var base: UnsafeRawPointer?
    @exclusivity(unchecked) @usableFromInline var count: Int
    @exclusivity(unchecked) @usableFromInline var state: State
    @exclusivity(unchecked) @usableFromInline var inline: (UInt64, UInt64, UInt64) = (0, 0, 0)
    /// What keeps `base` alive when copied (the arena); `nil` otherwise.
    @exclusivity(unchecked) @usableFromInline var keeper: ExpiryArena?
    /// Whether `deinit` frees `base` (owned, out of line).
    @exclusivity(unchecked) @usableFromInline var freesBase = false

    /// A shared storage lending `buffer`, registered on `lease`.
    @inlinable
    init(lending buffer: UnsafeRawBufferPointer, on lease: Lease) {
        base = buffer.baseAddress
        count = buffer.count
        state = .shared
        super.init()
        lease.register(self, arenaBytes: count > Self.inlineCapacity ? count : 0)
    }

    /// An owned storage holding a copy of `buffer`.
    @usableFromInline
    init(copying buffer: UnsafeRawBufferPointer) {
        count = buffer.count
        state = .owned
        super.init()
        if count <= Self.inlineCapacity {
            base = nil
            if count > 0 {
                Swift.withUnsafeMutableBytes(of: &inline) { $0.copyMemory(from: buffer) }
            }
        } else {
            let memory = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 1)
            memory.copyMemory(from: buffer.baseAddress!, byteCount: count)
            base = UnsafeRawPointer(memory)
            freesBase = true
        }
    }

    deinit {
        if freesBase, let base { UnsafeMutableRawPointer(mutating: base).deallocate() }
    }

    /// Re-points a storage nobody else holds at a new lent buffer (the scanners' reuse path).
    @inlinable @inline(__always)
    func repoint(_ buffer: UnsafeRawBufferPointer, on lease: Lease) {
        let arenaBytes = buffer.count > Self.inlineCapacity ? buffer.count : 0
        if let current = _lease, current.toOpaque() == Unmanaged.passUnretained(lease).toOpaque() {
            // Still on the same lease (a transaction-long scan): stay linked, fix the totals.
            lease._retarget(self, arenaBytes: arenaBytes)
            base = buffer.baseAddress
            count = buffer.count
            return
        }
        repointSlow(buffer, on: lease, arenaBytes: arenaBytes)
    }

    @usableFromInline
    func repointSlow(_ buffer: UnsafeRawBufferPointer, on lease: Lease, arenaBytes: Int) {
        if let current = _lease { current._withUnsafeGuaranteedRef { $0._unlink(self) } }
        if freesBase, let base { UnsafeMutableRawPointer(mutating: base).deallocate() }
        freesBase = false
        keeper = nil
        base = buffer.baseAddress
        count = buffer.count
        state = .shared
        lease.register(self, arenaBytes: arenaBytes)
    }

    @inlinable
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if let base { return try body(UnsafeRawBufferPointer(start: base, count: count)) }
        var copy = inline
        let n = count
        return try Swift.withUnsafeBytes(of: &copy) { try body(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
    }

    override func leaseWillEnd(copyingWith copier: inout ExpiryCopier) {
        guard let source = base else {
            state = .copied  // nothing lent (an empty buffer without an address)
            return
        }
        if count <= Self.inlineCapacity {
            Swift.withUnsafeMutableBytes(of: &inline) {
                $0.copyMemory(from: UnsafeRawBufferPointer(start: source, count: count))
            }
            base = nil
            copier.noteInlineCopy(byteCount: count)
        } else {
            let (copy, arena) = copier.copy(UnsafeRawBufferPointer(start: source, count: count))
            base = copy
            keeper = arena
        }
        state = .copied
    }
}
