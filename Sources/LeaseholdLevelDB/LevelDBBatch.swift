import CLevelDB
import Leasehold

/// One `leveldb_writebatch_t`: a write transaction's net changes, written atomically.
///
/// LevelDB has no range delete, so a range delete of the overlay becomes a point delete of every
/// key of the range in the transaction's snapshot (the latest commit: writers are serialised).
/// The batch applies in order, so a key put after its range was deleted is kept.
final class LevelDBBatch {
    let batch: OpaquePointer
    /// The number of puts and deletes in the batch.
    private(set) var count = 0

    init() { batch = leveldb_writebatch_create() }

    deinit { leveldb_writebatch_destroy(batch) }

    /// Adds every net change of `overlay`, range deletes read against `snapshot`.
    func add(_ overlay: WriteOverlay, snapshot: LevelDBSnapshot) throws {
        try overlay.forEachChange { change in
            switch change {
            case .deleteRange(let range):
                try deleteStoredKeys(in: range, snapshot: snapshot)
            case .put(let key, let value):
                leveldb_writebatch_put(batch, key.cChars, key.count, value.cChars, value.count)
                count += 1
            case .delete(let key):
                leveldb_writebatch_delete(batch, key.cChars, key.count)
                count += 1
            }
        }
    }

    /// Adds a delete of each key of `range` in the snapshot (the batch copies each key at once).
    private func deleteStoredKeys(in range: KeyRange, snapshot: LevelDBSnapshot) throws(LeaseholdError) {
        let iterator = try snapshot.makeIterator()
        defer { leveldb_iter_destroy(iterator) }
        var n = 0
        LevelDBIteratorBounds.seekLower(iterator, range.lower)
        while leveldb_iter_valid(iterator) != 0 {
            let key = UnsafeRawBufferPointer(start: leveldb_iter_key(iterator, &n), count: n)
            if range.isAboveUpper(key) { break }
            leveldb_writebatch_delete(batch, key.cChars, key.count)
            count += 1
            leveldb_iter_next(iterator)
        }
        try LevelDBCall.check { leveldb_iter_get_error(iterator, $0) }
    }

    /// Writes the batch (synchronously if the store says so). Nothing is applied if it fails.
    func write(_ store: LevelDBStore) throws(LeaseholdError) {
        try LevelDBCall.check { leveldb_write(store.handles.db, store.handles.writeOptions, batch, $0) }
    }
}

/// Positions a bare iterator at the low end of a range: shared by range deletes and size
/// estimates, which walk or measure without lending anything.
enum LevelDBIteratorBounds {
    /// Seeks `iterator` to the first key at or above `lower`.
    static func seekLower(_ iterator: OpaquePointer, _ lower: KeyRange.Bound) {
        switch lower {
        case .unbounded:
            leveldb_iter_seek_to_first(iterator)
        case .inclusive(let b):
            b.withUnsafeBytes { leveldb_iter_seek(iterator, $0.cChars, $0.count) }
        case .exclusive(let b):
            b.withUnsafeBytes { target in
                leveldb_iter_seek(iterator, target.cChars, target.count)
                guard leveldb_iter_valid(iterator) != 0 else { return }
                var n = 0
                let key = UnsafeRawBufferPointer(start: leveldb_iter_key(iterator, &n), count: n)
                if Bytes.compare(key, target) == 0 { leveldb_iter_next(iterator) }
            }
        }
    }
}
