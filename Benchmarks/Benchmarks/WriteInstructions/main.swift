import Foundation

// Runs one write, get or scan style once, for callgrind (`Benchmarks/write-instructions.sh`):
// the instructions of `measure_STYLE` only are counted.
//
//   WriteInstructions prepare DIR    builds the LMDB store the read styles use (DIR/read.lmdb)
//   WriteInstructions STYLE DIR      runs STYLE once; write styles load a new store under DIR
//   WriteInstructions ratios DIR     wall-time ratios of each pair, rounds interleaved
//
// By hand: valgrind --tool=callgrind --zero-before=measure_STYLE --dump-after=measure_STYLE \
//            WriteInstructions STYLE DIR
let arguments = CommandLine.arguments
guard arguments.count == 3, !arguments[1].hasPrefix("-") else {
    FileHandle.standardError.write(Data("""
        usage: WriteInstructions prepare|ratios|STYLE DIR
        write styles (a bulk load into a new store): \(Styles.writes.joined(separator: " "))
        read styles (on DIR/read.lmdb, made by prepare): \(Styles.reads.joined(separator: " "))

        """.utf8))
    exit(arguments.count == 2 && (arguments[1] == "--help" || arguments[1] == "-h") ? 0 : 2)
}
do {
    try Styles.run(arguments[1], directory: arguments[2])
} catch {
    FileHandle.standardError.write(Data("WriteInstructions: \(error)\n".utf8))
    exit(1)
}
