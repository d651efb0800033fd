import ArgumentParser
import Foundation
import Leasehold

/// `leasehold scan`: records of a range, one per line: `KEY<tab>VALUE`.
struct ScanCommand: RecordCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan", abstract: "Print the records of a range, one per line: key, a tab, value.",
        discussion: "Example: leasehold scan --prefix \"('users',)\" --limit 10")

    @OptionGroup var range: RangeOptions
    @Flag(help: "Print keys only.")
    var keysOnly = false
    @OptionGroup var options: RecordOptions

    func run(in context: CommandContext) throws {
        let keys = try range.range(options.format)
        let engine = try context.open(access: .readOnly)
        defer { try? engine.close() }
        var out = OutputBuffer(fd: STDOUT_FILENO)
        try engine.read { txn in
            try txn.scan(keys, reverse: range.reverse, limit: range.limit) { key, value in
                out.append(options.format.format(key))
                if !keysOnly {
                    out.append("\t")
                    out.append(options.format.format(value))
                }
                out.append("\n")
                try out.flushIfFull()
            }
        }
        try out.flush()
    }
}
