import Foundation
import Testing

/// `conformance`, `bench` and `key` through the executable.
@Suite("leasehold: conformance and bench")
struct CLIToolTests {
    @Test("conformance --store memory: ends with its count line", arguments: ["memory:", "memory:?scanLease=step&checked=true"])
    func conformanceMemory(_ url: String) throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let run = try cli.run("conformance", "--store", url)
        #expect(run.status == 0, "\(run)")
        let last = try #require(run.stdoutLines.last)
        #expect(last.wholeMatch(of: /[1-9][0-9]* passed, 0 failed/) != nil, "\(last)")
        #expect(!run.stdout.contains("failed ") || run.stdout.hasSuffix(", 0 failed\n"))
    }

    @Test("--help, help and a subcommand's --help print usage on stdout and exit 0",
          arguments: [["--help"], ["help"], ["get", "--help"], ["help", "scan"]])
    func help(_ arguments: [String]) throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let run = try cli.run(arguments: arguments)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("USAGE: leasehold"), "\(run)")
        #expect(!run.stderr.contains("error"), "\(run)")
    }

    @Test("conformance --store lmdb:./c runs each case in a scratch subdirectory and leaves nothing")
    func conformanceLMDB() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let run = try cli.run("conformance", "--store", "lmdb:./c", "--quiet")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdoutLines.last?.hasSuffix(" passed, 0 failed") == true)
        #expect(cli.entries.isEmpty, "scratch stores left behind: \(cli.entries)")
    }

    @Test("bench --json: one object per mode and engine, raw floors in the same run")
    func benchJSON() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let run = try cli.run("bench", "--records", "3000", "--gets", "500", "--passes", "1", "--json")
        #expect(run.status == 0, "\(run)")
        let rows = try run.stdoutLines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        for engine in ["lmdb", "memory"] {
            let modes = rows.filter { $0["engine"] as? String == engine }.compactMap { $0["mode"] as? String }
            #expect(modes == ["raw_scan", "scan_spans", "scan", "records", "scan_keep_keys", "raw_get", "get"], "\(engine)")
        }
        for row in rows {
            for field in ["engine", "mode", "records", "ns_per_record", "ratio_to_raw", "copies", "arenas"] {
                #expect(row[field] != nil, "\(field) missing in \(row)")
            }
            #expect((row["ns_per_record"] as? Double ?? 0) > 0)
            #expect(row["ratio_to_raw"] is Double, "every built engine has a floor: \(row)")
        }
        // Dropped values are never copied; every kept key is, exactly once.
        for row in rows {
            let copies = row["copies"] as? Int
            switch row["mode"] as? String {
            case "scan_keep_keys": #expect(copies == 3000)
            default: #expect(copies == 0, "\(row)")
            }
        }
        #expect(cli.entries.isEmpty)
    }

    @Test("bench prints a table per engine and says timings are noisy")
    func benchTable() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let run = try cli.run("bench", "--engine", "memory", "--records", "1000", "--passes", "1")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("noisy"))
        #expect(run.stdout.contains("memory (memory:)"))
        #expect(run.stdout.contains("raw loop (floor)"))
        #expect(!run.stdout.contains("lmdb (lmdb:)"))
    }

    @Test("key pack and unpack still work")
    func keys() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.run("key", "pack", "('users', 42)").stdout == "02757365727300152a\n")
        #expect(try cli.run("key", "unpack", "02757365727300152a").stdout == "('users', 42)\n")
    }
}
