import ArgumentParser
import Leasehold

/// The `leasehold` command-line tool.
@main
struct LeaseholdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leasehold",
        abstract: "Tools for Leasehold stores and keys.",
        subcommands: [KeyCommand.self, DemoCommand.self])
}
