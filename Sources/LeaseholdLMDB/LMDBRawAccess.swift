import CLMDB
import Leasehold

/// A bare LMDB cursor with no leases at all: the floor the benchmarks compare Leasehold with.
///
/// Not API (`@_spi(Benchmarks)`): it hands out map memory with nothing to keep it safe.
/// - warning: ``key`` and ``value`` are valid only until the cursor moves or its transaction
///   ends; nothing copies them.
@_spi(Benchmarks)
public struct LMDBRawCursor {
    @usableFromInline let cursor: OpaquePointer
    @usableFromInline var k = MDB_val()
    @usableFromInline var v = MDB_val()

    init(cursor: OpaquePointer) { self.cursor = cursor }

    /// One `mdb_cursor_get(MDB_NEXT)` (the first record on the first call).
    @inlinable @inline(__always)
    public mutating func next() -> Bool { mdb_cursor_get(cursor, &k, &v, MDB_NEXT) == MDB_SUCCESS }

    /// The current key.
    @inlinable public var key: UnsafeRawBufferPointer { k.buffer }
    /// The current value.
    @inlinable public var value: UnsafeRawBufferPointer { v.buffer }
}

extension LMDBReadTransaction {
    /// Calls `body` with a bare cursor over the transaction (benchmarks only).
    ///
    /// - warning: What the cursor points at is borrowed until it moves or the transaction ends.
    @_spi(Benchmarks)
    public func withRawCursor<R>(_ body: (inout LMDBRawCursor) throws -> R) throws -> R {
        let cursor = try handle.openCursor()
        defer { mdb_cursor_close(cursor) }
        var raw = LMDBRawCursor(cursor: cursor)
        return try body(&raw)
    }

    /// A bare `mdb_get` (benchmarks only): no lease, no `Bytes`, no checks.
    ///
    /// - warning: The buffer is borrowed until the transaction ends; nothing copies it.
    @_spi(Benchmarks) @inlinable
    public func rawValue(forKey key: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        var k = MDB_val(key), v = MDB_val()
        return mdb_get(handle.txn, handle.dbi, &k, &v) == MDB_SUCCESS ? v.buffer : nil
    }
}
