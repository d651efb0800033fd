/// An object whose bytes may live in memory lent by a storage engine.
///
/// A sink registers on the ``Lease`` that owns the memory it points into. The links of the lease's
/// list live inside the sink itself (an intrusive doubly linked list), so registering and
/// unregistering are O(1) and allocate nothing. The moment before the lease ends, the lease calls
/// ``leaseWillEnd(copyingWith:)`` exactly once; the sink must then stop pointing into the lent
/// memory, normally by copying its bytes with the ``ExpiryCopier`` it is handed.
///
/// A sink holds no strong reference to its lease, so it never keeps a transaction or an iterator
/// alive. The lease, in turn, never retains its sinks: a sink that dies first unregisters itself
/// in `deinit` and costs no copy at all.
///
/// `Bytes` is the sink every engine hands out; subclass `LeaseSink` only to build a value type of
/// your own that is backed by leased memory (a decoded record, say).
///
/// - warning: A sink and its lease belong to one isolation domain: neither is `Sendable`.
open class LeaseSink {
    // The links, previous then next, as the bit patterns of unretained references (0: none):
    // walking and relinking never retain or release (measured: `unowned(unsafe)` links pay an
    // atomic retain/release per read). One stored pair, so that `ByteStorage` can keep a short
    // copy or its release context in these 16 bytes once it is off every list (`_lease == nil`):
    // that is what keeps a `Bytes` sink within 64 bytes. Exclusivity is not checked at run time
    // (measured: ~75 % of a lend went to `swift_beginAccess`): every access is a short load or
    // store on one isolation domain; none is held across a call.
    @exclusivity(unchecked) @usableFromInline final var _links: (UInt, UInt) = (0, 0)
    @exclusivity(unchecked) @usableFromInline final var _lease: Unmanaged<Lease>?
    /// Bytes this sink will ask the copier's arena for at expiry (0 when it copies inline).
    @exclusivity(unchecked) @usableFromInline final var _arenaBytes: Int = 0

    /// The previous sink on the lease's list (meaningful only while registered).
    @inlinable final var _previous: Unmanaged<LeaseSink>? {
        @inline(__always) get { UnsafeRawPointer(bitPattern: _links.0).map { Unmanaged.fromOpaque($0) } }
        @inline(__always) set { _links.0 = UInt(bitPattern: newValue?.toOpaque()) }
    }

    /// The next sink on the lease's list (meaningful only while registered).
    @inlinable final var _next: Unmanaged<LeaseSink>? {
        @inline(__always) get { UnsafeRawPointer(bitPattern: _links.1).map { Unmanaged.fromOpaque($0) } }
        @inline(__always) set { _links.1 = UInt(bitPattern: newValue?.toOpaque()) }
    }

    /// Creates a sink that is not registered on any lease.
    public init() {}

    /// Whether the sink currently points into lent memory, registered on a live lease.
    @inlinable public final var isRegistered: Bool { _lease != nil }

    /// Called once, the moment before the lease this sink is registered on ends.
    ///
    /// The sink is already unlinked when this runs. Copy whatever still points into the lease's
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
