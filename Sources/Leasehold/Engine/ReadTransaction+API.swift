#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ReadTransaction {
    /// Checks a key against the engine's rules: not empty, not longer than the limit.
    @inlinable
    public func validate(key: UnsafeRawBufferPointer) throws {
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
    public func get(_ key: some ContiguousBytes) throws -> Bytes? {
        try key.withUnsafeBytes { k in
            try validate(key: k)
            return try value(forKey: k)
        }
    }

    /// Whether a value is stored under `key`.
    public func contains(_ key: some ContiguousBytes) throws -> Bool {
        try key.withUnsafeBytes { k in
            try validate(key: k)
            return try withValue(forKey: k) { $0 != nil }
        }
    }

    /// Calls `body` with a `RawSpan` over the value stored under `key`; returns `nil` without
    /// calling it when there is none. Allocates nothing.
    @inlinable
    public func withValue<R>(forKey key: some ContiguousBytes, _ body: (RawSpan) throws -> R) throws -> R? {
        try key.withUnsafeBytes { k in
            try validate(key: k)
            return try withValue(forKey: k) { buffer in try buffer.map { try body($0.bytes) } }
        }
    }

    /// Calls `body` with each record of `range` in key order (or reverse), up to `limit` records.
    ///
    /// The hot-loop form: `key` and `value` are lent, and the storage of a record you did not
    /// keep is reused for the next one, so a scan that keeps nothing allocates nothing per record.
    /// Values you do keep are copied only if their lease ends while you hold them.
    @inlinable
    public func scan(
        _ range: KeyRange = .all, reverse: Bool = false, limit: Int? = nil,
        _ body: (_ key: Bytes, _ value: Bytes) throws -> Void
    ) throws {
        var walker = try RangeWalker(cursor: makeCursor(), range: range, reverse: reverse, limit: limit)
        while try walker.advance() {
            try walker.withCurrentRecord(body)
        }
    }

    /// Calls `body` with `RawSpan`s over each record's key and value: no `Bytes`, no allocation.
    ///
    /// - warning: The spans are valid only inside `body`.
    @inlinable
    public func scanSpans(
        _ range: KeyRange = .all, reverse: Bool = false, limit: Int? = nil,
        _ body: (_ key: RawSpan, _ value: RawSpan) throws -> Void
    ) throws {
        var walker = try RangeWalker(cursor: makeCursor(), range: range, reverse: reverse, limit: limit)
        while try walker.advance() {
            try body(walker.cursor.currentKey.bytes, walker.cursor.currentValue.bytes)
        }
    }

    /// The records of `range`, one at a time through a throwing `next()`.
    public func records(_ range: KeyRange = .all, reverse: Bool = false, limit: Int? = nil) throws -> RecordIterator<Cursor> {
        RecordIterator(walker: try RangeWalker(cursor: makeCursor(), range: range, reverse: reverse, limit: limit))
    }

    /// A cursor that lends records as `Bytes`.
    public func cursor() throws -> LeaseCursor<Cursor> { LeaseCursor(try makeCursor()) }

    /// The number of records in `range`.
    public func count(_ range: KeyRange = .all) throws -> Int {
        var walker = try RangeWalker(cursor: makeCursor(), range: range, reverse: false, limit: nil)
        var n = 0
        while try walker.advance() { n += 1 }
        return n
    }
}

extension WriteTransaction {
    /// Stores `value` under `key`, replacing any value there.
    ///
    /// Ends the lease of values read so far in this transaction where the engine requires it
    /// (they are copied if you still hold them), so `key` and `value` may themselves be values
    /// read in this transaction.
    public func put(_ key: some ContiguousBytes, _ value: some ContiguousBytes) throws {
        let (keyCount, valueCount) = key.withUnsafeBytes { k in value.withUnsafeBytes { (k.count, $0.count) } }
        if keyCount == 0 { throw LeaseholdError.invalidKey("empty key") }
        if let limit = capabilities.maxKeySize, keyCount > limit { throw LeaseholdError.keyTooLarge(size: keyCount, limit: limit) }
        if let limit = capabilities.maxValueSize, valueCount > limit { throw LeaseholdError.valueTooLarge(size: valueCount, limit: limit) }
        willUpdate()
        try key.withUnsafeBytes { k in try value.withUnsafeBytes { v in try put(key: k, value: v) } }
    }

    /// Removes `key`; returns whether it was there.
    @discardableResult
    public func delete(_ key: some ContiguousBytes) throws -> Bool {
        try key.withUnsafeBytes { k in try validate(key: k) }
        willUpdate()
        return try key.withUnsafeBytes { k in try delete(key: k) }
    }

    /// Removes every key in `range`; returns how many were removed.
    @discardableResult
    public func deleteRange(_ range: KeyRange) throws -> Int {
        willUpdate()
        return try deleteKeys(in: range)
    }

    /// Removes the keys of `range` one by one through a cursor: the default for adapters whose
    /// engine has no range delete of its own.
    public func deleteKeysOneByOne(in range: KeyRange) throws -> Int {
        var keys: [[UInt8]] = []
        try scanSpans(range) { key, _ in keys.append(key.withUnsafeBytes { Array($0) }) }
        for key in keys {
            willUpdate()
            _ = try key.withUnsafeBytes { try delete(key: $0) }
        }
        return keys.count
    }
}
