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
/// Adapters never notify sinks themselves: they only create leases and expire them.
///
/// - warning: A lease and its sinks belong to one isolation domain; the type is not `Sendable`.
///   The memory a lease stands for must stay valid until `expire()` returns.
public final class Lease {
    @exclusivity(unchecked) @usableFromInline var _head: Unmanaged<LeaseSink>?
    @exclusivity(unchecked) @usableFromInline var _liveSinks = 0
    /// Running total of the arena bytes live sinks will need, so expiry sizes its arena without a
    /// second walk.
    @exclusivity(unchecked) @usableFromInline var _liveArenaBytes = 0
    /// Counters not yet published to `statistics` (plain integers: the hot path stays cheap).
    @exclusivity(unchecked) @usableFromInline var _pending = LeaseCounters()
    /// Leftover room from the last expiry's arena, reused by the next expiry of this lease.
    @exclusivity(unchecked) var spareArena: ExpiryArena?
    @exclusivity(unchecked) var expiries = 0
    /// Where ``end()`` publishes this lease's counters (besides ``LeaseStatistics/process``).
    public let statistics: LeaseStatistics?

    /// Creates an empty lease that publishes its counters to `statistics` (usually the engine's).
    public init(statistics: LeaseStatistics? = nil) {
        self.statistics = statistics
    }

    deinit { end() }

    /// The number of sinks registered right now.
    public var liveSinkCount: Int { _liveSinks }

    /// The arena bytes the live sinks would need if the lease expired now.
    public var liveArenaBytes: Int { _liveArenaBytes }

    /// Registers `sink`, which must not be registered anywhere. O(1), no allocation.
    ///
    /// - Parameters:
    ///   - sink: the sink to register.
    ///   - arenaBytes: the bytes the sink will copy into the arena at expiry (0 if it
    ///     copies inline or not at all).
    @inlinable
    public func register(_ sink: LeaseSink, arenaBytes: Int) {
        assert(sink._lease == nil, "a sink is registered on one lease at a time")
        let node = Unmanaged.passUnretained(sink)
        sink._lease = Unmanaged.passUnretained(self)
        sink._previous = nil
        sink._next = _head
        sink._arenaBytes = arenaBytes
        if let head = _head {
            head._withUnsafeGuaranteedRef { $0._previous = node }
        }
        _head = node
        _liveSinks &+= 1
        _liveArenaBytes &+= arenaBytes
        _pending.sinksRegistered &+= 1
    }

    /// Removes `sink` from this lease without copying it. O(1), no allocation. A sink that is not
    /// registered here is left alone.
    @inlinable
    public func unregister(_ sink: LeaseSink) {
        guard let owner = sink._lease, owner.toOpaque() == Unmanaged.passUnretained(self).toOpaque()
        else { return }
        _unlink(sink)
    }

    /// Records that a registered sink now lends other memory of this same lease: it stays
    /// linked; only the byte total changes. Counts as a registration.
    @inlinable
    func _retarget(_ sink: LeaseSink, arenaBytes: Int) {
        _liveArenaBytes &+= arenaBytes &- sink._arenaBytes
        sink._arenaBytes = arenaBytes
        _pending.sinksRegistered &+= 1
    }

    @usableFromInline
    func _unlink(_ sink: LeaseSink) {
        let previous = sink._previous
        let next = sink._next
        if let previous {
            previous._withUnsafeGuaranteedRef { $0._next = next }
        } else {
            _head = next
        }
        if let next {
            next._withUnsafeGuaranteedRef { $0._previous = previous }
        }
        sink._previous = nil
        sink._next = nil
        sink._lease = nil
        _liveSinks &-= 1
        _liveArenaBytes &-= sink._arenaBytes
        sink._arenaBytes = 0
    }

    /// Ends the current span: every live sink copies itself, then the lease is empty.
    ///
    /// Each sink is notified exactly once; a sink is unlinked, and its successor read, before it
    /// is told, so a sink may rewrite itself freely. Sinks registered afterwards belong to the
    /// next span.
    public func expire() {
        guard let first = _head else { return }
        _checkInvariants()
        _head = nil
        var copier = ExpiryCopier(lease: self, bytesToCopy: _liveArenaBytes)
        // `Bytes` sinks are copied by a direct call (their links are overwritten by the copy);
        // any other sink is unlinked and told through its `leaseWillEnd`.
        let byteStorage = ObjectIdentifier(ByteStorage.self)
        var cursor: Unmanaged<LeaseSink>? = first
        while let node = cursor {
            cursor = node._withUnsafeGuaranteedRef { sink in
                let next = sink._next
                sink._lease = nil
                sink._arenaBytes = 0
                if ObjectIdentifier(type(of: sink)) == byteStorage {
                    unsafeDowncast(sink, to: ByteStorage.self).copyOut(&copier)
                } else {
                    sink._links = (0, 0)
                    sink.leaseWillEnd(copyingWith: &copier)
                }
                return next
            }
        }
        _liveSinks = 0
        _liveArenaBytes = 0
        expiries &+= 1
        copier.finish(into: &_pending)
        spareArena = copier.spareArena
    }

    /// Expires the lease and publishes its counters. Idempotent; `deinit` calls it too.
    public func end() {
        expire()
        spareArena = nil
        guard _pending != LeaseCounters() else { return }
        statistics?.add(_pending)
        LeaseStatistics.process.add(_pending)
        _pending = LeaseCounters()
    }

    /// The counters this lease has gathered and not yet published.
    public var unpublishedCounters: LeaseCounters { _pending }

    /// Walks the list and checks its links and totals (debug builds only).
    func _checkInvariants() {
        #if DEBUG
        var count = 0
        var bytes = 0
        var previous: Unmanaged<LeaseSink>? = nil
        var cursor = _head
        while let node = cursor {
            node._withUnsafeGuaranteedRef { sink in
                precondition(sink._previous?.toOpaque() == previous?.toOpaque())
                precondition(sink._lease?.toOpaque() == Unmanaged.passUnretained(self).toOpaque())
                bytes += sink._arenaBytes
                cursor = sink._next
            }
            previous = node
            count += 1
        }
        precondition(count == _liveSinks && bytes == _liveArenaBytes)
        #endif
    }
}
