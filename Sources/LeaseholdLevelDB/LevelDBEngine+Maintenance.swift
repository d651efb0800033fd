import CLevelDB
@_spi(Adapter) import LeaseholdCore

extension LevelDBEngine {
    /// Compacts the tables that hold keys of `range` (`leveldb_compact_range`): drops deleted and
    /// overwritten versions and rewrites the data into the lowest level. Blocks until done.
    ///
    /// Worth calling after deleting much of a range, or before measuring with
    /// ``approximateSize(of:)`` (which sees only what compaction has written to table files).
    public func compact(_ range: KeyRange = .all) throws {
        try gate.withOpenStore { store in
            func withBound<R>(_ bound: KeyRange.Bound, _ body: (UnsafePointer<CChar>?, Int) -> R) -> R {
                switch bound {
                case .unbounded: return body(nil, 0)
                // LevelDB compacts whole tables; an exclusive end only means a little more work.
                case .inclusive(let b), .exclusive(let b): return b.withUnsafeBytes { body($0.cChars, $0.count) }
                }
            }
            withBound(range.lower) { start, startCount in
                withBound(range.upper) { limit, limitCount in
                    leveldb_compact_range(store.db, start, startCount, limit, limitCount)
                }
            }
        }
    }

    /// About how many bytes of the store's table files hold keys of `range`
    /// (`leveldb_approximate_sizes`): compressed, and counting only data already written to
    /// tables — recent writes still in the in-memory buffer count as 0 until LevelDB flushes them
    /// (or ``compact(_:)`` does).
    public func approximateSize(of range: KeyRange = .all) throws -> Int {
        try gate.withOpenStore { store in
            // LevelDB measures [start, limit): the range as those two keys.
            guard let (start, limit) = try range.halfOpen(top: { try store.lastKey() }) else { return 0 }
            var size: UInt64 = 0
            start.withUnsafeBytes { s in
                limit.withUnsafeBytes { l in
                    var startPointer: UnsafePointer<CChar>? = s.cChars, startCount = s.count
                    var limitPointer: UnsafePointer<CChar>? = l.cChars, limitCount = l.count
                    leveldb_approximate_sizes(store.db, 1, &startPointer, &startCount, &limitPointer, &limitCount, &size)
                }
            }
            return Int(size)
        }
    }

    /// The value of one of LevelDB's properties (`leveldb.stats`, `leveldb.sstables`,
    /// `leveldb.num-files-at-level<N>`, `leveldb.approximate-memory-usage`), or `nil` for a name
    /// LevelDB does not know.
    public func property(_ name: String) throws -> String? {
        try gate.withOpenStore { store in
            guard let text = leveldb_property_value(store.db, name) else { return nil }
            defer { leveldb_free(text) }
            return String(cString: text)
        }
    }
}

extension LevelDBStore {
    /// The last key of the store, or `nil` when it is empty.
    func lastKey() throws -> [UInt8]? {
        let options = leveldb_readoptions_create()!
        var cursor = LevelDBCursor(leveldb_create_iterator(db, options))
        defer {
            cursor.close()
            leveldb_readoptions_destroy(options)
        }
        return try cursor.last() ? Array(cursor.key) : nil
    }
}
