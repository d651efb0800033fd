/// The C functions of an engine's iterator — LevelDB's `leveldb_iter_*`, RocksDB's
/// `rocksdb_iter_*`, any engine with the same shape — for ``IteratorCursor``.
///
/// Implement each as an `@inlinable` static function that calls the C function, so that a
/// cursor specialised for your engine calls the C library directly.
public protocol IteratorFunctions {
    /// Positions at the first record.
    static func seekToFirst(_ iterator: OpaquePointer)
    /// Positions at the last record.
    static func seekToLast(_ iterator: OpaquePointer)
    /// Positions at the first record whose key is `>= key`.
    static func seek(_ iterator: OpaquePointer, _ key: UnsafeRawBufferPointer)
    /// Steps to the next record.
    static func next(_ iterator: OpaquePointer)
    /// Steps to the previous record.
    static func previous(_ iterator: OpaquePointer)
    /// Whether the iterator stands on a record.
    static func isValid(_ iterator: OpaquePointer) -> Bool
    /// The current key, valid until the iterator moves.
    static func key(_ iterator: OpaquePointer) -> UnsafeRawBufferPointer
    /// The current value, valid until the iterator moves (or longer, as the engine says).
    static func value(_ iterator: OpaquePointer) -> UnsafeRawBufferPointer
    /// Throws the error the iterator stopped at, if any (a damaged block), as a typed error.
    static func checkError(_ iterator: OpaquePointer) throws
    /// Destroys the iterator.
    static func destroy(_ iterator: OpaquePointer)
}

/// A cursor over a C iterator: every ``StoreCursor`` move is one call of the engine's
/// ``IteratorFunctions`` (the adapter tier; the core's cursor around it keeps its place, leases
/// and end). A miss that is an error (the iterator stopped at a damaged block) throws instead of
/// reporting the end of the data.
///
/// - warning: ``key`` and ``value`` are borrowed from the iterator as ``lending`` says.
public struct IteratorCursor<Functions: IteratorFunctions>: StoreCursor {
    @usableFromInline let iterator: OpaquePointer
    @usableFromInline var currentKey = UnsafeRawBufferPointer(start: nil, count: 0)
    @usableFromInline var currentValue = UnsafeRawBufferPointer(start: nil, count: 0)
    /// How long records stay valid (``CursorLending/step`` for an iterator that reuses its
    /// buffers at every move).
    public let lending: CursorLending

    /// A cursor over `iterator`, which it destroys when it closes.
    public init(_ iterator: OpaquePointer, lending: CursorLending = .step) {
        self.iterator = iterator
        self.lending = lending
    }

    /// The current key, in the iterator's memory.
    @inlinable public var key: UnsafeRawBufferPointer { currentKey }
    /// The current value, in the iterator's memory.
    @inlinable public var value: UnsafeRawBufferPointer { currentValue }

    /// Reads where the iterator landed.
    @inlinable @inline(__always)
    mutating func landed() throws -> Bool {
        guard Functions.isValid(iterator) else { return try missed() }
        currentKey = Functions.key(iterator)
        currentValue = Functions.value(iterator)
        return true
    }

    @usableFromInline
    mutating func missed() throws -> Bool {
        currentKey = UnsafeRawBufferPointer(start: nil, count: 0)
        currentValue = currentKey
        try Functions.checkError(iterator)
        return false
    }

    public mutating func first() throws -> Bool {
        Functions.seekToFirst(iterator)
        return try landed()
    }

    public mutating func last() throws -> Bool {
        Functions.seekToLast(iterator)
        return try landed()
    }

    @inlinable @inline(__always)
    public mutating func next() throws -> Bool {
        Functions.next(iterator)
        return try landed()
    }

    @inlinable @inline(__always)
    public mutating func previous() throws -> Bool {
        Functions.previous(iterator)
        return try landed()
    }

    /// Moves to the first record whose key is `>= target`. A target inside this cursor's own
    /// record (a key it lent) is copied first: an engine may overwrite that memory while it seeks
    /// (LevelDB's reverse iterator builds the seek target in the buffer that holds its key).
    public mutating func seek(_ target: UnsafeRawBufferPointer) throws -> Bool {
        if Self.overlaps(target, currentKey) || Self.overlaps(target, currentValue) {
            return try withUnsafeTemporaryAllocation(byteCount: target.count, alignment: 1) { copy in
                copy.copyMemory(from: target)
                return try seek(UnsafeRawBufferPointer(copy))
            }
        }
        Functions.seek(iterator, target)
        return try landed()
    }

    /// Destroys the iterator (the core closes every cursor before its transaction ends).
    public mutating func close() { Functions.destroy(iterator) }

    /// Whether two buffers share memory.
    static func overlaps(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard let x = a.baseAddress, let y = b.baseAddress, !a.isEmpty, !b.isEmpty else { return false }
        return x < y + b.count && y < x + a.count
    }
}
