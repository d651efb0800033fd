import ArgumentParser
import Foundation
import Leasehold

/// The `leasehold` command-line tool.
@main
struct LeaseholdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leasehold",
        abstract: "Work with Leasehold stores: records, import/export, copy between engines, conformance, benchmarks.",
        discussion: """
            Every command that opens a store takes --store URL (default: $LEASEHOLD_STORE, then the \
            'store' key of the JSON configuration, then lmdb:./leasehold-data). --store, --config and \
            --log-level go before the subcommand or after it (leasehold --store lmdb:./x get KEY); \
            given twice, the last one wins. Keys and values are \
            tuple literals such as "('users', 42)" or bytes literals such as "b'raw'"; --utf8 and \
            --hex take and print raw bytes instead.
            """,
        subcommands: [
            PutCommand.self, GetCommand.self, DeleteCommand.self, ScanCommand.self,
            ImportCommand.self, ExportCommand.self, CopyCommand.self, StatsCommand.self,
            EnginesCommand.self, ConformanceCommand.self, BenchCommand.self,
            KeyCommand.self, DemoCommand.self,
        ])

    /// `--store`, `--config` and `--log-level` before the subcommand: the subcommand's own
    /// ``StoreOptions`` group receives these values (commands that open no store reject them).
    @OptionGroup(title: "Store options (before or after the subcommand)") var store: StoreOptions

    /// Parses, runs, and turns every failure into one line on stderr and exit status 1, or 64
    /// for a refused usage such as a copy into a non-empty store without `--merge` (argument
    /// errors keep the parser's usage message and status 64).
    static func main() async {
        var command: any ParsableCommand
        do {
            try BuiltEngines.registerAll()
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error as CleanExit {
            exit(withError: error)
        } catch let error as ValidationError {
            exit(withError: error)
        } catch where Diagnostics.isParserRequest(error) {
            // `--help` and `help` reach run() as a help command that throws the parser's request.
            exit(withError: error)
        } catch {
            Diagnostics.report(error)
            Foundation.exit(Diagnostics.exitStatus(of: error))
        }
    }
}
