#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A read transaction: a consistent view of the store for as long as the closure that received
/// it runs (``Engine/read(_:)``).
///
/// Everything it lends — values from ``get(_:)``, keys and values from ``scan(_:reverse:limit:_:)``,
/// ``records(_:reverse:limit:)`` and ``cursor()`` — points straight into the engine's memory and
/// copies itself the moment before that memory goes away, so you may keep any of it. Spans from
/// ``scanSpans(_:reverse:limit:_:)`` and ``withValue(forKey:_:)`` are never copied: they are
/// valid only inside their closure. How long each kind of read is lent is in the engine's
/// ``Capabilities``.
///
/// Once its closure returns the transaction is over: every call, and every move of a cursor or
/// iterator made from it, throws ``LeaseholdError/transactionEnded``. It is not `Sendable`.
///
/// `Reader` is the engine's adapter type (`LMDBReader`, `AnyReader`, …); application code never
/// sees its primitives. Write generic helpers as `func f(_ txn: ReadTransaction<some StoreReader>)`,
/// or take an ``AnyReadTransaction``.
public class ReadTransaction<Reader: StoreReader> {
    /// The adapter's primitives: reached only through this class, never by applications.
    @usableFromInline package let reader: Reader
    @usableFromInline let scope: TransactionScope
    /// The engine's manifest (for a namespace: with its shorter key limit).
    public let capabilities: Capabilities

    @usableFromInline
    init(reader: Reader, scope: TransactionScope, capabilities: Capabilities) {
        self.reader = reader
        self.scope = scope
        self.capabilities = capabilities
    }

    /// Whether the transaction is still open (its closure is running).
    public final var isOpen: Bool { scope.isOpen }

    /// Checks a key against the engine's rules: not empty, not longer than the limit.
    @inlinable
    public final func validate(key: UnsafeRawBufferPointer) throws {
        if key.isEmpty { throw LeaseholdError.invalidKey("empty key") }
        if let limit = capabilities.maxKeySize, key.count > limit {
            throw LeaseholdError.keyTooLarge(size: key.count, limit: limit)
        }
    }

    /// The value stored under `key`, or `nil`.
    ///
    /// The value is lent from the engine's memory (see ``Capabilities/pointReads``) and copied
    /// transparently if you keep it past its lease.
    @inlinable
    public final func get(_ key: some ContiguousBytes) throws -> Bytes? {
        try scope.checkOpen()
        return try key.withUnsafeBytes { k in
            try validate(key: k)
            return try reader.value(forKey: k)
        }
    }

    /// Whether a value is stored under `key`.
    public final func contains(_ key: some ContiguousBytes) throws -> Bool {
        try scope.checkOpen()
        return try key.withUnsafeBytes { k in
            try validate(key: k)
            return try reader.withValue(forKey: k) { $0 != nil }
        }
    }

    /// Calls `body` with a `RawSpan` over the value stored under `key`; returns `nil` without
    /// calling it when there is none. Allocates nothing.
    ///
    /// - warning: The span is valid only inside `body`.
    @inlinable
    public final func withValue<R>(forKey key: some ContiguousBytes, _ body: (RawSpan) throws -> R) throws -> R? {
        try scope.checkOpen()
        return try key.withUnsafeBytes { k in
            try validate(key: k)
            return try reader.withValue(forKey: k) { buffer in try buffer.map { try body($0.bytes) } }
        }
    }

    /// Calls `body` with each record of `range` in key order (or reverse), up to `limit` records.
    ///
    /// The hot-loop form: `key` and `value` are lent, and the storage of a record you did not
    /// keep is reused for the next one, so a scan that keeps nothing allocates nothing per record.
    /// Values you do keep are copied only if their lease ends while you hold them.
    @inlinable
    public final func scan(
        _ range: KeyRange = .all, reverse: Bool = false, limit: Int? = nil,
        _ body: (_ key: Bytes, _ value: Bytes) throws -> Void
    ) throws {
        var walker = try walk(range, reverse: reverse, limit: limit)
        defer { walker.finish() }
        // The loop is written for unchecked lending, with `checked: false` as a constant that
        // folds away; checked mode takes a loop of its own, out of line.
        if _slowPath(walker.checked) { return try Self.scanChecked(&walker, body) }
        while try walker.advance(checked: false) {
            try walker.withCurrentRecord(checked: false, body)
        }
    }

    @inlinable @inline(never)
    static func scanChecked(_ walker: inout RangeWalker<Reader.Cursor>, _ body: (Bytes, Bytes) throws -> Void) throws {
        while try walker.advance(checked: true) {
            try walker.withCurrentRecord(checked: true, body)
        }
    }

    /// Calls `body` with `RawSpan`s over each record's key and value: no `Bytes`, no allocation.
    ///
    /// - warning: The spans are valid only inside `body`.
    @inlinable
    public final func scanSpans(
        _ range: KeyRange = .all, reverse: Bool = false, limit: Int? = nil,
        _ body: (_ key: RawSpan, _ value: RawSpan) throws -> Void
    ) throws {
        var walker = try walk(range, reverse: reverse, limit: limit)
        // (No `defer` here: with the spans' lifetimes it crashes the 6.3 optimizer.)
        do {
            if _slowPath(walker.checked) {
                try Self.scanSpansChecked(&walker, body)
            } else {
                while try walker.advance(checked: false) {
                    let key = walker.currentKey(checked: false), value = walker.currentValue(checked: false)
                    try body(key.bytes, value.bytes)
                }
            }
        } catch {
            walker.finish()
            throw error
        }
        walker.finish()
    }

    @inlinable @inline(never)
    static func scanSpansChecked(_ walker: inout RangeWalker<Reader.Cursor>, _ body: (RawSpan, RawSpan) throws -> Void) throws {
        while try walker.advance(checked: true) {
            let key = walker.currentKey(checked: true), value = walker.currentValue(checked: true)
            try body(key.bytes, value.bytes)
        }
    }

    /// The records of `range`, one at a time through a throwing `next()`.
    @inlinable
    public final func records(_ range: KeyRange = .all, reverse: Bool = false, limit: Int? = nil) throws -> RecordIterator<Reader.Cursor> {
        RecordIterator(walker: try walk(range, reverse: reverse, limit: limit))
    }

    /// A cursor that lends records as `Bytes`, standing before the first record.
    @inlinable
    public final func cursor() throws -> LeaseCursor<Reader.Cursor> { LeaseCursor(try managedCursor()) }

    /// The number of records in `range`.
    public final func count(_ range: KeyRange = .all) throws -> Int {
        var walker = try walk(range, reverse: false, limit: nil)
        defer { walker.finish() }
        var n = 0
        while try walker.advance() { n += 1 }
        return n
    }

    /// A walk over `range` with a new cursor.
    @inlinable
    final func walk(_ range: KeyRange, reverse: Bool, limit: Int?) throws -> RangeWalker<Reader.Cursor> {
        try RangeWalker(cursor: managedCursor(), range: range, reverse: reverse, limit: limit)
    }

    /// A new adapter cursor in the core's frame.
    @inlinable
    final func managedCursor() throws -> ManagedCursor<Reader.Cursor> {
        try scope.checkOpen()
        return ManagedCursor(try reader.makeCursor(), scope: scope)
    }
}

/// A read transaction of a store chosen at run time (``AnyEngine``).
public typealias AnyReadTransaction = ReadTransaction<AnyReader>
