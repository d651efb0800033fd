// The child process of the crash tests, for every engine:
//
//     crash-child ENGINE STORE-PATH commit   # commits numbered transactions until killed
//     crash-child ENGINE STORE-PATH check    # reports what a store holds
//     crash-child ENGINE STORE-PATH fill [BYTES]  # commits under a file-size limit until a write fails
//     crash-child ENGINE STORE-PATH populate [COUNT]  # commits COUNT transactions and exits
//
// `commit` reports each commit on stdout ("committed N") right after `write` returns; `check`
// reports the transactions found ("stored N"), whether their numbers run from 0 without a gap,
// and any found in part or with wrong values. Adding an engine is one case below.
import Leasehold
import LeaseholdLMDB
import LeaseholdLevelDB
import LeaseholdRocksDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let arguments = CommandLine.arguments
guard arguments.count == 4 || arguments.count == 5, let mode = CrashMode(rawValue: arguments[3]) else {
    report("usage: crash-child lmdb|leveldb|rocksdb STORE-PATH commit|check|fill [BYTES]|populate [COUNT]")
    exit(2)
}
let path = arguments[2]
let argument = arguments.count == 5 ? Int(arguments[4]) : nil

do {
    switch arguments[1] {
    case "lmdb":
        // No fsync: the test kills the process, not the machine, and LMDB loses nothing then.
        let engine = try LMDBEngine(options: .init(path: path, mapSize: 256 << 20, noSync: true))
        report("cleared \(engine.staleReadersCleared)")
        try run(engine, mode, argument: argument)
    case "leveldb":
        try run(LevelDBEngine(options: .init(path: path, syncWrites: true)), mode, argument: argument)
    case "rocksdb":
        try run(RocksDBEngine(options: .init(path: path, syncWrites: true)), mode, argument: argument)
    default:
        report("unknown engine \(arguments[1])")
        exit(2)
    }
} catch {
    report("error \(error)")
    exit(1)
}
