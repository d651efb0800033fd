import CRocksDB
import Leasehold

/// A bare RocksDB iterator with no leases at all: the floor the benchmarks compare Leasehold with.
///
/// Not API (`@_spi(Benchmarks)`): it hands out RocksDB memory with nothing to keep it safe.
/// - warning: ``key`` and ``value`` are valid only until the iterator moves or is destroyed;
///   nothing copies them.
@_spi(Benchmarks)
public struct RocksDBRawIterator {
    @usableFromInline let iterator: OpaquePointer
    @usableFromInline var started = false

    init(iterator: OpaquePointer) { self.iterator = iterator }

    /// One `rocksdb_iter_next` (`rocksdb_iter_seek_to_first` on the first call); whether it
    /// stands on a record.
    @inlinable @inline(__always)
    public mutating func next() -> Bool {
        if started { rocksdb_iter_next(iterator) } else { rocksdb_iter_seek_to_first(iterator); started = true }
        return rocksdb_iter_valid(iterator) != 0
    }

    /// The current key (`rocksdb_iter_key`).
    @inlinable public var key: UnsafeRawBufferPointer {
        var count = 0
        let start = rocksdb_iter_key(iterator, &count)
        return UnsafeRawBufferPointer(start: start, count: count)
    }

    /// The current value (`rocksdb_iter_value`).
    @inlinable public var value: UnsafeRawBufferPointer {
        var count = 0
        let start = rocksdb_iter_value(iterator, &count)
        return UnsafeRawBufferPointer(start: start, count: count)
    }
}

extension RocksDBReadTransaction {
    /// Calls `body` with a bare iterator on the transaction's snapshot, with its read options
    /// (`pin_data` included) (benchmarks only).
    ///
    /// - warning: What the iterator points at is borrowed until it moves or `body` returns.
    @_spi(Benchmarks)
    public func withRawIterator<R>(_ body: (inout RocksDBRawIterator) throws -> R) throws -> R {
        try checkActive()
        let iterator = rocksdb_create_iterator(db, readOptions)!
        defer { rocksdb_iter_destroy(iterator) }
        var raw = RocksDBRawIterator(iterator: iterator)
        return try body(&raw)
    }

    /// A bare `rocksdb_get_pinned` on the snapshot, the slice destroyed after `body` (benchmarks
    /// only): no lease, no `Bytes`, no checks.
    ///
    /// - warning: The buffer is valid only inside `body`.
    @_spi(Benchmarks) @inlinable
    public func withRawPinnedValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        var error: UnsafeMutablePointer<CChar>? = nil
        guard let slice = rocksdb_get_pinned(db, readOptions, key.cString, key.count, &error) else {
            if let error { rocksdb_free(error) }
            return body(nil)
        }
        defer { rocksdb_pinnableslice_destroy(slice) }
        var count = 0
        let start = rocksdb_pinnableslice_value(slice, &count)
        return body(UnsafeRawBufferPointer(start: start, count: count))
    }
}
