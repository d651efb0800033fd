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

    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func read<R>(_ body: (AnyReadTransaction) throws -> R) throws -> R {
        try Self.read(base, body)
    }

    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func write<R>(_ body: (AnyWriteTransaction) throws -> R) throws -> R {
        try Self.write(base, body)
    }

    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func close() throws { try base.close() }

    /// The wrapped engine's change feed.
    public func changes(in range: KeyRange, after: CommitSequence?) throws -> ChangeFeed {
        try base.changes(in: range, after: after)
    }

    private static func read<E: Engine, R>(_ engine: E, _ body: (AnyReadTransaction) throws -> R) throws -> R {
        try engine.read { txn in
            try body(ReadTransaction(reader: AnyReader(txn.reader), scope: txn.scope, capabilities: txn.capabilities))
        }
    }

    private static func write<E: Engine, R>(_ engine: E, _ body: (AnyWriteTransaction) throws -> R) throws -> R {
        try engine.write { txn in
            try body(WriteTransaction(
                reader: AnyWriter(txn.reader), scope: txn.scope, capabilities: txn.capabilities, recorder: txn.recorder))
        }
    }
}

/// The read primitives of any engine, type-erased (the adapter tier of ``AnyEngine``).
public class AnyReader: StoreReader {
    let readerBase: any StoreReader

    init(_ base: any StoreReader) { readerBase = base }

    public final func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? { try readerBase.value(forKey: key) }
    public final func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try readerBase.withValue(forKey: key, body)
    }
    public final func makeCursor() throws -> AnyCursor { AnyCursor(try readerBase.makeCursor()) }
}

/// The write primitives of any engine, type-erased.
public final class AnyWriter: AnyReader, StoreWriter {
    let writerBase: any StoreWriter

    init(_ base: any StoreWriter) {
        writerBase = base
        super.init(base)
    }

    public func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws { try writerBase.put(key: key, value: value) }
    public func delete(key: UnsafeRawBufferPointer) throws -> Bool { try writerBase.delete(key: key) }
    public func deleteKeys(in range: KeyRange) throws -> Int { try writerBase.deleteKeys(in: range) }
}

/// A cursor of any engine, type-erased.
public struct AnyCursor: StoreCursor {
    var base: any StoreCursor

    init(_ base: any StoreCursor) { self.base = base }

    public var lending: CursorLending { base.lending }
    public var keepsPlaceAcrossUpdates: Bool { base.keepsPlaceAcrossUpdates }
    public mutating func first() throws -> Bool { try base.first() }
    public mutating func last() throws -> Bool { try base.last() }
    public mutating func next() throws -> Bool { try base.next() }
    public mutating func previous() throws -> Bool { try base.previous() }
    public mutating func seek(_ key: UnsafeRawBufferPointer) throws -> Bool { try base.seek(key) }
    public var key: UnsafeRawBufferPointer { base.key }
    public var value: UnsafeRawBufferPointer { base.value }
    public func moveKeepsMemory(_ move: CursorMove) -> Bool { base.moveKeepsMemory(move) }
    public mutating func close() { base.close() }
}
