import Foundation
import PackagePlugin

/// `swift package leasehold-conformance`: builds the tests of the package it runs in (an
/// adapter's package that depends on Leasehold), runs those that run the Leasehold conformance
/// suite, and reports every case with a last line `N passed, M failed`.
///
/// SwiftPM's `packageManager.test` only reports XCTest results, so the plugin runs the built
/// test product itself with `--testing-library swift-testing`. Each `ConformanceCase.run`
/// appends its result to the file named by `LEASEHOLD_CONFORMANCE_REPORT`, which the plugin
/// sets; the report is read from there, whichever way the tests call the suite.
///
/// The tests run one at a time (`--no-parallel`), so when the test process crashes the report
/// names the case that was running and says how many never ran, instead of counting only the
/// ones that finished.
///
/// Options: `--filter REGEX` (the tests to run; default `onformance`), `--configuration
/// debug|release`, `--sanitize address` (build and run the tests under AddressSanitizer: a
/// sink that reads memory after its lease ended is then caught at the read), `--verbose` (the
/// test output too), `--quiet` (failures and the count only).
@main
struct LeaseholdConformancePlugin: CommandPlugin {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let filter = extractor.extractOption(named: "filter").last ?? "onformance"
        let configuration = extractor.extractOption(named: "configuration").last ?? "debug"
        let verbose = extractor.extractFlag(named: "verbose") > 0
        let quiet = extractor.extractFlag(named: "quiet") > 0
        let sanitizer = extractor.extractOption(named: "sanitize").last
        if let unknown = extractor.remainingArguments.first {
            throw Failure(description: "unknown argument '\(unknown)' (accepted: --filter REGEX, --configuration debug|release, --sanitize address, --verbose, --quiet)")
        }
        guard configuration == "debug" || configuration == "release" else {
            throw Failure(description: "--configuration must be debug or release")
        }
        guard sanitizer == nil || sanitizer == "address" else {
            throw Failure(description: "--sanitize takes address (the one sanitizer a lease bug shows up under)")
        }

        let under = sanitizer == nil ? "" : ", AddressSanitizer"
        print("leasehold-conformance: building the tests of \(context.package.displayName) (\(configuration)\(under))…")
        var parameters = PackageManager.BuildParameters(configuration: configuration == "release" ? .release : .debug, logging: .concise)
        if sanitizer != nil {
            parameters.otherSwiftcFlags = ["-sanitize=address"]
            parameters.otherCFlags = ["-fsanitize=address"]
        }
        let build = try packageManager.build(.all(includingTests: true), parameters: parameters)
        guard build.succeeded else {
            print(build.logText)
            throw Failure(description: "the build failed")
        }
        let testProduct = try Self.findTestProduct(build, package: context.package)

        let report = context.pluginWorkDirectoryURL.appendingPathComponent("conformance-report.jsonl")
        try? FileManager.default.removeItem(at: report)
        let log = context.pluginWorkDirectoryURL.appendingPathComponent("conformance-tests.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = testProduct
        process.arguments = ["--testing-library", "swift-testing", "--no-parallel", "--filter", filter]
        var environment = ProcessInfo.processInfo.environment
        environment["LEASEHOLD_CONFORMANCE_REPORT"] = report.path
        // ASan reports go to the log; the Swift backtracer cannot run under it.
        if sanitizer != nil { environment["SWIFT_BACKTRACE"] = "enable=no" }
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        print("leasehold-conformance: running \(testProduct.lastPathComponent) --testing-library swift-testing --no-parallel --filter \(filter)")
        try process.run()
        process.waitUntilExit()
        try output.close()
        let testOutput = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        if verbose { print(testOutput) }

        let run = ConformanceRun(reading: report)
        let crashed = process.terminationReason == .uncaughtSignal || !run.unfinished.isEmpty
        guard !run.results.isEmpty || crashed else {
            print(testOutput.split(separator: "\n").suffix(20).joined(separator: "\n"))
            throw Failure(description: """
                no conformance case ran: add a test that runs the suite (for example \
                `@Test(arguments: ConformanceSuite.cases, ConformanceVariant.allCases) func conformance(_ c: ConformanceCase, \
                _ v: ConformanceVariant) throws { try c.run(harness, v) }`), or pass --filter to select it
                """)
        }
        for result in run.results where !quiet || result.outcome == "failed" {
            let head = "\(result.outcome.padding(toLength: 7, withPad: " ", startingAt: 0)) \(result.engine) \(result.name) [\(result.variant)]"
            print(result.message.map { head + ": " + (($0.count > 400) ? $0.prefix(400) + "…" : $0) } ?? head)
        }
        let skipped = run.count("skipped"), failed = run.count("failed")
        if skipped > 0 { print("\(skipped) did not apply to the engine's capabilities") }
        if crashed {
            // What the runtime or the sanitizer said about the crash (the whole of it is in the
            // log, with `--verbose` on the screen).
            let said = testOutput.split(separator: "\n").filter {
                $0.contains("Fatal error") || $0.contains("fatal error") || $0.contains("AddressSanitizer") || $0.contains("SUMMARY:")
            }
            print((said.isEmpty ? Array(testOutput.split(separator: "\n").suffix(10)) : said).joined(separator: "\n"))
            for c in run.unfinished { print("crashed \(c.engine) \(c.name) [\(c.variant)]: the test process died while it ran") }
            let signal = process.terminationReason == .uncaughtSignal ? " on signal \(process.terminationStatus)" : " (status \(process.terminationStatus))"
            print("the test process crashed\(signal) in \(run.unfinished.map(\.name).joined(separator: ", ").nonEmpty ?? "no conformance case"); \(run.neverRan) case(s) never ran")
        }
        print("\(run.count("passed")) passed, \(failed) failed" + (crashed ? ", \(run.unfinished.count) crashed, \(run.neverRan) never ran" : ""))
        if crashed { throw Failure(description: "the test process crashed in \(run.unfinished.first.map { "\($0.name) [\($0.variant)]" } ?? "a test outside the suite")") }
        if failed > 0 || process.terminationStatus != 0 {
            if failed == 0 { print(testOutput.split(separator: "\n").suffix(20).joined(separator: "\n")) }
            throw Failure(description: failed > 0 ? "\(failed) conformance case(s) failed"
                : "the tests exited with status \(process.terminationStatus)")
        }
    }

    /// The test product: a built artifact if SwiftPM lists it, else `<Package>PackageTests` next
    /// to the other products (`.xctest`, an executable on Linux, a bundle on macOS).
    static func findTestProduct(_ build: PackageManager.BuildResult, package: Package) throws -> URL {
        let names = ["\(package.displayName)PackageTests.xctest", "\(package.displayName)PackageTests"]
        if let listed = build.builtArtifacts.first(where: { names.contains($0.url.lastPathComponent) }) {
            return executable(in: listed.url)
        }
        var directories = Set(build.builtArtifacts.map { $0.url.deletingLastPathComponent() })
        directories.insert(package.directoryURL.appendingPathComponent(".build/debug"))
        for directory in directories {
            for name in names {
                let candidate = directory.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: candidate.path) { return executable(in: candidate) }
            }
        }
        throw Failure(description: "no test product \(names[0]) among the build's products: does the package have a test target?")
    }

    /// On macOS the `.xctest` is a bundle: run the `swiftpm-testing-helper`-free executable inside.
    static func executable(in url: URL) -> URL {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else { return url }
        let inside = url.appendingPathComponent("Contents/MacOS").appendingPathComponent(url.deletingPathExtension().lastPathComponent)
        return inside
    }
}

extension String {
    /// The string, or `nil` when it is empty.
    var nonEmpty: String? { isEmpty ? nil : self }
}
