import Foundation
import Testing

/// `copy` into a store that holds records refuses (exit status 64) unless `--merge`.
@Suite("leasehold: copy into a non-empty store")
struct CLICopyMergeTests {
    /// A source `lmdb:./a` with `('item', 0…2)` and a destination `lmdb:./b` holding
    /// `('item', 0)` (another value) and `('other',)`.
    func stores() throws -> CLIRunner {
        let cli = try CLIRunner()
        var lines = ""
        for i in 0 ..< 3 { lines += #"{"key": "('item', \#(i))", "value": "('source', \#(i))"}"# + "\n" }
        #expect(try cli.run("import", "--store", "lmdb:./a", stdin: lines).status == 0)
        #expect(try cli.run("put", "--store", "lmdb:./b", "('item', 0)", "('destination',)").status == 0)
        #expect(try cli.run("put", "--store", "lmdb:./b", "('other',)", "('kept',)").status == 0)
        return cli
    }

    @Test("without --merge: refused, naming the destination and its records; nothing written")
    func refuses() throws {
        let cli = try stores()
        defer { cli.cleanUp() }
        let before = try cli.run("export", "--store", "lmdb:./b").stdout
        let copy = try cli.run("copy", "lmdb:./a", "lmdb:./b")
        #expect(copy.status == 64, "\(copy)")
        #expect(copy.stdout.isEmpty)
        #expect(copy.stderr == """
            error: the destination lmdb:./b is not empty (it holds 2 records); pass --merge to copy into it \
            (a key on both sides takes the source's value, other records are kept)

            """)
        #expect(try cli.run("export", "--store", "lmdb:./b").stdout == before)
        // One record is counted in the singular.
        #expect(try cli.run("delete", "--store", "lmdb:./b", "('other',)").stdout == "deleted 1\n")
        let one = try cli.run("copy", "lmdb:./a", "lmdb:./b", "--prefix", "('item',)")
        #expect(one.status == 64)
        #expect(one.stderr.hasPrefix("error: the destination lmdb:./b is not empty (it holds 1 record); pass --merge"), "\(one)")
    }

    @Test("with --merge: the source's value wins on a shared key, other records are kept")
    func merges() throws {
        let cli = try stores()
        defer { cli.cleanUp() }
        let copy = try cli.run("copy", "--merge", "lmdb:./a", "lmdb:./b")
        #expect(copy.status == 0, "\(copy)")
        #expect(copy.stdout == "copied 3 records from lmdb:./a to lmdb:./b\n")
        #expect(try cli.run("scan", "--store", "lmdb:./b").stdout == """
            ('item', 0)\t('source', 0)
            ('item', 1)\t('source', 1)
            ('item', 2)\t('source', 2)
            ('other',)\t('kept',)

            """)
    }

    @Test("an empty destination, new or emptied, needs no flag")
    func emptyDestination() throws {
        let cli = try stores()
        defer { cli.cleanUp() }
        let fresh = try cli.run("copy", "lmdb:./a", "lmdb:./c")
        #expect(fresh.status == 0, "\(fresh)")
        #expect(fresh.stdout == "copied 3 records from lmdb:./a to lmdb:./c\n")
        #expect(try cli.run("delete", "--store", "lmdb:./b", "--all").stdout == "deleted 2\n")
        let emptied = try cli.run("copy", "lmdb:./a", "lmdb:./b")
        #expect(emptied.status == 0, "\(emptied)")
        #expect(try cli.run("scan", "--store", "lmdb:./b").stdout == cli.run("scan", "--store", "lmdb:./a").stdout)
        #expect(try cli.run("copy", "lmdb:./a", "memory:").status == 0)
    }

    @Test("copy --help says what --merge does on a key present on both sides")
    func help() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let help = try cli.run("copy", "--help")
        #expect(help.status == 0)
        // Wrapped to the terminal width: compared with single spaces.
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("--merge Copy into a destination that already holds records: a key on both sides takes the source's value"), "\(help)")
        #expect(text.contains("is refused (exit status 64) unless --merge is given"), "\(help)")
    }
}
