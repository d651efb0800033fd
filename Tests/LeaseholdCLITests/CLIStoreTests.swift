import Foundation
import Testing

/// The tool end to end: the built executable, real LMDB stores in a temporary directory.
@Suite("leasehold: stores")
struct CLIStoreTests {
    @Test("LEASEHOLD_STORE=lmdb:./x: put, then get, scan and delete")
    func putGetThroughTheEnvironment() throws {
        var cli = try CLIRunner()
        defer { cli.cleanUp() }
        cli.environment["LEASEHOLD_STORE"] = "lmdb:./x"
        let put = try cli.run("put", "('users', 42)", "('alice', 30)")
        #expect(put.status == 0, "\(put)")
        #expect(put.stdout.isEmpty && put.stderr.isEmpty, "\(put)")
        #expect(cli.entries == ["x"])
        try cli.run("put", "('users', 7)", "b'raw \\x00 bytes'")

        let get = try cli.run("get", "('users', 42)")
        #expect(get.status == 0)
        #expect(get.stdout == "('alice', 30)\n")
        #expect(try cli.run("get", "('users', 7)").stdout == "b'raw \\x00 bytes'\n")
        #expect(try cli.run("get", "027573657273 00152a", "--hex").stdout == "02616c69636500151e\n")

        let scan = try cli.run("scan", "--prefix", "('users',)")
        #expect(scan.stdout == "('users', 7)\tb'raw \\x00 bytes'\n('users', 42)\t('alice', 30)\n")
        #expect(try cli.run("scan", "--reverse", "--limit", "1", "--keys-only").stdout == "('users', 42)\n")
        #expect(try cli.run("scan", "--after", "('users', 7)").stdout == "('users', 42)\t('alice', 30)\n")

        #expect(try cli.run("delete", "('users', 7)").stdout == "deleted 1\n")
        #expect(try cli.run("delete", "('users', 7)").stdout == "deleted 0\n")
        let missing = try cli.run("get", "('users', 7)")
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: not found: no value under ('users', 7)\n")
    }

    @Test("the default store is LMDB at ./leasehold-data; --store wins over the environment")
    func defaultStoreAndPrecedence() throws {
        var cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.run("put", "('a',)", "('default',)").status == 0)
        #expect(cli.entries == ["leasehold-data"])
        cli.environment["LEASEHOLD_STORE"] = "lmdb:./env"
        #expect(try cli.run("put", "('a',)", "('env',)").status == 0)
        #expect(try cli.run("put", "--store", "lmdb:./flag", "('a',)", "('flag',)").status == 0)
        #expect(try cli.run("get", "('a',)").stdout == "('env',)\n")
        #expect(try cli.run("get", "--store", "lmdb:./flag", "('a',)").stdout == "('flag',)\n")
        #expect(try cli.run("get", "--store", "lmdb:./leasehold-data", "('a',)").stdout == "('default',)\n")
    }

    @Test("a JSON configuration file names the store and engine options; the environment wins over it")
    func configurationFile() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let config = #"{"store": "lmdb:./from-file", "lmdb": {"mapSize": "1MiB", "noSync": true}, "log": {"level": "error"}}"#
        try config.write(to: cli.directory.appendingPathComponent("leasehold.json"), atomically: true, encoding: .utf8)
        #expect(try cli.run("put", "('k',)", "('v',)").status == 0)
        #expect(cli.entries.contains("from-file"))
        #expect(try cli.run("get", "('k',)", extraEnvironment: ["LEASEHOLD_STORE": "lmdb:./from-env"]).status == 1)
        let badOption = try cli.run("get", "('k',)", extraEnvironment: ["LEASEHOLD_LMDB_MAP_SIZE": "lots"])
        #expect(badOption.status == 1)
        #expect(badOption.stderr.hasPrefix("error: lmdb: option 'mapSize': 'lots' is not a size"))
        try "{not json".write(to: cli.directory.appendingPathComponent("broken.json"), atomically: true, encoding: .utf8)
        let broken = try cli.run("get", "('k',)", "--config", "broken.json")
        #expect(broken.status == 1)
        #expect(broken.stderrLines.count == 1)
    }

    @Test("copy lmdb:./a lmdb:./b leveldb:./c, then scan prints the same on all")
    func copyBetweenStores() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        var lines = ""
        for i in 0 ..< 2_500 { lines += #"{"key": "('item', \#(i))", "value": "('name \#(i)', \#(i * 3), b'\\x00\\xff')"}"# + "\n" }
        let imported = try cli.run("import", "--store", "lmdb:./a", "--batch", "1000", stdin: lines)
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout == "imported 2500 records\n")
        #expect(imported.stderr.isEmpty, "no progress line when stderr is not a terminal")
        let copy = try cli.run("copy", "lmdb:./a", "lmdb:./b", "--batch", "700")
        #expect(copy.status == 0, "\(copy)")
        #expect(copy.stdout == "copied 2500 records from lmdb:./a to lmdb:./b\n")
        let a = try cli.run("scan", "--store", "lmdb:./a"), b = try cli.run("scan", "--store", "lmdb:./b")
        #expect(a.stdoutLines.count == 2_500)
        #expect(a.stdout == b.stdout)
        #expect(a.stdoutLines.first == "('item', 0)\t('name 0', 0, b'\\x00\\xff')")
        // The same records in another engine: swapping backends is a copy.
        #expect(try cli.run("copy", "lmdb:./b", "leveldb:./c?syncWrites=false").status == 0)
        #expect(try cli.run("scan", "--store", "leveldb:./c").stdout == a.stdout)

        let export = try cli.run("export", "--store", "lmdb:./b", "--from", "('item', 10)", "--limit", "2")
        #expect(export.stdout == #"""
            {"key":"('item', 10)","value":"('name 10', 30, b'\\x00\\xff')"}
            {"key":"('item', 11)","value":"('name 11', 33, b'\\x00\\xff')"}

            """#)
        let hex = try cli.run("export", "--store", "lmdb:./b", "--limit", "1", "--hex")
        #expect(hex.stdout.hasPrefix(#"{"key":"026974656d0014","value":"026e616d65203000"#))
        let reimported = try cli.run("import", "--store", "memory:", "--hex", stdin: hex.stdout)
        #expect(reimported.stdout == "imported 1 records\n")
    }

    @Test("stats prints the manifest and the lease counters of a full scan")
    func stats() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        for i in 0 ..< 3 { try cli.run("put", "--store", "lmdb:./s", "('k', \(i))", "('v',)") }
        let stats = try cli.run("stats", "--store", "lmdb:./s", "--json")
        #expect(stats.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(object["records"] as? Int == 3)
        let capabilities = try #require(object["capabilities"] as? [String: Any])
        #expect(capabilities["engine"] as? String == "lmdb")
        #expect(capabilities["scans"] as? String == "transaction")
        let counters = try #require(object["lease_counters"] as? [String: Int])
        #expect(counters["registered"] == 6)
        #expect(counters["copies"] == 0)
    }

    @Test("engines lists every scheme with its options and configuration keys")
    func engines() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let engines = try cli.run("engines")
        #expect(engines.stdout.contains("lmdb:  LMDB"))
        #expect(engines.stdout.contains("memory:  in-memory"))
        #expect(engines.stdout.contains("config key lmdb.mapSize, environment LEASEHOLD_LMDB_MAP_SIZE"))
    }
}
