import Leasehold
import LeaseholdLevelDB
import LeaseholdBenchmarkSupport
import LeaseholdRocksDB
import ScanPasses

// The measured functions: `Benchmarks/instructions.sh` counts inside `measure_STYLE` only. Each
// switches once on the engine, then runs the same generic pass (ScanPasses) as the LMDB runs and
// the package-benchmark suites, specialised for that engine.

@_silgen_name("measure_warmup") @inline(never) func measure_warmup(_ store: Store) throws -> Int {
    try measure_raw(store)
}

/// The floor: a bare iterator loop of the engine's C API doing the passes' work per record.
@_silgen_name("measure_raw") @inline(never) func measure_raw(_ store: Store) throws -> Int {
    switch store {
    case .leveldb(let engine):
        return try engine.read { txn in
            try txn.withRawIterator { iterator in
                var total = 0
                while iterator.next() { let key = iterator.key; total &+= key.count &+ iterator.value.count &+ Int(key[0]) }
                return total
            }
        }
    case .rocksdb(let engine):
        return try engine.read { txn in
            try txn.withRawIterator { iterator in
                var total = 0
                while iterator.next() { let key = iterator.key; total &+= key.count &+ iterator.value.count &+ Int(key[0]) }
                return total
            }
        }
    }
}

@_silgen_name("measure_spans") @inline(never) func measure_spans(_ store: Store) throws -> Int {
    switch store {
    case .leveldb(let engine): return try engine.read { try spansPass($0) }
    case .rocksdb(let engine): return try engine.read { try spansPass($0) }
    }
}

@_silgen_name("measure_scan") @inline(never) func measure_scan(_ store: Store) throws -> Int {
    switch store {
    case .leveldb(let engine): return try engine.read { try scanPass($0) }
    case .rocksdb(let engine): return try engine.read { try scanPass($0) }
    }
}

@_silgen_name("measure_records") @inline(never) func measure_records(_ store: Store) throws -> Int {
    switch store {
    case .leveldb(let engine): return try engine.read { try recordsPass($0) }
    case .rocksdb(let engine): return try engine.read { try recordsPass($0) }
    }
}

@_silgen_name("measure_cursor") @inline(never) func measure_cursor(_ store: Store) throws -> Int {
    switch store {
    case .leveldb(let engine): return try engine.read { try cursorPass($0) }
    case .rocksdb(let engine): return try engine.read { try cursorPass($0) }
    }
}

/// Keeps every key: each is copied at the step after it (inline, 16 bytes).
@_silgen_name("measure_keepKeys") @inline(never) func measure_keepKeys(_ store: Store, _ kept: inout [Bytes]) throws {
    switch store {
    case .leveldb(let engine): try engine.read { try keepKeysPass($0, &kept) }
    case .rocksdb(let engine): try engine.read { try keepKeysPass($0, &kept) }
    }
}

/// Keeps every value: each is copied at the step after it into recycled arena chunks (with
/// `pinData`: at the end of the scan).
@_silgen_name("measure_keepValues") @inline(never) func measure_keepValues(_ store: Store, _ kept: inout [Bytes]) throws {
    switch store {
    case .leveldb(let engine): try engine.read { try keepValuesPass($0, &kept) }
    case .rocksdb(let engine): try engine.read { try keepValuesPass($0, &kept) }
    }
}

/// The floor of point reads: `leveldb_get` + `leveldb_free`, or `rocksdb_get_pinned` +
/// `rocksdb_pinnableslice_destroy`.
@_silgen_name("measure_rawGets") @inline(never) func measure_rawGets(_ store: Store) throws -> Int {
    var total = 0
    switch store {
    case .leveldb(let engine):
        try engine.read { txn in
            Shape.getKeys.withUnsafeBytes { keys in
                for i in 0 ..< keys.count / 16 {
                    total &+= txn.rawValueCount(forKey: UnsafeRawBufferPointer(rebasing: keys[i * 16 ..< i * 16 + 16]))
                }
            }
        }
    case .rocksdb(let engine):
        try engine.read { txn in
            Shape.getKeys.withUnsafeBytes { keys in
                for i in 0 ..< keys.count / 16 {
                    total &+= txn.withRawPinnedValue(forKey: UnsafeRawBufferPointer(rebasing: keys[i * 16 ..< i * 16 + 16])) { $0!.count }
                }
            }
        }
    }
    return total
}

@_silgen_name("measure_gets") @inline(never) func measure_gets(_ store: Store) throws -> Int {
    switch store {
    case .leveldb(let engine): return try engine.read { try getsPass($0, Shape.getKeys) }
    case .rocksdb(let engine): return try engine.read { try getsPass($0, Shape.getKeys) }
    }
}
