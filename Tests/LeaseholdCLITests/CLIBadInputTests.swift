import Foundation
import Testing

/// Bad input: one line on stderr, exit status 1, nothing on stdout, nothing created or changed.
@Suite("leasehold: bad input")
struct CLIBadInputTests {
    /// Runs a failing command and checks the shape of the failure and that the working
    /// directory is as it was.
    func expectFailure(_ cli: CLIRunner, _ arguments: [String], stderrStartsWith prefix: String,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = cli.entries
        let process = try cli.run(arguments: arguments)
        #expect(process.status == 1, "\(process)", sourceLocation: sourceLocation)
        #expect(process.stdout.isEmpty, "\(process)", sourceLocation: sourceLocation)
        #expect(process.stderrLines.count == 1, "\(process)", sourceLocation: sourceLocation)
        #expect(process.stderr.hasPrefix(prefix), "\(process)", sourceLocation: sourceLocation)
        #expect(!process.stderr.contains("Stack") && !process.stderr.contains("Fatal"), sourceLocation: sourceLocation)
        #expect(cli.entries == before, "a failed command changed the directory", sourceLocation: sourceLocation)
    }

    @Test("an unknown scheme lists the registered ones")
    func unknownScheme() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try expectFailure(cli, ["put", "--store", "rocks:./r", "('a',)", "('b',)"],
                          stderrStartsWith: "error: no engine registered for 'rocks:' (registered: ")
        let listed = try cli.run("get", "--store", "rocks:./r", "('a',)").stderr
        #expect(listed.contains("lmdb:") && listed.contains("memory:"), "\(listed)")
        try expectFailure(cli, ["copy", "lmdb:./nothing", "nope:./x"], stderrStartsWith: "error: no engine registered for 'nope:'")
        try expectFailure(cli, ["scan", "--store", "./data"], stderrStartsWith: "error: invalid argument: './data' is not a store URL")
    }

    @Test("an unknown option or a bad value says what is accepted")
    func badOptions() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try expectFailure(cli, ["put", "--store", "lmdb:./x?mapSize=huge", "('a',)", "('b',)"],
                          stderrStartsWith: "error: lmdb: option 'mapSize': 'huge' is not a size (bytes, or with KiB")
        try expectFailure(cli, ["put", "--store", "lmdb:./x?mapsize=1GiB", "('a',)", "('b',)"],
                          stderrStartsWith: "error: lmdb: option 'mapsize': unknown option (accepted: mapSize, maximumMapSize,")
        try expectFailure(cli, ["put", "--store", "lmdb:./x?noSync=perhaps", "('a',)", "('b',)"],
                          stderrStartsWith: "error: lmdb: option 'noSync': 'perhaps' is not true or false")
        try expectFailure(cli, ["conformance", "--store", "memory:?scanLease=forever"],
                          stderrStartsWith: "error: memory: option 'scanLease': 'forever' is not one of transaction, step")
    }

    @Test("a malformed tuple literal points at the bad character")
    func malformedLiteral() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try expectFailure(cli, ["put", "--store", "lmdb:./x", "('users', 42", "('b',)"],
                          stderrStartsWith: "error: key \"('users', 42\": invalid tuple literal at offset")
        try expectFailure(cli, ["put", "--store", "lmdb:./x", "('a',)", "('b', frob)"],
                          stderrStartsWith: "error: value \"('b', frob)\": invalid tuple literal at offset 6")
        try expectFailure(cli, ["put", "--store", "lmdb:./x", "--hex", "0g", "00"], stderrStartsWith: "error: key '0g' is not hex")
        let garbage = try cli.run("import", "--store", "lmdb:./x", stdin: "{\"key\": \"('a',)\", \"value\": \"('b'\"}\n")
        #expect(garbage.status == 1)
        #expect(garbage.stderr == "error: line 1: value \"('b'\": invalid tuple literal at offset 4: missing ')'; 0 records imported before it\n")
        #expect(cli.entries.isEmpty)
    }

    @Test("a read of a missing store creates nothing")
    func missingStore() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        for command in [["get", "('a',)"], ["scan"], ["export"], ["stats"]] {
            try expectFailure(cli, command + ["--store", "lmdb:./missing"], stderrStartsWith: "error: not found: no lmdb store at './missing'")
        }
        try expectFailure(cli, ["copy", "lmdb:./missing", "lmdb:./b"], stderrStartsWith: "error: not found: no lmdb store at './missing'")
        // An empty directory is not a store either, and stays empty.
        try FileManager.default.createDirectory(at: cli.directory.appendingPathComponent("empty"), withIntermediateDirectories: false)
        try expectFailure(cli, ["get", "('a',)", "--store", "lmdb:./empty"], stderrStartsWith: "error: not found: no LMDB store in './empty'")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.directory.appendingPathComponent("empty").path).isEmpty)
    }

    @Test("a store that exists is not changed by a bad write")
    func nothingChanged() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try cli.run("put", "--store", "lmdb:./x", "('a',)", "('b',)")
        let before = try cli.run("export", "--store", "lmdb:./x").stdout
        let bad = try cli.run("import", "--store", "lmdb:./x", stdin: #"{"key": "('c',)", "value": "('d',)"}"# + "\n{\"key\": \"('e'\"}\n")
        #expect(bad.status == 1)
        #expect(bad.stderr == "error: line 2: not a record {\"key\": …, \"value\": …} (no \"value\"); 0 records imported before it\n")
        #expect(try cli.run("export", "--store", "lmdb:./x").stdout == before)
    }
}
