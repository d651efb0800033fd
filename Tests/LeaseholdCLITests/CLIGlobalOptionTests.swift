import Foundation
import Testing

/// `--store`, `--config` and `--log-level` before the subcommand (as `git -C` takes it) as well
/// as after it; given twice, the last one wins.
@Suite("leasehold: store options before the subcommand")
struct CLIGlobalOptionTests {
    @Test("leasehold --store URL put/get/scan works as --store after the subcommand does")
    func storeBefore() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let put = try cli.run("--store", "lmdb:./x", "put", "('users', 1)", "('alice',)")
        #expect(put.status == 0, "\(put)")
        #expect(cli.entries == ["x"])
        #expect(try cli.run("--store", "lmdb:./x", "get", "('users', 1)").stdout == "('alice',)\n")
        #expect(try cli.run("get", "('users', 1)", "--store", "lmdb:./x").stdout == "('alice',)\n")
        #expect(try cli.run("--store=lmdb:./x", "scan", "--keys-only").stdout == "('users', 1)\n")
        let missing = try cli.run("--store", "lmdb:./x", "get", "('users', 2)")
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: not found: no value under ('users', 2)\n")
    }

    @Test("given before and after, the one after the subcommand wins")
    func afterWins() throws {
        var cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.run("put", "--store", "lmdb:./x", "('k',)", "('x',)").status == 0)
        #expect(try cli.run("--store", "lmdb:./elsewhere", "get", "--store", "lmdb:./x", "('k',)").stdout == "('x',)\n")
        let other = try cli.run("--store", "lmdb:./x", "get", "--store", "lmdb:./elsewhere", "('k',)")
        #expect(other.status == 1)
        #expect(other.stderr.hasPrefix("error: not found: no lmdb store at './elsewhere'"), "\(other)")
        #expect(cli.entries == ["x"])
        // Before the subcommand still wins over the environment.
        cli.environment["LEASEHOLD_STORE"] = "lmdb:./elsewhere"
        #expect(try cli.run("--store", "lmdb:./x", "get", "('k',)").stdout == "('x',)\n")
    }

    @Test("--config and --log-level go before the subcommand too")
    func otherOptionsBefore() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try #"{"store": "lmdb:./from-file"}"#.write(to: cli.directory.appendingPathComponent("c.json"), atomically: true, encoding: .utf8)
        #expect(try cli.run("--config", "c.json", "put", "('k',)", "('v',)").status == 0)
        #expect(cli.entries == ["c.json", "from-file"])
        let level = try cli.run("--log-level", "loud", "get", "('k',)")
        #expect(level.status == 1)
        #expect(level.stderr.hasPrefix("error: log level 'loud' is not one of trace"), "\(level)")
    }

    @Test("commands that open no store refuse the store options as a usage error",
          arguments: [["--store", "lmdb:./x", "engines"], ["engines", "--store", "lmdb:./x"],
                      ["key", "pack", "--store", "lmdb:./x", "('a',)"], ["--log-level", "debug", "demo", "--count", "1"]])
    func storelessCommands(_ arguments: [String]) throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let run = try cli.run(arguments: arguments)
        #expect(run.status == 64, "\(run)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("--store, --config and --log-level apply to commands that open a store, not to"), "\(run)")
        #expect(cli.entries.isEmpty)
    }

    @Test("leasehold --help lists the store options and says where they go")
    func help() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let help = try cli.run("--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: leasehold [--store <url>]"), "\(help)")
        #expect(help.stdout.contains("STORE OPTIONS (BEFORE OR AFTER THE SUBCOMMAND):"), "\(help)")
        // A command that opens no store runs as before without them.
        #expect(try cli.run("key", "pack", "('a',)").stdout == "026100\n")
        // A store option without its value is the parser's usage error.
        #expect(try cli.run("--store").status == 64)
    }
}
