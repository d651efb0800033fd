import CLMDB
import LeaseholdCore
import LeaseholdLMDB

/// A bare LMDB cursor with no leases at all: the floor the benchmarks compare Leasehold with.
///
/// - warning: ``key`` and ``value`` are valid only until the cursor moves or its transaction
///   ends; nothing copies them.
public struct LMDBRawCursor: RawRecordIterator {
    @usableFromInline let cursor: OpaquePointer
    @usableFromInline var k = MDB_val()
    @usableFromInline var v = MDB_val()

    init(cursor: OpaquePointer) { self.cursor = cursor }

    /// One `mdb_cursor_get(MDB_NEXT)` (the first record on the first call).
    @inlinable @inline(__always)
    public mutating func next() -> Bool { mdb_cursor_get(cursor, &k, &v, MDB_NEXT) == MDB_SUCCESS }

    /// The current key.
    @inlinable public var key: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size) }
    /// The current value.
    @inlinable public var value: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size) }
}

extension ReadTransaction where Reader == LMDBReader {
    /// Calls `body` with a bare cursor over the transaction.
    ///
    /// - warning: What the cursor points at is borrowed until it moves or the transaction ends.
    public func withRawCursor<R>(_ body: (inout LMDBRawCursor) throws -> R) throws -> R {
        var cursor: OpaquePointer?
        guard mdb_cursor_open(reader.txn, reader.dbi, &cursor) == MDB_SUCCESS, let cursor else {
            throw LeaseholdError.transactionEnded
        }
        defer { mdb_cursor_close(cursor) }
        var raw = LMDBRawCursor(cursor: cursor)
        return try body(&raw)
    }

    /// A bare `mdb_get`: no lease, no `Bytes`, no checks.
    ///
    /// - warning: The buffer is borrowed until the transaction ends; nothing copies it.
    @inlinable
    public func rawValue(forKey key: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val()
        guard mdb_get(reader.txn, reader.dbi, &k, &v) == MDB_SUCCESS else { return nil }
        return UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size)
    }
}

/// LMDB's floor: `mdb_cursor_get(MDB_NEXT)` and `mdb_get` in one read transaction.
extension LMDBEngine: BenchmarkFloor {
    public func rawScanChecksum() throws -> Int {
        try read { txn in try txn.withRawCursor { FloorLoops.scanChecksum(&$0) } }
    }

    public func rawGetChecksum(keys: UnsafeRawBufferPointer, keyLength: Int) throws -> Int {
        try read { txn in try FloorLoops.getChecksum(keys: keys, keyLength: keyLength) { txn.rawValue(forKey: $0)?.count } }
    }
}
