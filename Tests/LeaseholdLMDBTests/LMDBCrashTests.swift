import Foundation
import Leasehold
import LeaseholdLMDB
import Testing

/// SIGKILL a process that is committing, again and again, and check LMDB's promise: every commit
/// it reported is there, and no transaction is there in part.
@Suite("LMDB crash safety", .serialized)
struct LMDBCrashTests {
    static let keysPerTransaction = 8

    static func key(_ transaction: UInt64, _ index: Int) -> [UInt8] {
        [0x74] + withUnsafeBytes(of: transaction.bigEndian) { Array($0) } + [UInt8(index)]
    }

    static func value(_ transaction: UInt64, _ index: Int) -> [UInt8] {
        (0 ..< 100).map { UInt8(truncatingIfNeeded: Int(transaction) &* 31 &+ index &* 7 &+ $0) }
    }

    /// The `lmdb-crash-child` executable, built next to the test binary.
    static func childExecutable() throws -> URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0 ..< 5 {
            let candidate = directory.appendingPathComponent("lmdb-crash-child")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        throw LeaseholdError.invalidArgument("lmdb-crash-child not found near \(CommandLine.arguments[0])")
    }

    /// Runs a child until it has committed at least once, kills it at a random moment after,
    /// and returns the transactions it reported and the stale reader slots it saw cleared.
    func runAndKill(_ executable: URL, _ path: String) throws -> (committed: [UInt64], cleared: Int) {
        let child = Process()
        child.executableURL = executable
        child.arguments = [path]
        let pipe = Pipe()
        child.standardOutput = pipe
        try child.run()
        let reader = pipe.fileHandleForReading
        var output = Data()
        // Wait for the first commit, then let it run 0–40 ms more before the kill.
        let started = Date()
        while !String(decoding: output, as: UTF8.self).contains("committed") {
            output.append(reader.availableData)
            if Date().timeIntervalSince(started) > 10 || !child.isRunning && output.isEmpty { break }
        }
        usleep(UInt32.random(in: 0 ... 40_000))
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        output.append(reader.readDataToEndOfFile())
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        #expect(child.terminationReason == .uncaughtSignal, "the child exited by itself: \(lines.suffix(3))")
        let committed = lines.compactMap { $0.hasPrefix("committed ") ? UInt64($0.dropFirst(10)) : nil }
        let cleared = lines.first { $0.hasPrefix("cleared ") }.flatMap { Int($0.dropFirst(8)) } ?? 0
        return (committed, cleared)
    }

    @Test("killed 24 times while committing: every reported commit is there, none in part")
    func killedWhileCommitting() throws {
        let executable = try Self.childExecutable()
        let path = temporaryStorePath("crash")
        defer { removeStore(path) }
        var reported: Set<UInt64> = []
        var staleReaders = 0
        // This process keeps the environment open throughout (LMDB resets the reader table when
        // the first process opens it, so stale slots only show while someone else has it open).
        let engine = try LMDBEngine(options: .init(path: path, mapSize: 256 << 20))
        defer { try? engine.close() }
        for round in 0 ..< 24 {
            let (committed, cleared) = try runAndKill(executable, path)
            #expect(!committed.isEmpty, "round \(round): the child committed nothing")
            staleReaders += cleared
            reported.formUnion(committed)

            var wrongValues: [UInt64] = []
            let stored = try engine.read { txn in
                var byTransaction: [UInt64: [Int]] = [:]
                try txn.scan(.prefix([0x74])) { key, value in
                    let (t, i) = key.withUnsafeBytes { ($0.loadUnaligned(fromByteOffset: 1, as: UInt64.self).bigEndian, Int($0[9])) }
                    if Array(value) != Self.value(t, i) { wrongValues.append(t) }
                    byTransaction[t, default: []].append(i)
                }
                return byTransaction
            }
            #expect(wrongValues.isEmpty, "round \(round): wrong values in transactions \(wrongValues)")
            let partial = stored.filter { $0.value != Array(0 ..< Self.keysPerTransaction) }
            #expect(partial.isEmpty, "round \(round): partial transactions \(partial.keys.sorted())")
            let missing = reported.subtracting(stored.keys)
            #expect(missing.isEmpty, "round \(round): reported commits missing: \(missing.sorted())")
            // Numbers are consecutive: nothing was lost in between either.
            #expect(stored.keys.sorted() == Array(0 ..< UInt64(stored.count)), "round \(round): a gap in the committed transactions")
        }
        #expect(reported.count > 24)
        // The children were killed inside read transactions at least sometimes: the next child's
        // open cleared their slots, and we clear the last one's.
        staleReaders += try engine.clearStaleReaders()
        #expect(staleReaders > 0)
        print("crash test: \(reported.count) reported commits over 24 kills, \(staleReaders) stale reader slots cleared")
    }
}
