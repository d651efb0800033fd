import Foundation
import LeaseholdCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one round of a crash test saw: a `crash-child … commit` run killed with SIGKILL at a random
/// moment after its first commit, then a `crash-child … check` run over the same store.
public struct CrashRound: Sendable {
    /// The transactions the killed child reported committed.
    public var committed: [UInt64]
    /// Whether the child died of the signal (not of an error of its own).
    public var killed: Bool
    /// The child's last lines, for failure messages.
    public var tail: [String]
    /// Stale LMDB reader slots cleared by the opens of this round (0 for other engines).
    public var staleReadersCleared: Int
    /// The transactions in the store after the kill.
    public var stored: Int
    /// Whether their numbers run from 0 without a gap.
    public var consecutive: Bool
    /// Transactions found in part.
    public var partial: [UInt64]
    /// Transactions with a value that is not theirs.
    public var wrong: [UInt64]
}

/// Runs the `crash-child` executable built next to the test binary.
public struct CrashChild: Sendable {
    /// The executable.
    public let executable: URL
    /// The engine name it is given (`lmdb`, `leveldb`, …).
    public let engine: String

    /// Finds `crash-child` near the test binary.
    public init(engine: String) throws {
        self.engine = engine
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0 ..< 5 {
            let candidate = directory.appendingPathComponent("crash-child")
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                executable = candidate
                return
            }
            directory.deleteLastPathComponent()
        }
        throw LeaseholdError.invalidArgument("crash-child not found near \(CommandLine.arguments[0])")
    }

    /// Starts a child committing into `path`, waits for its first commit, lets it run 0–40 ms
    /// more, kills it, then checks the store with a second child.
    public func round(_ path: String) throws -> CrashRound {
        let child = Process()
        child.executableURL = executable
        child.arguments = [engine, path, "commit"]
        let pipe = Pipe()
        child.standardOutput = pipe
        try child.run()
        let reader = pipe.fileHandleForReading
        var output = Data()
        let started = Date()
        while !String(decoding: output, as: UTF8.self).contains("committed") {
            let chunk = reader.availableData
            output.append(chunk)
            if Date().timeIntervalSince(started) > 20 || chunk.isEmpty && !child.isRunning { break }
        }
        usleep(UInt32.random(in: 0 ... 40_000))
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        output.append(reader.readDataToEndOfFile())
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)

        let check = try self.check(path)
        guard let stored = check.stored else {
            throw LeaseholdError.invalidArgument("crash-child check failed: \(check.run.lines)")
        }
        let cleared = (lines + check.run.lines).compactMap { $0.hasPrefix("cleared ") ? Int($0.dropFirst(8)) : nil }.reduce(0, +)
        return CrashRound(
            committed: lines.compactMap { $0.hasPrefix("committed ") ? UInt64($0.dropFirst(10)) : nil },
            killed: child.terminationReason == .uncaughtSignal, tail: Array(lines.suffix(3)),
            staleReadersCleared: cleared, stored: stored, consecutive: check.consecutive,
            partial: check.partial, wrong: check.wrong)
    }

    /// Runs the child to its end (or kills it after `timeout` seconds) and returns what it printed
    /// and how it ended. A `quiet` child's stderr is dropped and a crash prints no backtrace (for
    /// runs expected to crash).
    func run(_ arguments: [String], timeout: Double = 300, quiet: Bool = false) throws -> ChildRun {
        let child = Process()
        child.executableURL = executable
        child.arguments = arguments
        let pipe = Pipe()
        child.standardOutput = pipe
        if quiet {
            child.standardError = FileHandle.nullDevice
            child.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }
        }
        try child.run()
        let deadline = DispatchTime.now() + timeout
        let pid = child.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: deadline) { if child.isRunning { kill(pid, SIGKILL) } }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        child.waitUntilExit()
        return ChildRun(
            lines: String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init),
            signal: child.terminationReason == .uncaughtSignal ? child.terminationStatus : nil,
            exitCode: child.terminationReason == .exit ? child.terminationStatus : nil)
    }
}
