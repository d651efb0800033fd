import CLevelDB
import LeaseholdCore
import LeaseholdLevelDB

/// LevelDB's write floor: one `leveldb_writebatch_t` of every record, written with
/// `leveldb_write` and write options whose `sync` is the store's ``LevelDBEngine/Options/syncWrites``
/// (all the engine's commit sets).
extension LevelDBEngine: BenchmarkWriteFloor {
    public func rawWrite(_ records: FloorRecords) throws {
        let options = leveldb_writeoptions_create()!
        defer { leveldb_writeoptions_destroy(options) }
        leveldb_writeoptions_set_sync(options, self.options.syncWrites ? 1 : 0)
        try read { txn in
            let batch = leveldb_writebatch_create()!
            defer { leveldb_writebatch_destroy(batch) }
            for i in 0 ..< records.count {
                let key = records.key(i), value = records.value(i)
                leveldb_writebatch_put(batch, key.floorChars, key.count, value.floorChars, value.count)
            }
            var error: UnsafeMutablePointer<CChar>?
            leveldb_write(txn.reader.db, options, batch, &error)
            if let error {
                defer { leveldb_free(error) }
                throw LeaseholdError.io("leveldb_write: \(String(cString: error))")
            }
        }
    }
}

extension UnsafeRawBufferPointer {
    /// The bytes as the C APIs take them (a non-null pointer even when empty).
    var floorChars: UnsafePointer<CChar> {
        (baseAddress ?? UnsafeRawPointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
    }
}
