/// The sink behind ``Bytes``: a pointer and a count, plus room to copy small values inline.
///
/// States: *shared* (points into memory lent under a lease, registered on it), *copied* (points
/// into an ``ExpiryArena`` it keeps alive, or holds the bytes inline), *owned* (its own memory, or
/// an engine's buffer it adopted and releases), *pinned* (engine memory it keeps pinned and
/// releases: a lease owned by its one sink, so it is never registered and never copied).
@usableFromInline
final class ByteStorage: LeaseSink {
    /// Bytes that fit inline: a copy needs no arena and no allocation. 16-byte keys (a prefix and
    /// an 8-byte id) are common, so this covers them with room to spare.
    @usableFromInline static let inlineCapacity = 24

    @usableFromInline enum State: UInt8 { case shared, copied, owned, pinned }

    /// What `deinit` does with `base`.
    @usableFromInline enum Release: UInt8 {
        /// Nothing: lent, copied into an arena, inline or empty.
        case none
        /// `deallocate()` it: allocated by the storage itself.
        case deallocate
        /// Call the C function in `inline.1` with the context in `inline.0`: an adopted buffer.
        case callback
    }

    /// Start of the bytes, or `nil` when they are held in `inline`.
    @exclusivity(unchecked) @usableFromInline var base: UnsafeRawPointer?
    @exclusivity(unchecked) @usableFromInline var count: Int
    @exclusivity(unchecked) @usableFromInline var state: State
    @exclusivity(unchecked) @usableFromInline var inline: (UInt64, UInt64, UInt64) = (0, 0, 0)
    /// What keeps `base` alive when copied (the arena); `nil` otherwise.
    @exclusivity(unchecked) @usableFromInline var keeper: ExpiryArena?
    /// How `deinit` lets go of `base`.
    @exclusivity(unchecked) @usableFromInline var release = Release.none

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
            release = .deallocate
        }
    }

    /// An owned storage of `count` bytes that `body` writes in place.
    @usableFromInline
    init(uninitializedCount count: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        self.count = count
        state = .owned
        super.init()
        if count <= Self.inlineCapacity {
            base = nil
            try Swift.withUnsafeMutableBytes(of: &inline) { try body(UnsafeMutableRawBufferPointer(rebasing: $0[..<count])) }
        } else {
            let memory = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 1)
            do {
                try body(UnsafeMutableRawBufferPointer(start: memory, count: count))
            } catch {
                memory.deallocate()
                throw error
            }
            base = UnsafeRawPointer(memory)
            release = .deallocate
        }
    }

    /// A storage that adopts `buffer`, which an engine allocated or pinned for it alone, and
    /// calls `function(context)` when it dies. The context and the function live in the inline
    /// area, which an adopted buffer never needs.
    @usableFromInline
    init(adopting buffer: UnsafeRawBufferPointer, pinned: Bool, context: UnsafeMutableRawPointer?,
         release function: @convention(c) (UnsafeMutableRawPointer?) -> Void) {
        base = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)  // never read when empty
        count = buffer.count
        state = pinned ? .pinned : .owned
        inline = (UInt64(UInt(bitPattern: context)), UInt64(UInt(bitPattern: unsafeBitCast(function, to: UnsafeRawPointer.self))), 0)
        release = .callback
        super.init()
    }

    deinit { letGo() }

    /// Releases what `base` holds according to ``release``.
    @usableFromInline
    func letGo() {
        switch release {
        case .none: break
        case .deallocate:
            if let base { UnsafeMutableRawPointer(mutating: base).deallocate() }
        case .callback:
            let function = unsafeBitCast(UnsafeRawPointer(bitPattern: UInt(inline.1))!,
                                         to: (@convention(c) (UnsafeMutableRawPointer?) -> Void).self)
            function(UnsafeMutableRawPointer(bitPattern: UInt(inline.0)))
        }
        release = .none
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
        letGo()
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
