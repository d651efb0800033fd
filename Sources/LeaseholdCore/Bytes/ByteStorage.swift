/// The sink behind a lent ``Bytes``: where the bytes are, how many, and what to do at expiry.
///
/// States: *shared* (points into memory lent under a lease, registered on it), *copied* (points
/// into an ``ExpiryArena`` it keeps alive, or holds the bytes inline), *owned* (an engine's buffer
/// it adopted and releases), *pinned* (engine memory it keeps pinned and releases: a lease owned
/// by its one sink, so it is never registered and never copied). Bytes made by you live in an
/// ``OwnedByteStorage`` instead.
///
/// Layout, 56 bytes with the object header (it was 112; malloc rounds it to 64): the header
/// (16), the lease (8), the registration words — place in the lease's table and arena bytes —
/// (16), `base` (8), a 32-bit `count`, `state` and `release`. A storage registered nowhere
/// (`_lease == nil`) reuses the registration words: inline copies of up to 16 bytes, the
/// retained arena of an arena copy, or the context and function of an adopted buffer.
/// Measured: see CONTRIBUTING.md.
@usableFromInline
final class ByteStorage: LeaseSink {
    /// The registration words (see `LeaseSink`) as raw bits: while the storage is registered
    /// nowhere they hold an inline copy, the retained arena, or an adopted buffer's context and
    /// release function.
    @inlinable var _words: (UInt, UInt) {
        @inline(__always) get { (UInt(bitPattern: _registration.0), UInt(bitPattern: _registration.1)) }
        @inline(__always) set { _registration = (Int(bitPattern: newValue.0), Int(bitPattern: newValue.1)) }
    }

    // The lent bytes live in the sink's own fields (`LeaseSink`), so that the expiry walk
    // copies them itself; these are their names here.
    /// Start of the bytes, or `nil` when they are held inline (in `_words`).
    @inlinable var base: UnsafeRawPointer? {
        @inline(__always) get { _base }
        @inline(__always) set { _base = newValue }
    }
    /// The lent buffer's size (shared and copied states). Unused once owned or pinned: their
    /// `Bytes` carry the size. A lend of 4 GiB or more, which does not fit, is copied to
    /// private memory at once (*owned*; no engine lends values that large).
    @inlinable var count: UInt32 {
        @inline(__always) get { _count }
        @inline(__always) set { _count = newValue }
    }
    @inlinable var state: State {
        @inline(__always) get { _state }
        @inline(__always) set { _state = newValue }
    }
    /// How `deinit` lets go of `base`.
    @inlinable var release: Release {
        @inline(__always) get { _release }
        @inline(__always) set { _release = newValue }
    }

    /// Whether `count` bytes can be lent through a `ByteStorage` (the count is 32-bit).
    @inlinable @inline(__always)
    static func canLend(_ count: Int) -> Bool { UInt(bitPattern: count) <= UInt(UInt32.max) }

    /// The bytes a lent buffer of `count` bytes will ask the expiry's arena for.
    @inlinable @inline(__always)
    static func arenaBytes(_ count: Int) -> Int { count > inlineCapacity ? count : 0 }

    /// A storage pointing into `buffer`, not registered yet (see ``make(lending:on:)``).
    @inlinable
    init(unregisteredPointingInto buffer: UnsafeRawBufferPointer) {
        super.init(lending: buffer.baseAddress, count: UInt32(truncatingIfNeeded: buffer.count))
    }

    /// A shared storage lending `buffer`, registered on `lease` (an owned copy from 4 GiB up).
    /// Registered here rather than in an initializer: there, `self` is retained around the call.
    @inlinable @inline(__always)
    static func make(lending buffer: UnsafeRawBufferPointer, on lease: borrowing Lease) -> ByteStorage {
        let storage = ByteStorage(unregisteredPointingInto: buffer)
        if canLend(buffer.count) {
            lease._register(storage, arenaBytes: arenaBytes(buffer.count))
        } else {
            storage.ownCopy(buffer)
        }
        return storage
    }

    /// Holds a private copy of `buffer` (not registered anywhere): the fallback for lends too
    /// large for the 32-bit count.
    @usableFromInline @inline(never)
    func ownCopy(_ buffer: UnsafeRawBufferPointer) {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: buffer.count, alignment: 1)
        memory.copyMemory(from: buffer.baseAddress!, byteCount: buffer.count)
        base = UnsafeRawPointer(memory)
        count = UInt32.max
        state = .owned
        release = .deallocate
    }

    /// A storage that adopts `buffer`, which an engine allocated or pinned for it alone, and
    /// calls `function(context)` when it dies. The context and the function live in the
    /// registration words, which a storage that is never registered does not use.
    @usableFromInline
    init(adopting buffer: UnsafeRawBufferPointer, pinned: Bool, context: UnsafeMutableRawPointer?,
         release function: @convention(c) (UnsafeMutableRawPointer?) -> Void) {
        super.init(lending: buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1),  // never read when empty
                   count: UInt32(truncatingIfNeeded: min(buffer.count, Int(UInt32.max))))
        state = pinned ? .pinned : .owned
        release = .callback
        _words = (UInt(bitPattern: context), UInt(bitPattern: unsafeBitCast(function, to: UnsafeRawPointer.self)))
    }

    deinit {
        letGo()
        // The words hold bytes or a context now: the base class must not take them for a place.
        if _lease == nil { _words = (0, 0) }
    }

    /// Releases what the storage holds according to ``release``.
    @usableFromInline
    func letGo() {
        switch release {
        case .none: break
        case .arena:
            ExpiryArena.releaseSink(Unmanaged<ExpiryArena>.fromOpaque(UnsafeRawPointer(bitPattern: _words.0)!))
        case .deallocate:
            UnsafeMutableRawPointer(mutating: base!).deallocate()
        case .callback:
            let function = unsafeBitCast(UnsafeRawPointer(bitPattern: _words.1)!,
                                         to: (@convention(c) (UnsafeMutableRawPointer?) -> Void).self)
            function(UnsafeMutableRawPointer(bitPattern: _words.0))
        }
        release = .none
    }

    /// A new shared storage lending `buffer` (out of line: the scanners' allocation path).
    @usableFromInline @inline(never)
    static func lending(_ buffer: UnsafeRawBufferPointer, on lease: Lease) -> ByteStorage {
        make(lending: buffer, on: lease)
    }

    /// Re-points a storage nobody else holds at `buffer` if it is registered on `lease` already
    /// (a transaction-long scan): it stays registered, only the totals change. Returns `false`, having
    /// changed nothing, otherwise.
    @inlinable @inline(__always)
    func repointOnSameLease(_ buffer: UnsafeRawBufferPointer, on lease: Lease) -> Bool {
        guard let current = _lease, current.toOpaque() == Unmanaged.passUnretained(lease).toOpaque(),
              Self.canLend(buffer.count)
        else { return false }
        lease._retarget(self, arenaBytes: Self.arenaBytes(buffer.count))
        base = buffer.baseAddress
        count = UInt32(truncatingIfNeeded: buffer.count)
        return true
    }

    /// Lends `buffer` on `lease` through a storage a scanner unlinked before a step (`LendingSlot/releaseIfUnshared()`):
    /// still *shared*, registered nowhere, holding nothing. Inlined, so a step-lease scan re-lends
    /// its slot with a few stores and a registration instead of the general ``repointSlow(_:on:)``.
    @inlinable @inline(__always)
    func relendUnlinked(_ buffer: UnsafeRawBufferPointer, on lease: Lease) -> Bool {
        guard _lease == nil, state == .shared, release == .none, Self.canLend(buffer.count) else { return false }
        base = buffer.baseAddress
        count = UInt32(truncatingIfNeeded: buffer.count)
        lease._register(self, arenaBytes: Self.arenaBytes(buffer.count))
        return true
    }

    /// Re-points a storage nobody else holds at `buffer` on `lease`, whatever its state.
    @usableFromInline @inline(never)
    func repointSlow(_ buffer: UnsafeRawBufferPointer, on lease: Lease) {
        if let current = _lease { current._withUnsafeGuaranteedRef { $0._unlink(self) } }
        letGo()
        _words = (0, 0)
        guard Self.canLend(buffer.count) else { ownCopy(buffer); return }
        base = buffer.baseAddress
        count = UInt32(truncatingIfNeeded: buffer.count)
        state = .shared
        lease._register(self, arenaBytes: Self.arenaBytes(buffer.count))
    }

    /// Calls `body` with the `count` bytes at `offset`.
    @inlinable @inline(__always)
    func withBytes<R>(offset: Int, count n: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if let base { return try body(UnsafeRawBufferPointer(start: base + offset, count: n)) }
        var copy = _words
        return try Swift.withUnsafeBytes(of: &copy) { try body(UnsafeRawBufferPointer(rebasing: $0[offset ..< offset + n])) }
    }
}
