import Foundation

// Runs one scan style once over a 100,000-record store, for `Benchmarks/instructions.sh`, which
// counts the instructions of the style's `measure…` function under callgrind.
//
//   LMDBInstructions prepare DIR     builds the LMDB store in DIR (run natively, once)
//   LMDBInstructions STYLE DIR       runs STYLE once (under valgrind)
//   LMDBInstructions ratios DIR      wall-time ratios to the raw loop, passes interleaved
//                                    (`Benchmarks/ratios.sh`)
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: LMDBInstructions prepare|ratios|STYLE DIR\nstyles: \(Styles.names.joined(separator: " "))\n".utf8))
    exit(2)
}
do {
    try Styles.run(arguments[1], directory: arguments[2])
} catch {
    FileHandle.standardError.write(Data("LMDBInstructions: \(error)\n".utf8))
    exit(1)
}
