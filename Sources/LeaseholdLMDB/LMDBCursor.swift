import CLMDB
import LeaseholdCore

/// A cursor of an LMDB transaction: each move is one `mdb_cursor_get` (the adapter tier; the
/// core's cursor around it keeps its place and leases).
///
/// Records stay valid for the transaction's lease (in a write transaction: until the next
/// update), so ``lending`` is ``CursorLending/transaction``; LMDB keeps cursors positioned
/// across updates of their transaction.
public struct LMDBCursor: StoreCursor {
    @usableFromInline let cursor: OpaquePointer
    @usableFromInline var k = MDB_val()
    @usableFromInline var v = MDB_val()

    init(_ cursor: OpaquePointer) { self.cursor = cursor }

    /// Records live as long as the transaction's lease.
    @inlinable public var lending: CursorLending { .transaction }

    /// One `mdb_cursor_get`.
    @inlinable @inline(__always)
    mutating func get(_ op: MDB_cursor_op) throws -> Bool {
        let rc = mdb_cursor_get(cursor, &k, &v, op)
        if _fastPath(rc == MDB_SUCCESS) { return true }
        return try LMDBCall.found(rc, .read)
    }

    /// `MDB_FIRST`.
    @inlinable public mutating func first() throws -> Bool { try get(MDB_FIRST) }
    /// `MDB_LAST`.
    @inlinable public mutating func last() throws -> Bool { try get(MDB_LAST) }
    /// `MDB_NEXT`.
    @inlinable @inline(__always) public mutating func next() throws -> Bool { try get(MDB_NEXT) }
    /// `MDB_PREV`.
    @inlinable @inline(__always) public mutating func previous() throws -> Bool { try get(MDB_PREV) }
    /// `MDB_SET_RANGE`.
    @inlinable
    public mutating func seek(_ key: UnsafeRawBufferPointer) throws -> Bool {
        k = MDB_val(key)
        return try get(MDB_SET_RANGE)
    }
    /// The current key, in the map.
    @inlinable public var key: UnsafeRawBufferPointer { k.buffer }
    /// The current value, in the map.
    @inlinable public var value: UnsafeRawBufferPointer { v.buffer }
    /// `mdb_cursor_close` (the core closes every cursor before its transaction ends).
    public mutating func close() { mdb_cursor_close(cursor) }
}
