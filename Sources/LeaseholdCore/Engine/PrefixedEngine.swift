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

    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func read<R>(_ body: (ReadTransaction<PrefixedReader<Base.Reader>>) throws -> R) throws -> R {
        let capabilities = self.capabilities
        return try base.read { txn in
            try body(ReadTransaction(reader: PrefixedReader(txn.reader, prefix: prefix), scope: txn.scope, capabilities: capabilities))
        }
    }

    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func write<R>(_ body: (WriteTransaction<PrefixedWriter<Base.Writer>>) throws -> R) throws -> R {
        let capabilities = self.capabilities
        return try base.write { txn in
            try body(WriteTransaction(
                reader: PrefixedWriter(txn.reader, prefix: prefix), scope: txn.scope, capabilities: capabilities,
                recorder: txn.recorder?.prefixed(by: prefix)))
        }
    }

    /// Closes the engine underneath.
    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func close() throws { try base.close() }

    /// The base's feed of the commits under the prefix that touch `range`, keys without the
    /// prefix.
    public func changes(in range: KeyRange, after: CommitSequence?) throws -> ChangeFeed {
        try base.changes(in: prefixedRange(range, prefix), after: after).droppingKeyPrefix(prefix.count)
    }
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

/// The read primitives of a namespace (the adapter tier of ``PrefixedEngine``): the base's,
/// with the prefix put before every key.
public class PrefixedReader<Base: StoreReader>: StoreReader {
    let base: Base
    let prefix: [UInt8]

    init(_ base: Base, prefix: [UInt8]) {
        self.base = base
        self.prefix = prefix
    }

    public final func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? {
        try withPrefixed(prefix, key) { try base.value(forKey: $0) }
    }
    public final func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try withPrefixed(prefix, key) { try base.withValue(forKey: $0, body) }
    }
    public final func makeCursor() throws -> PrefixedCursor<Base.Cursor> { PrefixedCursor(try base.makeCursor(), prefix: prefix) }
}

/// The write primitives of a namespace.
public final class PrefixedWriter<Base: StoreWriter>: PrefixedReader<Base>, StoreWriter {
    public func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws {
        try withPrefixed(prefix, key) { try base.put(key: $0, value: value) }
    }
    public func delete(key: UnsafeRawBufferPointer) throws -> Bool {
        try withPrefixed(prefix, key) { try base.delete(key: $0) }
    }
    public func deleteKeys(in range: KeyRange) throws -> Int { try base.deleteKeys(in: prefixedRange(range, prefix)) }
}

/// A cursor inside a namespace: it lands only on keys under the prefix, and gives them back
/// without it (a slice of the base's key, on the same lease). Moving off the namespace is
/// moving off an end: the core's cursor then stands past it, even though the base cursor stands
/// on a neighbour of the namespace.
public struct PrefixedCursor<Base: StoreCursor>: StoreCursor {
    var base: Base
    let prefix: [UInt8]
    let end: [UInt8]?

    init(_ base: Base, prefix: [UInt8]) {
        self.base = base
        self.prefix = prefix
        end = KeyRange.successor(ofPrefix: prefix)
    }

    public var lending: CursorLending { base.lending }
    public var keepsPlaceAcrossUpdates: Bool { base.keepsPlaceAcrossUpdates }
    public func moveKeepsMemory(_ move: CursorMove) -> Bool { base.moveKeepsMemory(move) }
    public mutating func close() { base.close() }

    /// Whether the base landed inside the namespace.
    private func inside(_ positioned: Bool) -> Bool {
        guard positioned else { return false }
        let key = base.key
        return key.count >= prefix.count && prefix.withUnsafeBytes {
            Bytes.compare(UnsafeRawBufferPointer(rebasing: key[..<prefix.count]), $0) == 0
        }
    }

    // Each move runs before `inside` reads the base (as `inside(try base.next())` would not:
    // the call would read a copy of `self` taken before the move).
    public mutating func first() throws -> Bool {
        let positioned = try prefix.withUnsafeBytes { try base.seek($0) }
        return inside(positioned)
    }
    public mutating func last() throws -> Bool {
        let positioned: Bool
        if let end {
            positioned = try end.withUnsafeBytes { try base.seek($0) } ? base.previous() : base.last()
        } else {
            positioned = try base.last()
        }
        return inside(positioned)
    }
    public mutating func next() throws -> Bool {
        let positioned = try base.next()
        return inside(positioned)
    }
    public mutating func previous() throws -> Bool {
        let positioned = try base.previous()
        return inside(positioned)
    }
    public mutating func seek(_ key: UnsafeRawBufferPointer) throws -> Bool {
        let positioned = try withPrefixed(prefix, key) { try base.seek($0) }
        return inside(positioned)
    }
    public var key: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: base.key[prefix.count...]) }
    public var value: UnsafeRawBufferPointer { base.value }
}
