/// A cursor of any engine, type-erased.
///
/// Made where the concrete cursor type is known (``AnyEngine``'s wrapping site): each move, key and
/// value is one closure call into code specialised for that cursor, with no existential opened or
/// copied per record. How the cursor lends, and whether it keeps its place, are read once.
public struct AnyCursor: StoreCursor {
    @usableFromInline let calls: CursorCalls
    public let lending: CursorLending
    public let keepsPlaceAcrossUpdates: Bool

    @inlinable
    init<Base: StoreCursor>(_ base: Base) {
        calls = CursorCalls(base)
        lending = base.lending
        keepsPlaceAcrossUpdates = base.keepsPlaceAcrossUpdates
    }

    public mutating func first() throws -> Bool { try calls.move(.first, nil) }
    public mutating func last() throws -> Bool { try calls.move(.last, nil) }
    public mutating func next() throws -> Bool { try calls.next() }
    public mutating func previous() throws -> Bool { try calls.move(.previous, nil) }
    public mutating func seek(_ key: UnsafeRawBufferPointer) throws -> Bool { try calls.move(.seek, key) }
    public var key: UnsafeRawBufferPointer { calls.key() }
    public var value: UnsafeRawBufferPointer { calls.value() }
    public func moveKeepsMemory(_ move: CursorMove) -> Bool { calls.moveKeepsMemory(move) }
    public mutating func close() { calls.close() }
}

/// The calls of one concrete cursor, as closures over a box that holds it.
@usableFromInline
final class CursorCalls {
    /// A move other than `next` (the hot one has a closure of its own).
    @usableFromInline enum Move { case first, last, previous, seek }

    @usableFromInline let next: () throws -> Bool
    @usableFromInline let move: (Move, UnsafeRawBufferPointer?) throws -> Bool
    @usableFromInline let key: () -> UnsafeRawBufferPointer
    @usableFromInline let value: () -> UnsafeRawBufferPointer
    @usableFromInline let moveKeepsMemory: (CursorMove) -> Bool
    @usableFromInline let close: () -> Void

    @inlinable
    init<Base: StoreCursor>(_ base: Base) {
        let box = CursorBox(base)
        next = { try box.base.next() }
        move = { move, key in
            switch move {
            case .first: return try box.base.first()
            case .last: return try box.base.last()
            case .previous: return try box.base.previous()
            case .seek: return try box.base.seek(key ?? UnsafeRawBufferPointer(start: nil, count: 0))
            }
        }
        key = { box.base.key }
        value = { box.base.value }
        moveKeepsMemory = { box.base.moveKeepsMemory($0) }
        close = { box.base.close() }
    }
}

/// One concrete cursor on the heap, so the closures of ``CursorCalls`` share and move it.
@usableFromInline
final class CursorBox<Base: StoreCursor> {
    /// Reached only through the closures of one cursor, one call at a time (not `Sendable`).
    @exclusivity(unchecked) @usableFromInline var base: Base

    @inlinable
    init(_ base: Base) { self.base = base }
}
