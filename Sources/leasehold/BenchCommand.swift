import ArgumentParser
import Foundation
import Leasehold
import LeaseholdConfiguration

/// `leasehold bench`: loads records into a scratch store of each engine and times every way of
/// reading them against the engine's bare C-API loop, in the same run.
struct BenchCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Time scans and point gets of each engine against its raw C-API loop, with lease counters.",
        discussion: """
            Each engine gets a scratch store (a temporary directory for path-based engines, or a \
            subdirectory of --store's path), loaded with --records records of 16-byte keys and \
            100-byte values, removed afterwards. Each mode is timed as the median of --passes passes \
            after one warm-up pass; ns/record is that median divided by the records (or gets) of a \
            pass, and the ratio compares it with the raw loop of the same kind. Wall-clock time on a \
            shared machine is noisy: compare ratios of one run, and build with -c release (debug \
            builds are far slower and say so).
            """)

    @Option(help: ArgumentHelp("The engines: all, or schemes separated by commas (default: all, or the --store engine).", valueName: "names"))
    var engine: String?
    @Option(help: ArgumentHelp("Records to load.", valueName: "n"))
    var records = 100_000
    @Option(help: ArgumentHelp("Random point gets per pass (default: as many as records, at most 100000).", valueName: "n"))
    var gets: Int?
    @Option(help: ArgumentHelp("Timed passes per mode (the median is reported).", valueName: "n"))
    var passes = 5
    @Option(help: ArgumentHelp("Only these modes, separated by commas (floors too only if named): raw_scan, scan_spans, scan, records, scan_keep_keys, raw_get, get.", valueName: "modes"))
    var only: String?
    @Flag(help: "One JSON object per line instead of tables.")
    var json = false
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if records < 1 { throw ValidationError("--records must be at least 1") }
        if passes < 1 { throw ValidationError("--passes must be at least 1") }
        if let gets, gets < 0 { throw ValidationError("--gets must not be negative") }
        for mode in only?.split(separator: ",") ?? [] where !BenchPlan.modes.contains(String(mode)) {
            throw ValidationError("unknown mode '\(mode)' (modes: \(BenchPlan.modes.joined(separator: ", ")))")
        }
    }

    func run(in context: CommandContext) throws {
        let plan = BenchPlan(records: records, gets: gets ?? min(records, 100_000), passes: passes,
                             only: only.map { Set($0.split(separator: ",").map(String.init)) })
        let given = try store.store.map { try StoreURL($0) }
        var selected: [EngineRegistration]
        switch engine ?? (given == nil ? "all" : given!.scheme) {
        case "all": selected = context.registry.registrations
        case let names: selected = try names.split(separator: ",").map { try context.registry.registration(for: String($0)) }
        }
        if !json {
            var note = "bench: \(plan.records) records, \(plan.gets) random gets, median of \(plan.passes) passes; "
                + "wall-clock on a shared machine is noisy"
            #if DEBUG
            note += " (DEBUG BUILD: timings mean little; build with -c release)"
            #endif
            print(note)
        }
        for registration in selected {
            let base = given.flatMap { $0.scheme == registration.scheme ? $0 : nil } ?? registration.scratch.defaultBase()
            guard let base else {
                Diagnostics.note("bench: skipping \(registration.scheme): name a store with --store \(registration.example)")
                continue
            }
            let defaults = context.registry.optionValues(of: registration, in: context.config)
            let baseExisted = base.path.isEmpty || FileManager.default.fileExists(atPath: base.path)
            let scratch = try registration.scratch.derive(base, "bench-\(ProcessInfo.processInfo.processIdentifier)")
            defer {
                registration.scratch.remove(scratch)
                if !baseExisted { try? FileManager.default.removeItem(atPath: base.path) }
            }
            let opened = try context.registry.open(scratch, access: .readWrite, defaults: defaults)
            let rows: [BenchRow]
            do {
                defer { try? opened.close() }
                rows = try BenchTarget.measure(opened, plan, targets: BuiltEngines.benchmarked)
            }
            if json { try Self.printJSON(rows, passes: plan.passes) } else { Self.printTable(rows, registration: registration) }
        }
    }

    static func printTable(_ rows: [BenchRow], registration: EngineRegistration) {
        guard let first = rows.first else { return }
        print("")
        print("\(first.engine) (\(registration.scheme):)")
        print("  " + "mode".padding(toLength: 28, withPad: " ", startingAt: 0)
            + pad("ns/record", 10) + pad("x raw", 7) + pad("registered", 11) + pad("copies", 9) + pad("arenas", 7))
        for row in rows {
            print("  " + row.label.padding(toLength: 28, withPad: " ", startingAt: 0)
                + pad(String(format: "%.1f", row.nsPerRecord), 10)
                + pad(row.ratioToRaw.map { String(format: "%.2f", $0) } ?? "-", 7)
                + pad("\(row.counters.sinksRegistered)", 11) + pad("\(row.counters.sinksCopied)", 9)
                + pad("\(row.counters.arenasAllocated)", 7))
        }
        if rows.first(where: { $0.mode == "raw_scan" }) == nil {
            print("  (no raw floor for this engine: add it to BuiltEngines.benchmarked)")
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }

    static func printJSON(_ rows: [BenchRow], passes: Int) throws {
        for row in rows {
            let object: [String: Any] = [
                "engine": row.engine, "mode": row.mode, "records": row.records, "passes": passes,
                "ns_per_record": (row.nsPerRecord * 100).rounded() / 100,
                "ratio_to_raw": row.ratioToRaw.map { ($0 * 1000).rounded() / 1000 } ?? NSNull(),
                "registered": row.counters.sinksRegistered, "copies": row.counters.sinksCopied,
                "inline_copies": row.counters.inlineCopies, "bytes_copied": row.counters.bytesCopied,
                "arenas": row.counters.arenasAllocated,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
