#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A write transaction: reads its own writes; everything it did is applied when the closure that
/// received it returns, and nothing if it throws (``Engine/write(_:)``).
///
/// Every update validates its arguments first (non-empty keys within
/// ``Capabilities/maxKeySize``, values within ``Capabilities/maxValueSize``) and, where the
/// engine's ``Capabilities/writeReads`` says an update invalidates what was read before it
/// (LMDB), ends that lease first: values you hold from this transaction copy themselves, so a
/// value read here may be the argument of the next update.
///
/// Once its closure returns the transaction is over: every call throws
/// ``LeaseholdError/transactionEnded``.
public final class WriteTransaction<Writer: StoreWriter>: ReadTransaction<Writer> {
    /// Where updates are recorded while the store has a live change feed (`nil` otherwise).
    @usableFromInline let recorder: ChangeRecorder?

    @usableFromInline
    init(reader: Writer, scope: TransactionScope, capabilities: Capabilities, recorder: ChangeRecorder? = nil) {
        self.recorder = recorder
        super.init(reader: reader, scope: scope, capabilities: capabilities)
    }

    /// Stores `value` under `key`, replacing any value there.
    ///
    /// Ends the lease of values read so far in this transaction where the engine requires it
    /// (they are copied if you still hold them), so `key` and `value` may themselves be values
    /// read in this transaction.
    public func put(_ key: some ContiguousBytes, _ value: some ContiguousBytes) throws {
        try scope.checkOpen()
        let (keyCount, valueCount) = key.withUnsafeBytes { k in value.withUnsafeBytes { (k.count, $0.count) } }
        if keyCount == 0 { throw LeaseholdError.invalidKey("empty key") }
        if let limit = capabilities.maxKeySize, keyCount > limit { throw LeaseholdError.keyTooLarge(size: keyCount, limit: limit) }
        if let limit = capabilities.maxValueSize, valueCount > limit { throw LeaseholdError.valueTooLarge(size: valueCount, limit: limit) }
        scope.willUpdate()
        try key.withUnsafeBytes { k in
            try value.withUnsafeBytes { v in
                try reader.put(key: k, value: v)
                recorder?.record(key: k, value: v)
            }
        }
    }

    /// Removes `key`; returns whether it was there (a change feed sees the deletion only then).
    @discardableResult
    public func delete(_ key: some ContiguousBytes) throws -> Bool {
        try scope.checkOpen()
        try key.withUnsafeBytes { k in try validate(key: k) }
        scope.willUpdate()
        return try key.withUnsafeBytes { k in
            let removed = try reader.delete(key: k)
            if removed { recorder?.record(key: k, value: nil) }
            return removed
        }
    }

    /// Removes every key in `range`; returns how many were removed.
    ///
    /// While the store has a live change feed, the keys are listed first so the feed gets one
    /// deletion per key.
    @discardableResult
    public func deleteRange(_ range: KeyRange) throws -> Int {
        try scope.checkOpen()
        guard let recorder else {
            scope.willUpdate()
            return try reader.deleteKeys(in: range)
        }
        // A change feed is live: note the keys first (this transaction's view, its own writes
        // included), then record one deletion each.
        var keys: [[UInt8]] = []
        try scan(range) { key, _ in keys.append(Array(key)) }
        scope.willUpdate()
        let removed = try reader.deleteKeys(in: range)
        for key in keys { recorder.recordDeletion(of: key) }
        return removed
    }
}

/// A write transaction of a store chosen at run time (``AnyEngine``).
public typealias AnyWriteTransaction = WriteTransaction<AnyWriter>
