import Leasehold
import LeaseholdLMDB
import LeaseholdBenchmarkSupport
import ScanPasses

// The measured functions: `Benchmarks/instructions.sh` counts inside `measure_STYLE` only.
// Each is one plain, never-inlined symbol (`@_silgen_name`), so closures inside it do not match.
// The passes (ScanPasses) are generic and inlined, so LMDB and Memory styles run the same code.

@_silgen_name("measure_warmup") @inline(never) func measure_warmup(_ engine: LMDBEngine) throws -> Int {
    try engine.read { txn in
        var total = 0
        try txn.withRawCursor { cursor in while cursor.next() { total &+= cursor.key.count } }
        return total
    }
}

@_silgen_name("measure_raw") @inline(never) func measure_raw(_ engine: LMDBEngine) throws -> Int {
    try engine.read { txn in
        try txn.withRawCursor { cursor in
            var total = 0
            while cursor.next() { total &+= cursor.key.count &+ cursor.value.count &+ Int(cursor.key[0]) }
            return total
        }
    }
}

@_silgen_name("measure_spans") @inline(never) func measure_spans(_ engine: LMDBEngine) throws -> Int {
    try engine.read { try spansPass($0) }
}

@_silgen_name("measure_scan") @inline(never) func measure_scan(_ engine: LMDBEngine) throws -> Int {
    try engine.read { try scanPass($0) }
}

@_silgen_name("measure_records") @inline(never) func measure_records(_ engine: LMDBEngine) throws -> Int {
    try engine.read { try recordsPass($0) }
}

@_silgen_name("measure_cursor") @inline(never) func measure_cursor(_ engine: LMDBEngine) throws -> Int {
    try engine.read { try cursorPass($0) }
}

@_silgen_name("measure_keepKeys") @inline(never) func measure_keepKeys(_ engine: LMDBEngine, _ kept: inout [Bytes]) throws {
    try engine.read { try keepKeysPass($0, &kept) }
}

@_silgen_name("measure_keepKeysScan") @inline(never) func measure_keepKeysScan(_ txn: LMDBReadTransaction, _ kept: inout [Bytes]) throws {
    try keepKeysPass(txn, &kept)
}

@_silgen_name("measure_keepValues") @inline(never) func measure_keepValues(_ engine: LMDBEngine, _ kept: inout [Bytes]) throws {
    try engine.read { try keepValuesPass($0, &kept) }
}

@_silgen_name("measure_keepValuesScan") @inline(never) func measure_keepValuesScan(_ txn: LMDBReadTransaction, _ kept: inout [Bytes]) throws {
    try keepValuesPass(txn, &kept)
}

@_silgen_name("measure_rawGets") @inline(never) func measure_rawGets(_ txn: LMDBReadTransaction) throws -> Int {
    var total = 0
    Shape.getKeys.withUnsafeBytes { keys in
        for i in 0 ..< keys.count / 16 {
            total &+= txn.rawValue(forKey: UnsafeRawBufferPointer(rebasing: keys[i * 16 ..< i * 16 + 16]))!.count
        }
    }
    return total
}

@_silgen_name("measure_gets") @inline(never) func measure_gets(_ txn: LMDBReadTransaction) throws -> Int {
    try getsPass(txn, Shape.getKeys)
}

/// Every Memory-engine style in one measured function (`measure_memory`): the switch runs once
/// per pass. `memKeepKeysScan` counts the scan alone (the transaction ends outside).
@_silgen_name("measure_memory") @inline(never)
func measure_memory(_ engine: MemoryEngine, _ style: String, _ kept: inout [Bytes]) throws -> Int {
    switch style {
    case "memSpans": return try engine.read { try spansPass($0) }
    case "memScan": return try engine.read { try scanPass($0) }
    case "memRecords": return try engine.read { try recordsPass($0) }
    case "memKeepKeys": try engine.read { try keepKeysPass($0, &kept) }
    default: throw LeaseholdError.invalidArgument("unknown style \(style)")
    }
    return kept.count
}

@_silgen_name("measure_memKeepKeysScan") @inline(never)
func measure_memKeepKeysScan(_ txn: ReadTransaction<MemoryReader>, _ kept: inout [Bytes]) throws {
    try keepKeysPass(txn, &kept)
}
