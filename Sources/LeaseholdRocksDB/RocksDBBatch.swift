import CRocksDB
import Leasehold

extension RocksDBStore {
    /// Applies the net changes of a write transaction as one `rocksdb_writebatch`, written
    /// atomically (and synchronously with ``RocksDBEngine/Options/syncWrites``): after a crash
    /// the store holds all of it or none.
    ///
    /// Range deletes become `rocksdb_writebatch_delete_range` tombstones, ahead of the puts and
    /// deletes (a later entry of a batch wins over an earlier one). `base` is the transaction's
    /// snapshot of the latest commit: a range open at the top needs it for an end key.
    func commit(_ overlay: WriteOverlay, base: RocksDBReadTransaction) throws {
        let batch = rocksdb_writebatch_create()!
        defer { rocksdb_writebatch_destroy(batch) }
        try overlay.forEachChange { change in
            switch change {
            case .put(let key, let value):
                rocksdb_writebatch_put(batch, key.cString, key.count, value.cString, value.count)
            case .delete(let key):
                rocksdb_writebatch_delete(batch, key.cString, key.count)
            case .deleteRange(let range):
                guard let (begin, end) = try Self.halfOpenBounds(of: range, base: base) else { return }
                begin.withUnsafeBytes { b in
                    end.withUnsafeBytes { e in rocksdb_writebatch_delete_range(batch, b.cString, b.count, e.cString, e.count) }
                }
            }
        }
        try RocksDBCall.check(.write) { rocksdb_write(handles.db, handles.writeOptions, batch, $0) }
    }

    /// `range` as RocksDB's `[begin, end)`, or `nil` when no stored key can be in it.
    ///
    /// memcmp order has an immediate successor for every key (`key + [0]`), so exclusive lower
    /// and inclusive upper ends translate exactly. An unbounded top has no key above every
    /// other: it ends just after the last key of `base`, which no other writer can change
    /// before this commit.
    static func halfOpenBounds(of range: KeyRange, base: RocksDBReadTransaction) throws -> ([UInt8], [UInt8])? {
        let begin: [UInt8]
        switch range.lower {
        case .unbounded: begin = []
        case .inclusive(let key): begin = key
        case .exclusive(let key): begin = key + [0]
        }
        let end: [UInt8]
        switch range.upper {
        case .exclusive(let key): end = key
        case .inclusive(let key): end = key + [0]
        case .unbounded:
            let cursor = try base.makeCursor()
            guard try cursor.last() else { return nil }
            end = Array(cursor.currentKey) + [0]
        }
        let empty = begin.withUnsafeBytes { b in end.withUnsafeBytes { Bytes.compare(b, $0) >= 0 } }
        return empty ? nil : (begin, end)
    }
}
