import CLevelDB
import Leasehold

/// A bare LevelDB iterator with no leases at all: the floor the benchmarks compare Leasehold with.
///
/// Not API (`@_spi(Benchmarks)`): it hands out iterator memory with nothing to keep it safe.
/// - warning: ``key`` and ``value`` are valid only until the iterator moves; nothing copies them.
@_spi(Benchmarks)
public struct LevelDBRawIterator {
    @usableFromInline let iterator: OpaquePointer
    @usableFromInline var started = false

    init(iterator: OpaquePointer) { self.iterator = iterator }

    /// One `leveldb_iter_next` (`leveldb_iter_seek_to_first` on the first call), then
    /// `leveldb_iter_valid`.
    @inlinable @inline(__always)
    public mutating func next() -> Bool {
        if started { leveldb_iter_next(iterator) } else { leveldb_iter_seek_to_first(iterator); started = true }
        return leveldb_iter_valid(iterator) != 0
    }

    /// The current key (`leveldb_iter_key`).
    @inlinable public var key: UnsafeRawBufferPointer {
        var n = 0
        return UnsafeRawBufferPointer(start: leveldb_iter_key(iterator, &n), count: n)
    }

    /// The current value (`leveldb_iter_value`).
    @inlinable public var value: UnsafeRawBufferPointer {
        var n = 0
        return UnsafeRawBufferPointer(start: leveldb_iter_value(iterator, &n), count: n)
    }
}

extension LevelDBReadTransaction {
    /// Calls `body` with a bare iterator over the transaction's snapshot (benchmarks only).
    ///
    /// - warning: What the iterator points at is borrowed until it moves.
    @_spi(Benchmarks)
    public func withRawIterator<R>(_ body: (inout LevelDBRawIterator) throws -> R) throws -> R {
        let iterator = try snapshot.makeIterator()
        defer { leveldb_iter_destroy(iterator) }
        var raw = LevelDBRawIterator(iterator: iterator)
        return try body(&raw)
    }

    /// A bare `leveldb_get` + `leveldb_free` (benchmarks only): no `Bytes`, no checks; returns the
    /// value's length, or -1 when there is none.
    @_spi(Benchmarks) @inlinable
    public func rawValueCount(forKey key: UnsafeRawBufferPointer) -> Int {
        var count = 0
        var error: UnsafeMutablePointer<CChar>?
        guard let value = leveldb_get(snapshot.db, snapshot.readOptions, key.cChars, key.count, &count, &error) else { return -1 }
        leveldb_free(value)
        return count
    }
}
