/// An object whose bytes may live in memory lent by a storage engine.
///
/// A sink registers on the ``Lease`` that owns the memory it points into. The lease keeps its
/// sinks in a table and each sink remembers its place in it, so registering and unregistering
/// are O(1) and allocate nothing (the table grows by doubling, and keeps its room across the
/// expiries of a step lease). The moment before the lease ends, the lease calls
/// ``leaseWillEnd(copyingWith:)`` exactly once; the sink must then stop pointing into the lent
/// memory, normally by copying its bytes with the ``ExpiryCopier`` it is handed.
///
/// A sink holds no strong reference to its lease, so it never keeps a transaction or an iterator
/// alive. The lease, in turn, never retains its sinks: a sink that dies first unregisters itself
/// in `deinit` and costs no copy at all.
///
/// Most sinks are lent bytes — a start and a count, copied at expiry by the lease itself, into the
/// expiry's arena or inline into the sink (`LeaseSink+Copy.swift`): `Bytes` is that sink. Subclass
/// `LeaseSink` only to build a value of your own backed by leased memory (a decoded record, say):
/// the lease then calls your ``leaseWillEnd(copyingWith:)``.
///
/// - warning: A sink and its lease belong to one isolation domain: neither is `Sendable`.
open class LeaseSink {
    // Exclusivity is not checked at run time (measured: ~75 % of a lend went to
    // `swift_beginAccess`): every access is a short load or store on one isolation domain; none
    // is held across a call.
    @exclusivity(unchecked) @usableFromInline final var _lease: Unmanaged<Lease>?
    /// While registered: the sink's place in its lease's table, and the bytes it will ask the
    /// expiry's arena for (0 when it copies inline). One stored pair, so that `ByteStorage` can
    /// keep a short copy or its release context in these 16 bytes once it is registered nowhere
    /// (`_lease == nil`): that keeps a `Bytes` sink at 56 bytes.
    @exclusivity(unchecked) @usableFromInline final var _registration: (Int, Int) = (0, 0)

    /// The sink's place in its lease's table (meaningful only while registered).
    @inlinable final var _index: Int {
        @inline(__always) get { _registration.0 }
        @inline(__always) set { _registration.0 = newValue }
    }

    /// Bytes this sink will ask the copier's arena for at expiry (meaningful only while registered).
    @inlinable final var _arenaBytes: Int {
        @inline(__always) get { _registration.1 }
        @inline(__always) set { _registration.1 = newValue }
    }

    /// What the sink's bytes are: lent (`shared`, the state of every registered byte sink),
    /// `copied`, `owned`, `pinned`, or `custom` — a sink that copies itself in
    /// ``leaseWillEnd(copyingWith:)``.
    @usableFromInline enum State: UInt8 { case custom, shared, copied, owned, pinned }

    /// What a byte sink lets go of when it dies. Only meaningful while it is registered nowhere.
    @usableFromInline enum Release: UInt8 {
        /// Nothing: lent, inline or empty.
        case none
        /// The arena in the first registration word, held once (``ExpiryArena/sinkHolds``).
        case arena
        /// `deallocate()` the bytes: a private copy of a lent buffer too large to lend (4 GiB).
        case deallocate
        /// Call the C function in the second registration word with the context in the first:
        /// an adopted buffer.
        case callback
    }

    /// Start of a byte sink's bytes, or `nil` when they are held inline (in the registration
    /// words) or none were lent.
    @exclusivity(unchecked) @usableFromInline final var _base: UnsafeRawPointer?
    /// The lent buffer's size.
    @exclusivity(unchecked) @usableFromInline final var _count: UInt32 = 0
    @exclusivity(unchecked) @usableFromInline final var _state = State.custom
    @exclusivity(unchecked) @usableFromInline final var _release = Release.none

    /// Creates a sink that is not registered on any lease and copies itself in
    /// ``leaseWillEnd(copyingWith:)``.
    public init() {}

    /// A byte sink lending `count` bytes at `base` (not registered yet).
    @inlinable
    init(lending base: UnsafeRawPointer?, count: UInt32) {
        _base = base
        _count = count
        _state = .shared
    }

    /// Whether the sink currently points into lent memory, registered on a live lease.
    @inlinable public final var isRegistered: Bool { _lease != nil }

    /// Takes the sink off the lease it is registered on, if any, without copying it.
    @inlinable @inline(__always)
    final func _unlinkIfRegistered() {
        if let lease = _lease { lease._withUnsafeGuaranteedRef { $0._unlink(self) } }
    }

    /// Called once, the moment before the lease this sink is registered on ends.
    ///
    /// The sink is already unregistered when this runs. Copy whatever still points into the lease's
    /// memory: use `copier.copy(_:)` for bytes that go to the shared arena, and
    /// `copier.noteInlineCopy(byteCount:)` when you copy into storage of your own. Do not touch
    /// other sinks and do not register on the ending lease.
    open func leaseWillEnd(copyingWith copier: inout ExpiryCopier) {}

    deinit {
        if let lease = _lease {
            lease._withUnsafeGuaranteedRef { $0._unlink(self) }
        }
    }
}
