import ArgumentParser
import Leasehold

/// `leasehold put KEY VALUE`.
struct PutCommand: RecordCommand {
    static let configuration = CommandConfiguration(
        commandName: "put", abstract: "Store a value under a key (replacing any value there).",
        discussion: "Example: leasehold put \"('users', 42)\" \"('alice', 30)\"")

    @Argument(help: "The key: a tuple literal (or bytes literal, or text/hex with --utf8/--hex).")
    var key: String
    @Argument(help: "The value, written like the key.")
    var value: String
    @OptionGroup var options: RecordOptions

    func run(in context: CommandContext) throws {
        let key = try options.format.parse(key, "key"), value = try options.format.parse(value, "value")
        let engine = try context.open(access: .readWrite)
        defer { try? engine.close() }
        try engine.write { txn in try txn.put(key, value) }
    }
}

/// `leasehold get KEY`.
struct GetCommand: RecordCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Print the value stored under a key (exit status 1 if there is none).")

    @Argument(help: "The key.")
    var key: String
    @OptionGroup var options: RecordOptions

    func run(in context: CommandContext) throws {
        let key = try options.format.parse(key, "key")
        let engine = try context.open(access: .readOnly)
        defer { try? engine.close() }
        let text = try engine.read { txn in try txn.get(key).map { options.format.format($0) } }
        guard let text else { throw LeaseholdError.notFound("no value under \(options.format.format(key))") }
        print(text)
    }
}

/// `leasehold delete KEY` or `leasehold delete --prefix P` (or other bounds).
struct DeleteCommand: RecordCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Remove a key, or every key of a range; prints how many were removed.")

    @OptionGroup var target: DeleteTarget
    @OptionGroup var options: RecordOptions

    // Here rather than in `DeleteTarget`: after every option group, so their own errors come first.
    func validate() throws { try target.validateChoice() }

    func run(in context: CommandContext) throws {
        let target = try self.target.resolve(options.format)
        let engine = try context.open(access: .readWrite)
        defer { try? engine.close() }
        let removed = try engine.write { txn -> Int in
            switch target {
            case .key(let key): return try txn.delete(key) ? 1 : 0
            case .range(let range): return try txn.deleteRange(range)
            }
        }
        print("deleted \(removed)")
    }
}

/// What `leasehold delete` removes: one key, the keys of a range, or every record (`--all`).
struct DeleteTarget: ParsableArguments {
    @Argument(help: "The key (omit it to delete the range given by --prefix/--from/--after/--to/--through).")
    var key: String?
    @Flag(help: "Delete every record of the store.")
    var all = false
    @OptionGroup var range: RangeOptions

    /// Throws unless exactly one of a key, a range and `--all` was given, without `--reverse` or
    /// `--limit` (which do not apply to a delete).
    func validateChoice() throws {
        let targets = (key != nil ? 1 : 0) + (range.isRestricted ? 1 : 0) + (all ? 1 : 0)
        if targets != 1 { throw ValidationError("give one of: a key, a range (--prefix, --from, …), or --all") }
        if range.reverse || range.limit != nil { throw ValidationError("--reverse and --limit do not apply to delete") }
    }

    /// The key, or the range (every key for `--all`), read in `format`.
    func resolve(_ format: ByteFormat) throws -> Resolved {
        try key.map { .key(try format.parse($0, "key")) } ?? .range(try range.range(format))
    }

    /// One key, or a range of keys.
    enum Resolved {
        case key([UInt8])
        case range(KeyRange)
    }
}
