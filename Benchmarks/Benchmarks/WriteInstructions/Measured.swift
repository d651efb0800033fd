import Foundation
import Leasehold
import LeaseholdBenchmarkSupport
import LeaseholdLMDB
import LeaseholdLevelDB
import LeaseholdRocksDB
import ScanPasses

// The measured functions: callgrind counts inside `measure_STYLE` only (`--zero-before` and
// `--dump-after`). Each is one plain, never-inlined symbol (`@_silgen_name`).

// MARK: Writes (a bulk load of `Shape.records` records into an empty store)

/// The bare `mdb_put` loop, inside a write transaction (begin and commit outside).
@_silgen_name("measure_rawPut") @inline(never)
func measure_rawPut(_ txn: LMDBWriteTransaction, _ records: FloorRecords) throws {
    try txn.rawPut(records)
}

/// `txn.put` of every record, inside a write transaction (begin and commit outside).
@_silgen_name("measure_put") @inline(never)
func measure_put(_ txn: LMDBWriteTransaction, _ records: FloorRecords) throws {
    try WriteLoops.put(records, in: txn)
}

/// `txn.put` through `AnyEngine`'s transaction.
@_silgen_name("measure_anyPut") @inline(never)
func measure_anyPut(_ txn: AnyWriteTransaction, _ records: FloorRecords) throws {
    try WriteLoops.put(records, in: txn)
}

// A whole raw write (one `WriteBatch` of every record, written) against a whole Leasehold write
// (`txn.put` of every record into the overlay, then the commit). Concrete, not generic: a
// specialised copy of a generic function would not carry the measured name.

@_silgen_name("measure_levelRawBatch") @inline(never)
func measure_levelRawBatch(_ engine: LevelDBEngine, _ records: FloorRecords) throws { try engine.rawWrite(records) }

@_silgen_name("measure_levelCommit") @inline(never)
func measure_levelCommit(_ engine: LevelDBEngine, _ records: FloorRecords) throws {
    try engine.write { txn in try WriteLoops.put(records, in: txn) }
}

@_silgen_name("measure_rocksRawBatch") @inline(never)
func measure_rocksRawBatch(_ engine: RocksDBEngine, _ records: FloorRecords) throws { try engine.rawWrite(records) }

@_silgen_name("measure_rocksCommit") @inline(never)
func measure_rocksCommit(_ engine: RocksDBEngine, _ records: FloorRecords) throws {
    try engine.write { txn in try WriteLoops.put(records, in: txn) }
}

// MARK: Point reads (every 7th key of the prepared store, as `Benchmarks/instructions.sh`)

@_silgen_name("measure_rawGets") @inline(never)
func measure_rawGets(_ txn: LMDBReadTransaction, _ keys: [UInt8]) -> Int {
    var total = 0
    keys.withUnsafeBytes { keys in
        for i in 0 ..< keys.count / 16 {
            total &+= txn.rawValue(forKey: UnsafeRawBufferPointer(rebasing: keys[i * 16 ..< i * 16 + 16]))!.count
        }
    }
    return total
}

@_silgen_name("measure_gets") @inline(never)
func measure_gets(_ txn: LMDBReadTransaction, _ keys: [UInt8]) throws -> Int { try getsPass(txn, keys) }

@_silgen_name("measure_withValue") @inline(never)
func measure_withValue(_ txn: LMDBReadTransaction, _ keys: [UInt8]) throws -> Int { try withValuePass(txn, keys) }

@_silgen_name("measure_anyGets") @inline(never)
func measure_anyGets(_ txn: AnyReadTransaction, _ keys: [UInt8]) throws -> Int { try getsPass(txn, keys) }

@_silgen_name("measure_anyWithValue") @inline(never)
func measure_anyWithValue(_ txn: AnyReadTransaction, _ keys: [UInt8]) throws -> Int { try withValuePass(txn, keys) }

/// A `withValue(forKey:)` of each of `keys` (16 bytes each), summing the values' lengths.
@inlinable @inline(__always)
func withValuePass<R: StoreReader>(_ txn: ReadTransaction<R>, _ keys: [UInt8]) throws -> Int {
    var total = 0
    try keys.withUnsafeBytes { keys in
        for i in 0 ..< keys.count / 16 {
            total &+= try txn.withValue(forKey: UnsafeRawBufferPointer(rebasing: keys[i * 16 ..< i * 16 + 16])) { $0.byteCount }!
        }
    }
    return total
}

// MARK: Scans, concrete and through `AnyEngine` (the transaction is begun and ended inside)

@_silgen_name("measure_spans") @inline(never)
func measure_spans(_ engine: LMDBEngine) throws -> Int { try engine.read { try spansPass($0) } }
@_silgen_name("measure_anySpans") @inline(never)
func measure_anySpans(_ engine: AnyEngine) throws -> Int { try engine.read { try spansPass($0) } }
@_silgen_name("measure_scan") @inline(never)
func measure_scan(_ engine: LMDBEngine) throws -> Int { try engine.read { try scanPass($0) } }
@_silgen_name("measure_anyScan") @inline(never)
func measure_anyScan(_ engine: AnyEngine) throws -> Int { try engine.read { try scanPass($0) } }
@_silgen_name("measure_records") @inline(never)
func measure_records(_ engine: LMDBEngine) throws -> Int { try engine.read { try recordsPass($0) } }
@_silgen_name("measure_anyRecords") @inline(never)
func measure_anyRecords(_ engine: AnyEngine) throws -> Int { try engine.read { try recordsPass($0) } }
@_silgen_name("measure_cursor") @inline(never)
func measure_cursor(_ engine: LMDBEngine) throws -> Int { try engine.read { try cursorPass($0) } }
@_silgen_name("measure_anyCursor") @inline(never)
func measure_anyCursor(_ engine: AnyEngine) throws -> Int { try engine.read { try cursorPass($0) } }
