/// A type-erased engine: the same API for a store chosen at run time.
///
/// Wrap any engine with `AnyEngine(engine)`. Each call costs one dynamic dispatch more than the
/// concrete engine (a few nanoseconds); leases and lending are the wrapped engine's own.
public final class AnyEngine: Engine {
    /// The wrapped engine.
    public let base: any Engine

    /// Wraps `base`.
    public init(_ base: some Engine) {
        if let already = base as? AnyEngine { self.base = already.base } else { self.base = base }
    }

    public var capabilities: Capabilities { base.capabilities }
    public var statistics: LeaseStatistics { base.statistics }

    public func read<R>(_ body: (AnyReadTransaction) throws -> R) throws -> R {
        try Self.read(base, body)
    }

    public func write<R>(_ body: (AnyWriteTransaction) throws -> R) throws -> R {
        try Self.write(base, body)
    }

    public func close() throws { try base.close() }

    private static func read<E: Engine, R>(_ engine: E, _ body: (AnyReadTransaction) throws -> R) throws -> R {
        try engine.read { try body(AnyReadTransaction($0)) }
    }

    private static func write<E: Engine, R>(_ engine: E, _ body: (AnyWriteTransaction) throws -> R) throws -> R {
        try engine.write { try body(AnyWriteTransaction($0)) }
    }
}

/// A type-erased read transaction.
public final class AnyReadTransaction: ReadTransaction {
    /// The wrapped transaction.
    public let base: any ReadTransaction

    init(_ base: some ReadTransaction) { self.base = base }

    public var capabilities: Capabilities { base.capabilities }
    public func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? { try base.value(forKey: key) }
    public func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try base.withValue(forKey: key, body)
    }
    public func makeCursor() throws -> AnyEngineCursor { AnyEngineCursor(try base.makeCursor()) }
}

/// A type-erased write transaction. Its reads are an ``AnyReadTransaction`` over the same
/// transaction.
public final class AnyWriteTransaction: WriteTransaction, ForwardingReadTransaction {
    /// The wrapped transaction.
    public let base: any WriteTransaction
    /// The read primitives of the wrapped transaction.
    public let reader: AnyReadTransaction

    init(_ base: some WriteTransaction) {
        self.base = base
        reader = AnyReadTransaction(base)
    }

    public func willUpdate() { base.willUpdate() }
    public func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws { try base.put(key: key, value: value) }
    public func delete(key: UnsafeRawBufferPointer) throws -> Bool { try base.delete(key: key) }
    public func deleteKeys(in range: KeyRange) throws -> Int { try base.deleteKeys(in: range) }
}

/// A type-erased cursor.
public final class AnyEngineCursor: EngineCursor {
    /// The wrapped cursor.
    public let base: any EngineCursor

    init(_ base: some EngineCursor) { self.base = base }

    public var lease: Lease { base.lease }
    public var leaseEndsOnMove: Bool { base.leaseEndsOnMove }
    public var valueLease: Lease { base.valueLease }
    public var valueLeaseEndsOnMove: Bool { base.valueLeaseEndsOnMove }
    public func first() throws -> Bool { try base.first() }
    public func last() throws -> Bool { try base.last() }
    public func next() throws -> Bool { try base.next() }
    public func previous() throws -> Bool { try base.previous() }
    public func seek(_ key: UnsafeRawBufferPointer) throws -> Bool { try base.seek(key) }
    public var currentKey: UnsafeRawBufferPointer { base.currentKey }
    public var currentValue: UnsafeRawBufferPointer { base.currentValue }
}
