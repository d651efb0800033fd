import ArgumentParser
import Foundation
import Leasehold
import LeaseholdConfiguration
import LeaseholdConformance

/// `leasehold conformance --store URL`: the conformance suite against any registered engine.
struct ConformanceCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "conformance", abstract: "Run the conformance suite against the engine of a store URL.",
        discussion: """
            Each case runs on a fresh, empty store derived from the URL: a new subdirectory of its path \
            for path-based engines (lmdb:./x runs in ./x/conformance-…, removed afterwards, and ./x is \
            removed too if the run created it), the URL itself for memory:. The URL's options apply to \
            every store, e.g. memory:?scanLease=step&checked=true. Each case runs plain and inside a key \
            prefix namespace. The last line is "N passed, M failed"; the exit status is 1 if any failed.
            """)

    @Option(help: ArgumentHelp("Only the cases whose name contains this text.", valueName: "text"))
    var filter: String?
    @Flag(help: "Print failed cases only (and the count line).")
    var quiet = false
    @OptionGroup var store: StoreOptions

    func run(in context: CommandContext) throws {
        let url = try context.storeURL()
        let registration = try context.registry.registration(for: url.scheme)
        // Engine options from configuration go into the URL: every scratch store gets them.
        var withOptions = url
        for (name, value) in context.registry.optionValues(of: registration, in: context.config).sorted(by: { $0.key < $1.key })
        where url.value(of: name) == nil {
            withOptions = withOptions.settingOption(name, to: value)
        }
        let baseDirectory = url.path
        let baseExisted = baseDirectory.isEmpty || FileManager.default.fileExists(atPath: baseDirectory)
        defer {
            // Remove the base directory if this run made it and left it empty.
            if !baseExisted, (try? FileManager.default.contentsOfDirectory(atPath: baseDirectory))?.isEmpty == true {
                try? FileManager.default.removeItem(atPath: baseDirectory)
            }
        }
        let harness = try ConformanceHarness(url: withOptions.description, registry: context.registry)
        print("conformance of \(withOptions) (\(ConformanceSuite.cases.count) cases, plain and prefixed)")
        let report = ConformanceSuite.run(harness, filter: filter) { result in
            if !quiet || result.outcome == .failed { print(result) }
        }
        if report.skipped > 0 { print("\(report.skipped) did not apply to this engine's capabilities") }
        print(report.summary)
        if report.failed > 0 { throw ExitCode.failure }
    }
}
