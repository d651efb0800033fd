/// How long the records a cursor lands on stay valid: what the core's cursor around yours
/// does about leases.
public enum CursorLending: Sendable, Hashable {
    /// Until the transaction's lease ends (an LMDB transaction, a snapshot in memory): records
    /// are lent on the transaction's lender and moving ends nothing.
    case transaction
    /// Until the next move (LevelDB and RocksDB iterators reuse their buffers): the core ends a
    /// step lease of the cursor's own before every move that ``StoreCursor/moveKeepsMemory(_:)``
    /// does not exempt.
    case step
    /// Keys until the next move, values until the cursor closes (RocksDB with `pin_data`).
    case stepKeysCursorValues
}

/// One positioning call, as ``StoreCursor/moveKeepsMemory(_:)`` is asked about it.
public enum CursorMove: Sendable, Hashable {
    /// `first()`, `last()` or `seek(_:)`.
    case jump
    /// `next()` from a record.
    case next
    /// `previous()` from a record.
    case previous
}

/// The primitives of a cursor of your engine: the adapter tier.
///
/// A struct (or a class) that moves over the transaction's records in key order. The core
/// wraps it in the cursor applications use and keeps the rules every cursor shares, so yours
/// does not: where it stands (a new cursor stands before the first record; `next()` from there
/// is `first()`, `previous()` from past the last record is `last()`, and a move off either end
/// stays off it), whether the transaction is still open, which lease records are lent under and
/// when it ends, and — if ``keepsPlaceAcrossUpdates`` is `false` — finding its place again by
/// key after an update in a write transaction.
///
/// So the core calls `next()` and `previous()` only while the cursor stands on a record (the
/// last positioning call returned `true`), and reads ``key`` and ``value`` only then. A
/// positioning call returns whether it landed on a record.
public protocol StoreCursor {
    /// How long what ``key`` and ``value`` point at stays valid.
    var lending: CursorLending { get }
    /// Whether a record's position survives updates of the write transaction (LMDB's cursors,
    /// a merged overlay: `true`, the default). `false` (an index into an array that an insert
    /// shifts): the core remembers the current key and re-finds it after an update.
    var keepsPlaceAcrossUpdates: Bool { get }

    /// Moves to the first record.
    mutating func first() throws -> Bool
    /// Moves to the last record.
    mutating func last() throws -> Bool
    /// Moves from the current record to the next one.
    mutating func next() throws -> Bool
    /// Moves from the current record to the previous one.
    mutating func previous() throws -> Bool
    /// Moves to the first record whose key is `>= key`. `key` may point into this cursor's own
    /// current record.
    mutating func seek(_ key: UnsafeRawBufferPointer) throws -> Bool

    /// The current record's key. Valid as ``lending`` says.
    var key: UnsafeRawBufferPointer { get }
    /// The current record's value. Valid as ``lending`` says.
    var value: UnsafeRawBufferPointer { get }

    /// With ``CursorLending/step``: whether `move` leaves the current record's memory valid
    /// (a page of records fetched at once, stepped through in memory). The default, `false`,
    /// ends the step lease before every move.
    func moveKeepsMemory(_ move: CursorMove) -> Bool

    /// Releases what the cursor holds (an iterator). Called once, after the leases of what it
    /// lent have ended; never moved again afterwards. The default does nothing.
    mutating func close()
}

extension StoreCursor {
    /// Positions survive updates.
    @inlinable public var keepsPlaceAcrossUpdates: Bool { true }
    /// Every move ends a step lease.
    @inlinable @inline(__always) public func moveKeepsMemory(_ move: CursorMove) -> Bool { false }
    /// Nothing to release.
    @inlinable public mutating func close() {}
}
