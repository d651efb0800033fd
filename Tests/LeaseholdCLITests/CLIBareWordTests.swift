import Foundation
import Testing

/// A bare word where a literal is expected: the error shows the one-string tuple that was meant
/// (keys and values are tuple or bytes literals) and `--utf8`, with exit status 1 as for other
/// bad input.
@Suite("leasehold: bare words")
struct CLIBareWordTests {
    /// Runs a command that must fail with exactly `stderr`, print nothing and create nothing.
    func expectError(_ cli: CLIRunner, _ arguments: [String], stdin: String? = nil, _ stderr: String,
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = cli.entries
        let run = try cli.run(arguments: arguments, stdin: stdin)
        #expect(run.status == 1, "\(run)", sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, "\(run)", sourceLocation: sourceLocation)
        #expect(run.stderr == stderr, sourceLocation: sourceLocation)
        #expect(cli.entries == before, "a failed command changed the directory", sourceLocation: sourceLocation)
    }

    @Test("a bare value or key names the tuple literal and --utf8")
    func bareWords() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try expectError(cli, ["put", "--store", "lmdb:./x", "('users', 1)", "alice"], """
            error: 'alice' is not a value: write the string as a tuple, ('alice',) (quoted in the shell: \
            "('alice',)"), or pass --utf8 to store the text as raw bytes

            """)
        try expectError(cli, ["get", "--store", "lmdb:./x", "alice"], """
            error: 'alice' is not a key: write the string as a tuple, ('alice',) (quoted in the shell: \
            "('alice',)"), or pass --utf8 to use the text as raw bytes

            """)
        try expectError(cli, ["scan", "--store", "lmdb:./x", "--prefix", "/srv/users"], """
            error: --prefix: '/srv/users' is not a key: write the string as a tuple, ('/srv/users',) \
            (quoted in the shell: "('/srv/users',)"), or pass --utf8 to use the text as raw bytes

            """)
        // The suggestion is quoted so that a shell passes it through unchanged.
        try expectError(cli, ["put", "--store", "lmdb:./x", "('k',)", "cost $5"], """
            error: 'cost $5' is not a value: write the string as a tuple, ('cost $5',) (quoted in the shell: \
            "('cost \\$5',)"), or pass --utf8 to store the text as raw bytes

            """)
    }

    @Test("in an import file the hint leaves out shell quoting")
    func bareWordInImport() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try expectError(cli, ["import", "--store", "lmdb:./x"], stdin: #"{"key": "('k',)", "value": "alice"}"# + "\n", """
            error: line 1: 'alice' is not a value: write the string as a tuple, ('alice',), or pass \
            --utf8 to store the text as raw bytes; 0 records imported before it

            """)
    }

    @Test("what the hint suggests works, and literals that are not bare words are read as before")
    func suggestionsWork() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.run("put", "--store", "lmdb:./x", "('users', 1)", "('alice',)").status == 0)
        #expect(try cli.run("get", "--store", "lmdb:./x", "('users', 1)").stdout == "('alice',)\n")
        #expect(try cli.run("put", "--store", "lmdb:./x", "--utf8", "bob", "alice").status == 0)
        #expect(try cli.run("get", "--store", "lmdb:./x", "--utf8", "bob").stdout == "alice\n")
        for literal in ["(42,)", "(None, True, -1.5)", "b'raw'"] {
            let put = try cli.run("put", "--store", "lmdb:./x", "('v',)", literal)
            #expect(put.status == 0, "\(literal): \(put)")
        }
        // A value that is an element but not a tuple keeps the parser's own advice.
        for element in ["'alice'", "42", "None"] {
            let put = try cli.run("put", "--store", "lmdb:./x", "('v',)", element)
            #expect(put.status == 1)
            #expect(put.stderr.contains("a one-element tuple is written ('a',)") && !put.stderr.contains("--utf8"), "\(put)")
        }
        // A malformed literal still gets the parser's error, not the hint.
        let malformed = try cli.run("put", "--store", "lmdb:./x", "('a',)", "('b', frob)")
        #expect(malformed.status == 1)
        #expect(malformed.stderr.hasPrefix("error: value \"('b', frob)\": invalid tuple literal at offset 6"), "\(malformed)")
        let number = try cli.run("put", "--store", "lmdb:./x", "('a',)", "12abc")
        #expect(number.status == 1)
        #expect(number.stderr.contains("invalid tuple literal") && !number.stderr.contains("--utf8"), "\(number)")
    }
}
