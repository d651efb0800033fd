import Foundation
import Leasehold
@_spi(Adapter) import LeaseholdCore
import Logging

/// An error of the tool itself (bad arguments that are not the parser's to catch), printed as
/// one line.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    /// The exit status: 1 for bad input, ``usageStatus`` for a command used in a way it refuses.
    let status: Int32

    /// Bad input (exit status 1).
    init(_ description: String) { self.init(description, status: 1) }

    private init(_ description: String, status: Int32) {
        self.description = description
        self.status = status
    }

    /// The status of a usage error, as the argument parser exits with (`EX_USAGE`).
    static let usageStatus: Int32 = 64

    /// A usage the command refuses until told otherwise (exit status 64, as for argument errors).
    static func usage(_ description: String) -> CLIError { CLIError(description, status: usageStatus) }
}

/// Diagnostics go to stderr through swift-log; errors are one line on stderr and exit status 1
/// (64 for a refused usage).
enum Diagnostics {
    private static let bootstrapped = Locked(false)

    /// Sends log messages at `level` and above to stderr (once per process).
    static func bootstrap(level: Logger.Level) {
        bootstrapped.withLock { done in
            guard !done else { return }
            done = true
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }

    /// Prints `error` as one line on stderr: `error: <what>`.
    static func report(_ error: any Error) {
        let text: String
        switch error {
        case let error as LeaseholdError: text = error.description
        case let error as TupleLiteralError: text = error.description
        case let error as CLIError: text = error.description
        case let error as CocoaError: text = error.localizedDescription
        default: text = String(describing: error)
        }
        let line = "error: " + text.replacingOccurrences(of: "\n", with: " ") + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// The exit status for `error`: the tool's own errors say theirs, every other failure is 1.
    static func exitStatus(of error: any Error) -> Int32 {
        (error as? CLIError)?.status ?? 1
    }

    /// Whether `error` is the argument parser's own (a help, version or usage request thrown by
    /// its built-in commands), which it prints itself.
    static func isParserRequest(_ error: any Error) -> Bool {
        String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }

    /// Prints a line on stderr (progress, summaries that are not the command's output).
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Whether stderr is a terminal (progress bars are drawn only then).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}
