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
/// Options: `--filter REGEX` (the tests to run; default `onformance`), `--configuration
/// debug|release`, `--verbose` (the test output too), `--quiet` (failures and the count only).
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
        if let unknown = extractor.remainingArguments.first {
            throw Failure(description: "unknown argument '\(unknown)' (accepted: --filter REGEX, --configuration debug|release, --verbose, --quiet)")
        }
        guard configuration == "debug" || configuration == "release" else {
            throw Failure(description: "--configuration must be debug or release")
        }

        print("leasehold-conformance: building the tests of \(context.package.displayName) (\(configuration))…")
        let build = try packageManager.build(
            .all(includingTests: true),
            parameters: .init(configuration: configuration == "release" ? .release : .debug, logging: .concise))
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
        process.arguments = ["--testing-library", "swift-testing", "--filter", filter]
        var environment = ProcessInfo.processInfo.environment
        environment["LEASEHOLD_CONFORMANCE_REPORT"] = report.path
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        print("leasehold-conformance: running \(testProduct.lastPathComponent) --testing-library swift-testing --filter \(filter)")
        try process.run()
        process.waitUntilExit()
        try output.close()
        let testOutput = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        if verbose { print(testOutput) }

        let results = Self.readReport(report)
        guard !results.isEmpty else {
            print(testOutput.split(separator: "\n").suffix(20).joined(separator: "\n"))
            throw Failure(description: """
                no conformance case ran: add a test that runs the suite (for example \
                `@Test(arguments: ConformanceSuite.cases, ConformanceVariant.allCases) func conformance(_ c: ConformanceCase, \
                _ v: ConformanceVariant) throws { try c.run(harness, v) }`), or pass --filter to select it
                """)
        }
        var counts: [String: Int] = [:]
        for result in results {
            counts[result.outcome, default: 0] += 1
            if !quiet || result.outcome == "failed" {
                let head = "\(result.outcome.padding(toLength: 7, withPad: " ", startingAt: 0)) \(result.engine) \(result.name) [\(result.variant)]"
                print(result.message.map { head + ": " + (($0.count > 400) ? $0.prefix(400) + "…" : $0) } ?? head)
            }
        }
        if let skipped = counts["skipped"] { print("\(skipped) did not apply to the engine's capabilities") }
        let failed = counts["failed", default: 0]
        print("\(counts["passed", default: 0]) passed, \(failed) failed")
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

    struct Result: Decodable {
        var engine: String
        var name: String
        var variant: String
        var outcome: String
        var message: String?
    }

    static func readReport(_ url: URL) -> [Result] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap { try? decoder.decode(Result.self, from: Data($0.utf8)) }
            .sorted { ($0.engine, $0.name, $0.variant) < ($1.engine, $1.name, $1.variant) }
    }
}
