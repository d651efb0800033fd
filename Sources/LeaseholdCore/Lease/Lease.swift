#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One span of validity of memory lent by a storage engine, and the registry of every sink that
/// points into it.
///
/// An adapter creates a lease for each kind of span its engine has — a read transaction, a write
/// transaction between two updates, one iterator step, a pinned slice — and calls ``expire()`` the
/// moment before that memory becomes invalid. Expiry tells every live sink, once, to copy itself
/// (all of them into one ``ExpiryArena`` allocation, small ones inline), and leaves the lease
/// empty and ready for the next span: an iterator reuses one lease for all its steps. Expiring an
/// empty lease costs a branch, so expiring twice is harmless. ``end()`` expires and publishes the
/// lease's counters; `deinit` ends the lease too.
///
/// The registry is a table of the live sinks, each of which knows its place in it: registering
/// appends, unregistering moves the last entry into the hole, and expiry walks the table in
/// order. (A linked list through the sinks, measured against it, waits for each sink's memory
/// before it learns where the next one is: once the heap is shuffled by a long-running program,
/// its expiry walk cost 5–10 times the table's.)
///
/// Adapters never notify sinks themselves: they only create leases and expire them.
///
/// - warning: A lease and its sinks belong to one isolation domain; the type is not `Sendable`.
///   The memory a lease stands for must stay valid until `expire()` returns.
public final class Lease {
    /// The live sinks, `_liveSinks` of them, in `_capacity` entries (`nil` until the first).
    @exclusivity(unchecked) @usableFromInline var _sinks: UnsafeMutablePointer<Unmanaged<LeaseSink>>?
    @exclusivity(unchecked) @usableFromInline var _capacity = 0
    @exclusivity(unchecked) @usableFromInline var _liveSinks = 0
    /// Running total of the arena bytes live sinks will need, so expiry sizes its arena without a
    /// second walk.
    @exclusivity(unchecked) @usableFromInline var _liveArenaBytes = 0
    /// Counters not yet published to `statistics` (plain integers: the hot path stays cheap).
    @exclusivity(unchecked) @usableFromInline var _pending = LeaseCounters()
    /// The table being walked by ``expire()`` and its length, so that a sink that dies during
    /// the walk (dropped by another sink's `leaseWillEnd`) leaves a hole instead of a stale entry.
    @exclusivity(unchecked) @usableFromInline var _walking: UnsafeMutablePointer<Unmanaged<LeaseSink>>?
    @exclusivity(unchecked) @usableFromInline var _walkingCount = 0
    /// Leftover room from the last expiry's arena, reused by the next expiry of this lease.
    @exclusivity(unchecked) var spareArena: ExpiryArena? {
        didSet { _spare = spareArena.map { Unmanaged.passUnretained($0) } }
    }
    /// ``spareArena``, unretained (it holds the arena): what an expiry's copier starts from.
    @exclusivity(unchecked) var _spare: Unmanaged<ExpiryArena>?
    @exclusivity(unchecked) var expiries = 0
    /// Where ``end()`` publishes this lease's counters (besides ``LeaseStatistics/process``).
    public let statistics: LeaseStatistics?

    /// Creates an empty lease that publishes its counters to `statistics` (usually the engine's).
    @_spi(Adapter)
    public init(statistics: LeaseStatistics? = nil) {
        self.statistics = statistics
    }

    deinit {
        end()
        free(UnsafeMutableRawPointer(_sinks))
    }

    /// The number of sinks registered right now.
    public var liveSinkCount: Int { _liveSinks }

    /// The arena bytes the live sinks would need if the lease expired now.
    public var liveArenaBytes: Int { _liveArenaBytes }

    /// Registers `sink`, which must not be registered anywhere. O(1); allocates only when the
    /// table of live sinks doubles.
    ///
    /// - Parameters:
    ///   - sink: the sink to register.
    ///   - arenaBytes: the bytes the sink will copy into the arena at expiry (0 if it
    ///     copies inline or not at all).
    @_spi(Adapter) @inlinable @inline(__always)
    public func register(_ sink: LeaseSink, arenaBytes: Int) { _register(sink, arenaBytes: arenaBytes) }

    /// ``register(_:arenaBytes:)``, for the core's inlinable code.
    @inlinable @inline(__always)
    func _register(_ sink: LeaseSink, arenaBytes: Int) {
        assert(sink._lease == nil, "a sink is registered on one lease at a time")
        if _slowPath(_liveSinks == _capacity) { _grow() }
        _sinks.unsafelyUnwrapped[_liveSinks] = Unmanaged.passUnretained(sink)
        sink._lease = Unmanaged.passUnretained(self)
        sink._registration = (_liveSinks, arenaBytes)
        _liveSinks &+= 1
        _liveArenaBytes &+= arenaBytes
        _pending.sinksRegistered &+= 1
    }

    /// Doubles the table of live sinks (at least 16 entries).
    @usableFromInline @inline(never)
    func _grow() {
        let capacity = max(16, _capacity * 2)
        guard let grown = realloc(UnsafeMutableRawPointer(_sinks), capacity * MemoryLayout<Unmanaged<LeaseSink>>.stride) else {
            fatalError("out of memory for \(capacity) lease registrations")
        }
        _sinks = grown.assumingMemoryBound(to: Unmanaged<LeaseSink>.self)
        _capacity = capacity
    }

    /// Removes `sink` from this lease without copying it. O(1), no allocation. A sink that is not
    /// registered here is left alone.
    @_spi(Adapter) @inlinable
    public func unregister(_ sink: LeaseSink) {
        guard let owner = sink._lease, owner.toOpaque() == Unmanaged.passUnretained(self).toOpaque()
        else { return }
        _unlink(sink)
    }

    /// Records that a registered sink now lends other memory of this same lease: it stays
    /// registered; only the byte total changes. Counts as a registration.
    @inlinable
    func _retarget(_ sink: LeaseSink, arenaBytes: Int) {
        _liveArenaBytes &+= arenaBytes &- sink._arenaBytes
        sink._arenaBytes = arenaBytes
        _pending.sinksRegistered &+= 1
    }

    /// Takes `sink`, registered here, off the table: the last entry moves into its place.
    @usableFromInline
    func _unlink(_ sink: LeaseSink) {
        let index = sink._index
        if let walking = _walking, index < _walkingCount,
           walking[index].toOpaque() == Unmanaged.passUnretained(sink).toOpaque() {
            // Not reached yet by the expiry walk: leave a hole it skips.
            walking[index] = Lease._hole
            sink._lease = nil
            sink._registration = (0, 0)
            return
        }
        _liveArenaBytes &-= sink._arenaBytes
        sink._lease = nil
        sink._registration = (0, 0)
        let last = _liveSinks &- 1
        if index != last {
            let moved = _sinks.unsafelyUnwrapped[last]
            _sinks.unsafelyUnwrapped[index] = moved
            moved._withUnsafeGuaranteedRef { $0._index = index }
        }
        _liveSinks = last
    }

    /// Ends the current span: every live sink copies itself, then the lease is empty.
    ///
    /// Each sink is notified exactly once, in the order it registered; it is off the table
    /// before it is told, so it may rewrite itself freely. Sinks registered afterwards belong to
    /// the next span.
    public func expire() {
        guard _liveSinks > 0, let table = _sinks else { return }
        _checkInvariants()
        let count = _liveSinks
        let capacity = _capacity
        // Take the table away: registrations during the walk go to a table of their own. (An
        // expiry from inside the walk walks that one, and the outer walk resumes after it.)
        _sinks = nil
        _capacity = 0
        _liveSinks = 0
        let outer = (_walking, _walkingCount)
        _walking = table
        _walkingCount = count
        // A nested expiry (from a sink's `leaseWillEnd`) neither uses nor replaces the spare
        // arena: the outer walk's copier copies into it unretained.
        let nested = outer.0 != nil
        var copier = ExpiryCopier(lease: self, bytesToCopy: _liveArenaBytes, spare: nested ? nil : _spare)
        _liveArenaBytes = 0
        // Each sink is taken off the table before it is copied: the copy rewrites its
        // registration words. A sink of lent bytes is copied here, by the one standard rule of
        // `LeaseSink`; any other sink is told through its `leaseWillEnd`.
        let hole = Lease._hole.toOpaque()
        for i in 0 ..< count {
            let node = table[i]
            if node.toOpaque() == hole { continue }
            table[i] = Lease._hole
            if _fastPath(node._withUnsafeGuaranteedRef { $0._state == .shared }) {
                LeaseSink._copyLentBytes(node, &copier)
            } else {
                Lease.notify(node, &copier)
            }
        }
        (_walking, _walkingCount) = outer
        // Keep the table's room for the next span, unless sinks registered during the walk.
        if _sinks == nil {
            _sinks = table
            _capacity = capacity
        } else {
            free(table)
        }
        expiries &+= 1
        copier.finish(into: &_pending)
        if !nested { copier.keepSpare(in: self) }
    }

    /// Expires the lease and publishes its counters. Idempotent; `deinit` calls it too.
    public func end() {
        expire()
        if _walking == nil { spareArena = nil }  // (inside a walk, its copier uses it)
        guard _pending != LeaseCounters() else { return }
        statistics?.add(_pending)
        LeaseStatistics.process.add(_pending)
        _pending = LeaseCounters()
    }

    /// The counters this lease has gathered and not yet published.
    public var unpublishedCounters: LeaseCounters { _pending }

    /// Checks the table and totals (debug builds only).
    func _checkInvariants() {
        #if DEBUG
        var bytes = 0
        for i in 0 ..< _liveSinks {
            _sinks![i]._withUnsafeGuaranteedRef { sink in
                precondition(sink._index == i, "sink \(i) thinks it is at \(sink._index)")
                precondition(sink._lease?.toOpaque() == Unmanaged.passUnretained(self).toOpaque())
                bytes += sink._arenaBytes
            }
        }
        precondition(bytes == _liveArenaBytes)
        #endif
    }
}

extension Lease {
    /// Tells a sink that is not lent bytes that its lease is ending (out of line: the walk's
    /// loop stays small enough to inline the standard copy).
    @inline(never)
    static func notify(_ node: Unmanaged<LeaseSink>, _ copier: inout ExpiryCopier) {
        node._withUnsafeGuaranteedRef { sink in
            sink._lease = nil
            sink._registration = (0, 0)
            sink.leaseWillEnd(copyingWith: &copier)
        }
    }

    /// The entry the expiry walk leaves where a sink was: a bit pattern no object has (it is
    /// compared, never dereferenced).
    @usableFromInline static var _hole: Unmanaged<LeaseSink> {
        Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: 1)!)
    }
}
