import Foundation

/// How a `crash-child` run to its end went: what it printed, and whether it exited or died.
public struct ChildRun: Sendable {
    /// Its stdout, line by line.
    public var lines: [String]
    /// The signal that ended it, if one did (a crash, or the kill after a timeout).
    public var signal: Int32?
    /// Its exit status, if it exited.
    public var exitCode: Int32?

    /// The text after `name ` on the first line that starts with it.
    public func field(_ name: String) -> String? {
        lines.first { $0.hasPrefix(name + " ") || $0 == name }
            .map { String($0.dropFirst(name.count)).trimmingCharacters(in: .whitespaces) }
    }
}

/// What `crash-child … check` found in a store.
public struct StoreCheck: Sendable {
    /// The run itself (an `error …` line and exit status 1 when the engine threw).
    public var run: ChildRun
    /// The transactions in the store, or `nil` if the check did not get that far.
    public var stored: Int?
    /// Whether their numbers run from 0 without a gap.
    public var consecutive: Bool
    /// Transactions found in part.
    public var partial: [UInt64]
    /// Transactions with a value that is not theirs.
    public var wrong: [UInt64]
    /// Keys under the layout's prefix that are not of the layout (a damaged store).
    public var foreign: Int
    /// The error the engine threw, as the child printed it.
    public var error: String? { run.field("error") }
}

/// What `crash-child … fill` or `… populate` did: the commits, and the write that failed.
public struct FillRun: Sendable {
    /// The run itself.
    public var run: ChildRun
    /// The transactions it reported committed.
    public var committed: [UInt64]
    /// The case of the error the failed write threw (`io`, `storeFull`, …), if one did.
    public var failureKind: String?
    /// The whole failure line.
    public var failure: String?
}

extension CrashChild {
    /// Runs `crash-child ENGINE PATH check` and parses what it reports; a child still running
    /// after `timeout` seconds is killed (SIGKILL). A `quiet` one may crash without a word.
    public func check(_ path: String, timeout: Double = 300, quiet: Bool = false) throws -> StoreCheck {
        let run = try self.run([engine, path, "check"], timeout: timeout, quiet: quiet)
        func numbers(_ text: String?) -> [UInt64] { (text ?? "").split(separator: " ").compactMap { UInt64($0) } }
        return StoreCheck(
            run: run, stored: run.field("stored").flatMap { Int($0) }, consecutive: run.field("consecutive") == "true",
            partial: numbers(run.field("partial")), wrong: numbers(run.field("wrong")),
            foreign: run.field("foreign").flatMap { Int($0) } ?? 0)
    }

    /// Runs `crash-child ENGINE PATH fill LIMIT`: commits under a file-size limit of `limit` bytes
    /// until a write fails.
    public func fill(_ path: String, limit: Int) throws -> FillRun {
        try commits([engine, path, "fill", String(limit)])
    }

    /// Runs `crash-child ENGINE PATH populate COUNT`: commits `count` transactions into a new store.
    public func populate(_ path: String, count: Int) throws -> FillRun {
        try commits([engine, path, "populate", String(count)])
    }

    private func commits(_ arguments: [String]) throws -> FillRun {
        let run = try self.run(arguments)
        let failure = run.field("failed")
        return FillRun(
            run: run, committed: run.lines.compactMap { $0.hasPrefix("committed ") ? UInt64($0.dropFirst(10)) : nil },
            failureKind: failure.map { String($0.prefix { $0 != " " }) }, failure: failure)
    }
}
