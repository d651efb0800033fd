import Foundation
import Testing

/// Runs the built `leasehold` executable in a temporary working directory, as a user would.
struct CLIRunner {
    /// What one run printed and how it ended.
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutLines: [Substring] { stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast() }
        var stderrLines: [Substring] { stderr.split(separator: "\n") }
        var description: String { "status \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
    }

    /// The working directory: new and empty, removed by ``cleanUp()``.
    let directory: URL
    /// Environment variables added to a clean environment (no LEASEHOLD_* of the caller's).
    var environment: [String: String] = [:]

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("leasehold-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// The files in the working directory.
    var entries: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted() }

    /// The `leasehold` executable, built next to the test binary.
    static let executable: URL? = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0 ..< 5 {
            let candidate = directory.appendingPathComponent("leasehold")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }()

    /// Runs `leasehold arguments…` with `stdin` as its input and waits for it.
    @discardableResult
    func run(_ arguments: String..., stdin: String? = nil, extraEnvironment: [String: String] = [:]) throws -> Result {
        try run(arguments: arguments, stdin: stdin, extraEnvironment: extraEnvironment)
    }

    /// Runs `leasehold` with `arguments`.
    func run(arguments: [String], stdin: String? = nil, extraEnvironment: [String: String] = [:]) throws -> Result {
        let executable = try #require(Self.executable, "leasehold not found near \(CommandLine.arguments[0])")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path]
        env.merge(environment) { $1 }
        env.merge(extraEnvironment) { $1 }
        process.environment = env
        // Output goes through files: no pipe can fill up and block the child.
        let id = UUID().uuidString
        let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("leasehold-out-\(id)")
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("leasehold-err-\(id)")
        let inURL = FileManager.default.temporaryDirectory.appendingPathComponent("leasehold-in-\(id)")
        defer { for url in [outURL, errURL, inURL] { try? FileManager.default.removeItem(at: url) } }
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: inURL.path, contents: Data((stdin ?? "").utf8))
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let input = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        try input.close()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
