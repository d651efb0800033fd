/// A type-erased engine: the same API for a store chosen at run time.
///
/// Wrap any engine with `AnyEngine(engine)`. The erasure happens once per transaction and once per
/// cursor: the calls a scan makes per record go through a closure made for the concrete cursor
/// type when the engine was wrapped (the wrapping site knows it), so they run the engine's own
/// specialised code, never an existential. Leases and lending are the wrapped engine's own.
public final class AnyEngine: Engine {
    /// The wrapped engine.
    public let base: any Engine
    @usableFromInline let frames: ErasedFrames

    /// Wraps `base`.
    @inlinable
    public init<E: Engine>(_ base: E) {
        if let already = base as? AnyEngine {
            self.base = already.base
            frames = already.frames
        } else {
            self.base = base
            frames = ErasedFrames(base)
        }
    }

    public var capabilities: Capabilities { base.capabilities }
    public var statistics: LeaseStatistics { base.statistics }

    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func read<R>(_ body: (AnyReadTransaction) throws -> R) throws -> R {
        var result: R?
        try frames.read { result = try body($0) }
        guard let result else { throw LeaseholdError.transactionEnded }
        return result
    }

    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func write<R>(_ body: (AnyWriteTransaction) throws -> R) throws -> R {
        var result: R?
        try frames.write { result = try body($0) }
        guard let result else { throw LeaseholdError.transactionEnded }
        return result
    }

    @available(*, noasync, message: "blocks the thread: use AsyncStore (import LeaseholdAsync)")
    public func close() throws { try base.close() }

    /// The wrapped engine's change feed.
    public func changes(in range: KeyRange, after: CommitSequence?) throws -> ChangeFeed {
        try base.changes(in: range, after: after)
    }
}

/// The read and write frames of one concrete engine, as closures made where its type is known.
@usableFromInline
final class ErasedFrames: Sendable {
    @usableFromInline let read: @Sendable ((AnyReadTransaction) throws -> Void) throws -> Void
    @usableFromInline let write: @Sendable ((AnyWriteTransaction) throws -> Void) throws -> Void

    @inlinable
    init<E: Engine>(_ engine: E) {
        read = { body in
            try engine.read { txn in
                try body(ReadTransaction(reader: AnyReader(txn.reader), scope: txn.scope, capabilities: txn.capabilities))
            }
        }
        write = { body in
            try engine.write { txn in
                try body(WriteTransaction(
                    reader: AnyWriter(txn.reader), scope: txn.scope, capabilities: txn.capabilities, recorder: txn.recorder))
            }
        }
    }
}

/// The read primitives of any engine, type-erased (the adapter tier of ``AnyEngine``).
public class AnyReader: StoreReader {
    @usableFromInline let readerBase: any StoreReader
    @usableFromInline let cursorMaker: () throws -> AnyCursor

    @inlinable
    init<Base: StoreReader>(_ base: Base) {
        readerBase = base
        cursorMaker = { AnyCursor(try base.makeCursor()) }
    }

    public final func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? { try readerBase.value(forKey: key) }
    public final func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try readerBase.withValue(forKey: key, body)
    }
    public final func makeCursor() throws -> AnyCursor { try cursorMaker() }
}

/// The write primitives of any engine, type-erased.
public final class AnyWriter: AnyReader, StoreWriter {
    @usableFromInline let writerBase: any StoreWriter

    @inlinable
    init<Base: StoreWriter>(_ base: Base) {
        writerBase = base
        super.init(base)
    }

    public func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws { try writerBase.put(key: key, value: value) }
    public func delete(key: UnsafeRawBufferPointer) throws -> Bool { try writerBase.delete(key: key) }
    public func deleteKeys(in range: KeyRange) throws -> Int { try writerBase.deleteKeys(in: range) }
}
