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
/// `Bytes` is the sink every engine hands out; subclass `LeaseSink` only to build a value type of
/// your own that is backed by leased memory (a decoded record, say).
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

    /// Creates a sink that is not registered on any lease.
    public init() {}

    /// Whether the sink currently points into lent memory, registered on a live lease.
    @inlinable public final var isRegistered: Bool { _lease != nil }

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
