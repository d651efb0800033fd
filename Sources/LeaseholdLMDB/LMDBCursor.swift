import CLMDB
import Leasehold

/// A cursor of an LMDB transaction: each move is one `mdb_cursor_get`.
///
/// Records are lent under the transaction's lease (``leaseEndsOnMove`` is `false`): in a read
/// transaction they stay valid until it ends, in a write transaction until its next update.
/// The cursor remembers whether it fell off either end, so `next()` after the last record stays
/// there and `previous()` from past the end lands on the last record.
/// - warning: ``currentKey`` and ``currentValue`` are borrowed from the map until the lease ends
///   (read transaction: its end; write transaction: the next update or its end).
public final class LMDBCursor: EngineCursor {
    @usableFromInline let handle: LMDBTransactionHandle
    @usableFromInline let cursor: OpaquePointer
    // Exclusivity is not checked at run time (measured: swift_beginAccess dominated each move):
    // every access is a short load or store on one isolation domain, none held across a call.
    @exclusivity(unchecked) @usableFromInline var key = MDB_val()
    @exclusivity(unchecked) @usableFromInline var data = MDB_val()

    @usableFromInline enum Place: UInt8 { case beforeFirst, at, afterLast }
    @exclusivity(unchecked) @usableFromInline var place = Place.beforeFirst

    init(handle: LMDBTransactionHandle, cursor: OpaquePointer) {
        self.handle = handle
        self.cursor = cursor
    }

    deinit {
        // A write transaction frees its cursors when it ends; a read one leaves that to us.
        if handle.active || !handle.isWrite { mdb_cursor_close(cursor) }
    }

    /// The transaction's lease.
    @inlinable public var lease: Lease { handle.lease }
    /// Always `false`: LMDB memory stays valid as the cursor moves.
    @inlinable public var leaseEndsOnMove: Bool { false }
    /// The current key, in the map.
    ///
    /// - warning: Borrowed until the transaction's lease ends.
    @inlinable public var currentKey: UnsafeRawBufferPointer { key.buffer }
    /// The current value, in the map.
    ///
    /// - warning: Borrowed until the transaction's lease ends.
    @inlinable public var currentValue: UnsafeRawBufferPointer { data.buffer }

    /// One `mdb_cursor_get`; on a miss the cursor is placed `otherwise`.
    @usableFromInline
    func move(_ op: MDB_cursor_op, otherwise: Place) throws(LeaseholdError) -> Bool {
        try handle.checkActive()
        let rc = mdb_cursor_get(cursor, &key, &data, op)
        if rc == MDB_SUCCESS {
            place = .at
            return true
        }
        return try missed(rc, otherwise)
    }

    @usableFromInline
    func missed(_ rc: Int32, _ otherwise: Place) throws(LeaseholdError) -> Bool {
        key = MDB_val()
        data = MDB_val()
        place = otherwise
        if rc == MDB_NOTFOUND { return false }
        throw LMDBCall.error(rc, .read)
    }

    /// Moves to the first record (`MDB_FIRST`).
    public func first() throws -> Bool { try move(MDB_FIRST, otherwise: .afterLast) }
    /// Moves to the last record (`MDB_LAST`).
    public func last() throws -> Bool { try move(MDB_LAST, otherwise: .beforeFirst) }

    /// Moves to the next record (`MDB_NEXT`; `MDB_FIRST` from before the first).
    @inlinable
    public func next() throws -> Bool { try stepFromRecord(MDB_NEXT, otherwise: .afterLast) }

    /// Moves to the previous record (`MDB_PREV`; `MDB_LAST` from past the last).
    @inlinable
    public func previous() throws -> Bool { try stepFromRecord(MDB_PREV, otherwise: .beforeFirst) }

    /// The scan loop's path, kept small enough to inline into the caller (otherwise the
    /// specialised walker calls `next()` through the protocol witness): one `mdb_cursor_get`.
    @inlinable @inline(__always)
    func stepFromRecord(_ op: MDB_cursor_op, otherwise: Place) throws -> Bool {
        if _fastPath(place == .at && handle.active) {
            let rc = mdb_cursor_get(cursor, &key, &data, op)
            if _fastPath(rc == MDB_SUCCESS) { return true }
            return try missed(rc, otherwise)
        }
        return try step(op)
    }

    /// `next()` or `previous()` from anywhere but a record, or on an ended transaction.
    @usableFromInline
    func step(_ op: MDB_cursor_op) throws(LeaseholdError) -> Bool {
        let forward = op == MDB_NEXT
        switch place {
        case .at: return try move(op, otherwise: forward ? .afterLast : .beforeFirst)
        case .beforeFirst:
            if forward { return try move(MDB_FIRST, otherwise: .afterLast) }
            try handle.checkActive()
            return false
        case .afterLast:
            if !forward { return try move(MDB_LAST, otherwise: .beforeFirst) }
            try handle.checkActive()
            return false
        }
    }

    /// Moves to the first record whose key is `>= key` (`MDB_SET_RANGE`).
    public func seek(_ key: UnsafeRawBufferPointer) throws -> Bool {
        self.key = MDB_val(key)
        return try move(MDB_SET_RANGE, otherwise: .afterLast)
    }
}
