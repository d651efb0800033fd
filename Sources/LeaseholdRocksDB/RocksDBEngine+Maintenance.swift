import CRocksDB
@_spi(Adapter) import LeaseholdCore

extension RocksDBEngine {
    /// Compacts the table files that hold keys of `range` (`rocksdb_compact_range`): rewrites
    /// them without deleted and overwritten records, and merges levels. Blocks until done.
    ///
    /// Compaction works on whole files, so it may reach a little outside `range`; what the
    /// store holds does not change. Throws ``LeaseholdError/busy(_:)``-free: it runs beside
    /// transactions, and ``close()`` waits for it by refusing with `busy`.
    public func compact(_ range: KeyRange = .all) throws {
        try gate.withOpenStore { store in
            // Whole files are compacted: an exclusive end only means a little more work.
            withBound(range.lower) { b in
                withBound(range.upper) { e in
                    rocksdb_compact_range(store.db, b?.cString, b?.count ?? 0, e?.cString, e?.count ?? 0)
                }
            }
        }
    }

    /// The approximate number of bytes `range` takes in the store's table files
    /// (`rocksdb_approximate_sizes`, compressed size on disk).
    ///
    /// Writes still in the memtable are not counted until they are flushed (see ``flush()``).
    public func approximateSize(of range: KeyRange = .all) throws -> Int {
        try gate.withOpenStore { store in
            // RocksDB measures [begin, end): an open top ends past the largest key of the files.
            guard let (begin, end) = range.halfOpen(top: { Self.largestKey(store.db) }) else { return 0 }
            var size: UInt64 = 0
            try begin.withUnsafeBytes { b in
                try end.withUnsafeBytes { e in
                    var start: UnsafePointer<CChar>? = b.cString, startLength = b.count
                    var limit: UnsafePointer<CChar>? = e.cString, limitLength = e.count
                    try RocksDBCall.check(.maintenance) { error in
                        rocksdb_approximate_sizes(store.db, 1, &start, &startLength, &limit, &limitLength, &size, error)
                    }
                }
            }
            return Int(size)
        }
    }

    /// Writes the memtable to a table file now (`rocksdb_flush`, waiting for it). Committed
    /// data is durable without this (the write-ahead log holds it); flushing makes it count in
    /// ``approximateSize(of:)`` and lets reads pin it in the block cache.
    public func flush() throws {
        try gate.withOpenStore { store in
            let options = rocksdb_flushoptions_create()!
            defer { rocksdb_flushoptions_destroy(options) }
            rocksdb_flushoptions_set_wait(options, 1)
            try RocksDBCall.check(.maintenance) { rocksdb_flush(store.db, options, $0) }
        }
    }

    /// A RocksDB property as text (`rocksdb_property_value`), e.g. `"rocksdb.stats"` or
    /// `"rocksdb.estimate-num-keys"`; `nil` if RocksDB does not know the name.
    public func property(_ name: String) throws -> String? {
        try gate.withOpenStore { store in
            guard let text = rocksdb_property_value(store.db, name) else { return nil }
            defer { rocksdb_free(text) }
            return String(cString: text)
        }
    }

    /// A numeric RocksDB property (`rocksdb_property_int`), e.g.
    /// `"rocksdb.block-cache-pinned-usage"`; `nil` if RocksDB has no number by that name.
    public func integerProperty(_ name: String) throws -> UInt64? {
        try gate.withOpenStore { store in
            var value: UInt64 = 0
            return rocksdb_property_int(store.db, name, &value) == 0 ? value : nil
        }
    }

    /// Bytes of the block cache pinned right now: by pinned values from `get` (which keep their
    /// block until dropped), by open iterators and by the tables' own index blocks.
    public var blockCachePinnedUsage: Int {
        get throws { try gate.withOpenStore { Int(rocksdb_cache_get_pinned_usage($0.cache)) } }
    }

    /// The largest key any table file holds (deleted records included: they take room too).
    static func largestKey(_ db: OpaquePointer) -> [UInt8]? {
        let files = rocksdb_livefiles(db)!
        defer { rocksdb_livefiles_destroy(files) }
        var largest: [UInt8]?
        for i in 0 ..< rocksdb_livefiles_count(files) {
            var count = 0
            let key = UnsafeRawBufferPointer(start: rocksdb_livefiles_largestkey(files, i, &count), count: count)
            if largest.map({ l in l.withUnsafeBytes { Bytes.compare(key, $0) > 0 } }) ?? true { largest = Array(key) }
        }
        return largest
    }
}

/// Calls `body` with the key of `bound`, or `nil` when it is open.
private func withBound<R>(_ bound: KeyRange.Bound, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    switch bound {
    case .unbounded: return body(nil)
    case .inclusive(let key), .exclusive(let key): return key.withUnsafeBytes { body($0) }
    }
}
