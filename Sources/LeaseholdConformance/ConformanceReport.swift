import Foundation
@_spi(Adapter) import LeaseholdCore

/// The outcome of one case in one variant.
public struct ConformanceResult: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Passed, failed, or not applicable to the engine's capabilities.
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// The engine passed the case.
        case passed
        /// The engine failed it; ``ConformanceResult/message`` says how.
        case failed
        /// The case does not apply to the engine (its ``Capabilities`` rule it out);
        /// ``ConformanceResult/message`` says why.
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
    /// How the rule was broken (a failed case), or why the case does not apply (a skipped one).
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
                let result = ConformanceRecorder.result(of: c, harness, variant)
                report.results.append(result)
                onResult(result)
            }
        }
        return report
    }
}

/// Appends what each case does, as JSON lines, to the file named by the environment variable
/// `LEASEHOLD_CONFORMANCE_REPORT` when it is set: how `swift package leasehold-conformance`
/// learns what the adapter's tests ran, whichever way they call the suite — and, if the test
/// process crashes, which case was running (a `started` line with no result after it) and how
/// many never ran (the `planned` line: every case in every variant, per engine).
enum ConformanceRecorder {
    static let path: String? = ProcessInfo.processInfo.environment["LEASEHOLD_CONFORMANCE_REPORT"].flatMap { $0.isEmpty ? nil : $0 }
    /// The engines a plan has been written for in this process.
    private static let planned = Locked(Set<String>())

    /// Runs `c` and turns its outcome into a result.
    static func result(of c: ConformanceCase, _ harness: ConformanceHarness, _ variant: ConformanceVariant) -> ConformanceResult {
        do {
            let why = try c.execute(harness, variant)
            return ConformanceResult(engine: harness.name, name: c.name, variant: variant.rawValue,
                                     outcome: why == nil ? .passed : .skipped, message: why)
        } catch {
            return ConformanceResult(engine: harness.name, name: c.name, variant: variant.rawValue, outcome: .failed, message: "\(error)")
        }
    }

    /// Notes that `c` is about to run (and, the first time for this engine, the plan).
    static func started(_ c: ConformanceCase, _ harness: ConformanceHarness, _ variant: ConformanceVariant) {
        guard path != nil else { return }
        if planned.withLock({ $0.insert(harness.name).inserted }) {
            append(Event(event: "planned", engine: harness.name, count: ConformanceSuite.cases.count * ConformanceVariant.allCases.count))
        }
        append(Event(event: "started", engine: harness.name, name: c.name, variant: variant.rawValue))
    }

    static func record(_ c: ConformanceCase, _ harness: ConformanceHarness, _ variant: ConformanceVariant,
                       _ outcome: ConformanceResult.Outcome, _ message: String? = nil) {
        guard path != nil else { return }
        append(Event(event: outcome.rawValue, engine: harness.name, name: c.name, variant: variant.rawValue, message: message))
    }

    /// One line of the report file.
    struct Event: Encodable {
        var event: String
        var engine: String
        var name: String?
        var variant: String?
        var message: String?
        var count: Int?
    }

    private static func append(_ event: Event) {
        guard let path, var line = try? JSONEncoder().encode(event) else { return }
        line.append(UInt8(ascii: "\n"))
        // One write(2) per line on an O_APPEND descriptor: lines of parallel tests never mix.
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
