import Foundation

// Runs one scan or get style once over a LevelDB or RocksDB store, for `Benchmarks/instructions.sh`,
// which counts the instructions of the style's `measure…` function under callgrind (the LMDB and
// Memory styles live in LMDBInstructions).
//
//   EngineInstructions ENGINE prepare DIR    builds the store in DIR (run natively, once)
//   EngineInstructions ENGINE STYLE DIR      runs STYLE once (under valgrind) and prints the
//                                            lease counters of the measured pass
// ENGINE: leveldb, rocksdb, or rocksdb-pinned (the rocksdb store opened with pinData).
let arguments = CommandLine.arguments
guard arguments.count == 4, let engine = StoreKind(rawValue: arguments[1]) else {
    let engines = StoreKind.allCases.map(\.rawValue).joined(separator: "|")
    FileHandle.standardError.write(Data("usage: EngineInstructions \(engines) prepare|STYLE DIR\nstyles: \(EngineStyles.names.joined(separator: " "))\n".utf8))
    exit(2)
}
do {
    try EngineStyles.run(arguments[2], engine: engine, directory: arguments[3])
} catch {
    FileHandle.standardError.write(Data("EngineInstructions: \(error)\n".utf8))
    exit(1)
}
