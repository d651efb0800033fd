import Foundation
import Leasehold

// Runs one tuple operation N times, for `Benchmarks/tuple-instructions.sh` (callgrind).
//
//   TupleInstructions OPERATION [N]      (N defaults to 100,000)
let arguments = CommandLine.arguments
guard arguments.count >= 2, let operation = Operations.all[arguments[1]] else {
    FileHandle.standardError.write(Data("usage: TupleInstructions OPERATION [N]\noperations: \(Operations.all.keys.sorted().joined(separator: " "))\n".utf8))
    exit(2)
}
let n = arguments.count > 2 ? Int(arguments[2]) ?? 100_000 : 100_000
let keys = (0 ..< 16).map { Key(packed: Key.pack("users", 123_456_789 + $0, "alice@example.com")) }
do {
    try operation(keys, n)
} catch {
    FileHandle.standardError.write(Data("TupleInstructions: \(error)\n".utf8))
    exit(1)
}
