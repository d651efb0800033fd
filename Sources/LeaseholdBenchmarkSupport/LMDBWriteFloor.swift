import CLMDB
import LeaseholdCore
import LeaseholdLMDB

extension WriteTransaction where Writer == LMDBWriter {
    /// A bare `mdb_put` (flags 0, as ``LMDBWriter`` calls it) of every record of `records` on this
    /// transaction's `MDB_txn`: no validation, no lease ended, no change feed.
    ///
    /// - warning: Values lent by this transaction before the call are invalid after it and nothing
    ///   copies them: hold none.
    @inlinable
    public func rawPut(_ records: FloorRecords) throws {
        let txn = reader.txn, dbi = reader.dbi
        for i in 0 ..< records.count {
            let key = records.key(i), value = records.value(i)
            var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
            var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
            let rc = mdb_put(txn, dbi, &k, &v, 0)
            if rc != MDB_SUCCESS { throw LeaseholdError.io("mdb_put: \(rc)") }
        }
    }
}

/// LMDB's write floor: one write transaction (the engine's `mdb_txn_begin`/`mdb_txn_commit`, so
/// both sides commit alike) of bare `mdb_put` calls.
extension LMDBEngine: BenchmarkWriteFloor {
    public func rawWrite(_ records: FloorRecords) throws {
        try write { txn in try txn.rawPut(records) }
    }
}
