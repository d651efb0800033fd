import CRocksDB
import LeaseholdCore
import LeaseholdRocksDB

/// RocksDB's write floor: one `rocksdb_writebatch_t` of every record, written with
/// `rocksdb_write` and write options whose `sync` is the store's ``RocksDBEngine/Options/syncWrites``
/// (all the engine's commit sets).
extension RocksDBEngine: BenchmarkWriteFloor {
    public func rawWrite(_ records: FloorRecords) throws {
        let options = rocksdb_writeoptions_create()!
        defer { rocksdb_writeoptions_destroy(options) }
        rocksdb_writeoptions_set_sync(options, self.options.syncWrites ? 1 : 0)
        try read { txn in
            let batch = rocksdb_writebatch_create()!
            defer { rocksdb_writebatch_destroy(batch) }
            for i in 0 ..< records.count {
                let key = records.key(i), value = records.value(i)
                rocksdb_writebatch_put(batch, key.floorChars, key.count, value.floorChars, value.count)
            }
            var error: UnsafeMutablePointer<CChar>?
            rocksdb_write(txn.reader.db, options, batch, &error)
            if let error {
                defer { rocksdb_free(error) }
                throw LeaseholdError.io("rocksdb_write: \(String(cString: error))")
            }
        }
    }
}
