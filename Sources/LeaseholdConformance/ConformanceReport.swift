import Foundation
import LeaseholdCore

/// The outcome of one case in one variant.
public struct ConformanceResult: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Passed, failed, or not applicable to the engine's capabilities.
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// The engine passed the case.
        case passed
        /// The engine failed it; ``ConformanceResult/message`` says how.
        case failed
        /// The case does not apply to the engine (its ``Capabilities`` rule it out).
        case skipped
    }

    /// The harness's name (the engine).
    public var engine: String
    /// The case's name.
    public var name: String
    /// `plain` or `prefixed`.
    public var variant: String
    /// What happened.
    public var outcome: Outcome
    /// The failure, for a failed case.
    public var message: String?

    /// A result.
    public init(engine: String, name: String, variant: String, outcome: Outcome, message: String? = nil) {
        self.engine = engine
        self.name = name
        self.variant = variant
        self.outcome = outcome
        self.message = message
    }

    /// `passed  crud.putGet [plain]`, with the failure after a colon (cut at 400 characters).
    public var description: String {
        let head = "\(outcome.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(name) [\(variant)]"
        return message.map { head + ": " + ($0.count > 400 ? $0.prefix(400) + "…" : $0) } ?? head
    }
}

/// The results of a run of the suite.
public struct ConformanceReport: Sendable, Hashable {
    /// Every result, in the order run.
    public var results: [ConformanceResult] = []

    /// An empty report.
    public init() {}

    /// How many cases passed.
    public var passed: Int { results.count { $0.outcome == .passed } }
    /// How many cases failed.
    public var failed: Int { results.count { $0.outcome == .failed } }
    /// How many cases did not apply.
    public var skipped: Int { results.count { $0.outcome == .skipped } }

    /// The last line of a run: `N passed, M failed`.
    public var summary: String { "\(passed) passed, \(failed) failed" }
}

extension ConformanceSuite {
    /// Runs every case (or those whose name contains `filter`) in each variant, one after the
    /// other, and calls `onResult` as each ends. A failure does not stop the run.
    public static func run(
        _ harness: ConformanceHarness, variants: [ConformanceVariant] = ConformanceVariant.allCases,
        filter: String? = nil, onResult: (ConformanceResult) -> Void = { _ in }
    ) -> ConformanceReport {
        var report = ConformanceReport()
        for c in cases where filter.map({ c.name.contains($0) }) ?? true {
            for variant in variants {
                let result: ConformanceResult
                do {
                    let ran = try c.run(harness, variant)
                    result = ConformanceResult(engine: harness.name, name: c.name, variant: variant.rawValue, outcome: ran ? .passed : .skipped)
                } catch {
                    result = ConformanceResult(engine: harness.name, name: c.name, variant: variant.rawValue, outcome: .failed, message: "\(error)")
                }
                report.results.append(result)
                onResult(result)
            }
        }
        return report
    }
}

/// Appends each case's result, as a JSON line, to the file named by the environment variable
/// `LEASEHOLD_CONFORMANCE_REPORT` when it is set: how `swift package leasehold-conformance`
/// learns what the adapter's tests ran, whichever way they call the suite.
enum ConformanceRecorder {
    static let path: String? = ProcessInfo.processInfo.environment["LEASEHOLD_CONFORMANCE_REPORT"].flatMap { $0.isEmpty ? nil : $0 }

    static func record(_ c: ConformanceCase, _ harness: ConformanceHarness, _ variant: ConformanceVariant,
                       _ outcome: ConformanceResult.Outcome, _ message: String? = nil) {
        guard let path else { return }
        let result = ConformanceResult(engine: harness.name, name: c.name, variant: variant.rawValue, outcome: outcome, message: message)
        guard var line = try? JSONEncoder().encode(result) else { return }
        line.append(UInt8(ascii: "\n"))
        // One write(2) per line on an O_APPEND descriptor: lines of parallel tests never mix.
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
