import CLevelDB
import Leasehold

extension LevelDBEngine {
    /// Compacts the tables that hold keys of `range` (`leveldb_compact_range`): drops deleted and
    /// overwritten versions and rewrites the data into the lowest level. Blocks until done.
    ///
    /// Worth calling after deleting much of a range, or before measuring with
    /// ``approximateSize(of:)`` (which sees only what compaction has written to table files).
    public func compact(_ range: KeyRange = .all) throws {
        try store.withOpenDatabase { db in
            func withBound<R>(_ bound: KeyRange.Bound, _ body: (UnsafePointer<CChar>?, Int) -> R) -> R {
                switch bound {
                case .unbounded: return body(nil, 0)
                // LevelDB compacts whole tables; an exclusive end only means a little more work.
                case .inclusive(let b), .exclusive(let b): return b.withUnsafeBytes { body($0.cChars, $0.count) }
                }
            }
            withBound(range.lower) { start, startCount in
                withBound(range.upper) { limit, limitCount in
                    leveldb_compact_range(db, start, startCount, limit, limitCount)
                }
            }
        }
    }

    /// About how many bytes of the store's table files hold keys of `range`
    /// (`leveldb_approximate_sizes`): compressed, and counting only data already written to
    /// tables — recent writes still in the in-memory buffer count as 0 until LevelDB flushes them
    /// (or ``compact(_:)`` does).
    public func approximateSize(of range: KeyRange = .all) throws -> Int {
        try store.withOpenDatabase { db in
            // LevelDB measures [start, limit): turn the range into those two keys.
            var start: [UInt8]
            switch range.lower {
            case .unbounded: start = []
            case .inclusive(let b): start = b
            case .exclusive(let b): start = b + [0]
            }
            var limit: [UInt8]
            switch range.upper {
            case .inclusive(let b): limit = b + [0]
            case .exclusive(let b): limit = b
            case .unbounded:
                // The smallest key above every stored key.
                guard let last = try lastKey(db) else { return 0 }
                limit = last + [0]
            }
            guard start.lexicographicallyPrecedes(limit) else { return 0 }
            var size: UInt64 = 0
            start.withUnsafeBufferPointer { s in
                limit.withUnsafeBufferPointer { l in
                    var startPointer: UnsafePointer<CChar>? = UnsafeRawPointer(s.baseAddress!).assumingMemoryBound(to: CChar.self)
                    var limitPointer: UnsafePointer<CChar>? = UnsafeRawPointer(l.baseAddress!).assumingMemoryBound(to: CChar.self)
                    var startCount = s.count, limitCount = l.count
                    leveldb_approximate_sizes(db, 1, &startPointer, &startCount, &limitPointer, &limitCount, &size)
                }
            }
            return Int(size)
        }
    }

    /// The value of one of LevelDB's properties (`leveldb.stats`, `leveldb.sstables`,
    /// `leveldb.num-files-at-level<N>`, `leveldb.approximate-memory-usage`), or `nil` for a name
    /// LevelDB does not know.
    public func property(_ name: String) throws -> String? {
        try store.withOpenDatabase { db in
            guard let text = leveldb_property_value(db, name) else { return nil }
            defer { leveldb_free(text) }
            return String(cString: text)
        }
    }

    /// The last key of the store, or `nil` when it is empty.
    private func lastKey(_ db: OpaquePointer) throws(LeaseholdError) -> [UInt8]? {
        let options = leveldb_readoptions_create()
        let iterator = leveldb_create_iterator(db, options)!
        defer {
            leveldb_iter_destroy(iterator)
            leveldb_readoptions_destroy(options)
        }
        leveldb_iter_seek_to_last(iterator)
        guard leveldb_iter_valid(iterator) != 0 else {
            try LevelDBCall.check { leveldb_iter_get_error(iterator, $0) }
            return nil
        }
        var n = 0
        return Array(UnsafeRawBufferPointer(start: leveldb_iter_key(iterator, &n), count: n))
    }
}
