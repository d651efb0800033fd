/// A view of an engine restricted to the keys under a prefix, with the prefix removed: a
/// namespace, like abstract-level's sublevels.
///
/// Keys you pass are stored as `prefix + key`; keys you read come back without the prefix as a
/// zero-copy slice of the lent key, on the same lease. Ranges, reverse scans, limits and range
/// deletes never leave the namespace.
public final class PrefixedEngine<Base: Engine>: Engine {
    /// The engine underneath.
    public let base: Base
    /// The bytes every key of this namespace starts with.
    public let prefix: [UInt8]

    /// A namespace of `base` under `prefix` (which must not be empty).
    public init(_ base: Base, prefix: some Sequence<UInt8>) throws {
        self.base = base
        self.prefix = Array(prefix)
        if self.prefix.isEmpty { throw LeaseholdError.invalidArgument("empty namespace prefix") }
    }

    public var capabilities: Capabilities {
        var c = base.capabilities
        c.maxKeySize = c.maxKeySize.map { $0 - prefix.count }
        return c
    }

    public var statistics: LeaseStatistics { base.statistics }

    public func read<R>(_ body: (PrefixedReadTransaction<Base.ReadTxn>) throws -> R) throws -> R {
        let capabilities = self.capabilities
        return try base.read { try body(PrefixedReadTransaction($0, prefix: prefix, capabilities: capabilities)) }
    }

    public func write<R>(_ body: (PrefixedWriteTransaction<Base.WriteTxn>) throws -> R) throws -> R {
        let capabilities = self.capabilities
        return try base.write { try body(PrefixedWriteTransaction($0, prefix: prefix, capabilities: capabilities)) }
    }

    /// Closes the engine underneath.
    public func close() throws { try base.close() }
}

extension Engine {
    /// A namespace of this engine under `prefix`. See ``PrefixedEngine``.
    public func prefixed(by prefix: some Sequence<UInt8>) throws -> PrefixedEngine<Self> {
        try PrefixedEngine(self, prefix: prefix)
    }
}

/// Prepends a prefix to keys without a heap allocation for keys up to a few hundred bytes.
@usableFromInline
func withPrefixed<R>(_ prefix: [UInt8], _ key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    let total = prefix.count + key.count
    return try withUnsafeTemporaryAllocation(byteCount: total, alignment: 1) { buffer in
        prefix.withUnsafeBytes { buffer.copyMemory(from: $0) }
        if !key.isEmpty { UnsafeMutableRawBufferPointer(rebasing: buffer[prefix.count...]).copyMemory(from: key) }
        return try body(UnsafeRawBufferPointer(buffer))
    }
}

/// Maps a range of namespace keys to the range of stored keys.
func prefixedRange(_ range: KeyRange, _ prefix: [UInt8]) -> KeyRange {
    let lower: KeyRange.Bound
    switch range.lower {
    case .unbounded: lower = .inclusive(prefix)
    case .inclusive(let b): lower = .inclusive(prefix + b)
    case .exclusive(let b): lower = .exclusive(prefix + b)
    }
    let upper: KeyRange.Bound
    switch range.upper {
    case .unbounded: upper = KeyRange.successor(ofPrefix: prefix).map { .exclusive($0) } ?? .unbounded
    case .inclusive(let b): upper = .inclusive(prefix + b)
    case .exclusive(let b): upper = .exclusive(prefix + b)
    }
    return KeyRange(lower: lower, upper: upper)
}

/// A read transaction inside a namespace.
public final class PrefixedReadTransaction<Base: ReadTransaction>: ReadTransaction {
    let base: Base
    let prefix: [UInt8]
    public let capabilities: Capabilities

    init(_ base: Base, prefix: [UInt8], capabilities: Capabilities) {
        self.base = base
        self.prefix = prefix
        self.capabilities = capabilities
    }

    public func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? {
        try withPrefixed(prefix, key) { try base.value(forKey: $0) }
    }
    public func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try withPrefixed(prefix, key) { try base.withValue(forKey: $0, body) }
    }
    public func makeCursor() throws -> PrefixedCursor<Base.Cursor> { PrefixedCursor(try base.makeCursor(), prefix: prefix) }
}

/// A write transaction inside a namespace. Its reads are a ``PrefixedReadTransaction`` over the
/// same transaction.
public final class PrefixedWriteTransaction<Base: WriteTransaction>: WriteTransaction, ForwardingReadTransaction {
    let base: Base
    let prefix: [UInt8]
    /// The read primitives, inside the namespace.
    public let reader: PrefixedReadTransaction<Base>

    init(_ base: Base, prefix: [UInt8], capabilities: Capabilities) {
        self.base = base
        self.prefix = prefix
        reader = PrefixedReadTransaction(base, prefix: prefix, capabilities: capabilities)
    }

    public func willUpdate() { base.willUpdate() }
    public func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws {
        try withPrefixed(prefix, key) { try base.put(key: $0, value: value) }
    }
    public func delete(key: UnsafeRawBufferPointer) throws -> Bool {
        try withPrefixed(prefix, key) { try base.delete(key: $0) }
    }
    public func deleteKeys(in range: KeyRange) throws -> Int { try base.deleteKeys(in: prefixedRange(range, prefix)) }
}

/// A cursor inside a namespace: positions never leave the prefix; keys come back without it.
///
/// Like an engine's own cursor it stands before the first record when new, and stays past
/// whichever end a move ran off, so the opposite move steps back in — even though the base cursor
/// has moved onto a neighbour of the namespace, or off the store's own end.
public final class PrefixedCursor<Base: EngineCursor>: EngineCursor {
    let base: Base
    let prefix: [UInt8]
    let end: [UInt8]?
    /// Where the cursor stands when it is on no record of the namespace.
    enum Place { case beforeFirst, at, afterLast }
    var place = Place.beforeFirst

    init(_ base: Base, prefix: [UInt8]) {
        self.base = base
        self.prefix = prefix
        end = KeyRange.successor(ofPrefix: prefix)
    }

    public var lease: Lease { base.lease }
    public var leaseEndsOnMove: Bool { base.leaseEndsOnMove }
    public var valueLease: Lease { base.valueLease }
    public var valueLeaseEndsOnMove: Bool { base.valueLeaseEndsOnMove }

    /// Whether the base cursor landed inside the namespace; if not, the cursor stands `otherwise`.
    private func inside(_ positioned: Bool, otherwise: Place) -> Bool {
        let landed = positioned && {
            let key = base.currentKey
            return key.count >= prefix.count && prefix.withUnsafeBytes {
                Bytes.compare(UnsafeRawBufferPointer(rebasing: key[..<prefix.count]), $0) == 0
            }
        }()
        place = landed ? .at : otherwise
        return landed
    }

    public func first() throws -> Bool {
        try inside(prefix.withUnsafeBytes { try base.seek($0) }, otherwise: .afterLast)
    }
    public func last() throws -> Bool {
        guard let end else { return try inside(base.last(), otherwise: .beforeFirst) }
        return try inside(end.withUnsafeBytes { try base.seek($0) } ? base.previous() : base.last(), otherwise: .beforeFirst)
    }
    public func next() throws -> Bool {
        switch place {
        case .beforeFirst: return try first()
        case .afterLast: _ = try base.next(); return false  // the base still says if the transaction ended
        case .at: return try inside(base.next(), otherwise: .afterLast)
        }
    }
    public func previous() throws -> Bool {
        switch place {
        case .afterLast: return try last()
        case .beforeFirst: _ = try base.previous(); return false
        case .at: return try inside(base.previous(), otherwise: .beforeFirst)
        }
    }
    public func seek(_ key: UnsafeRawBufferPointer) throws -> Bool {
        try inside(withPrefixed(prefix, key) { try base.seek($0) }, otherwise: .afterLast)
    }
    public var currentKey: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: base.currentKey[prefix.count...]) }
    public var currentValue: UnsafeRawBufferPointer { base.currentValue }
}
