import ArgumentParser
import Leasehold

/// `leasehold put KEY VALUE`.
struct PutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put", abstract: "Store a value under a key (replacing any value there).",
        discussion: "Example: leasehold put \"('users', 42)\" \"('alice', 30)\"")

    @Argument(help: "The key: a tuple literal (or bytes literal, or text/hex with --utf8/--hex).")
    var key: String
    @Argument(help: "The value, written like the key.")
    var value: String
    @OptionGroup var options: RecordOptions

    func run() async throws {
        let context = try await options.context()
        let key = try options.format.parse(key, "key"), value = try options.format.parse(value, "value")
        let engine = try context.open(access: .readWrite)
        defer { try? engine.close() }
        try engine.write { txn in try txn.put(key, value) }
    }
}

/// `leasehold get KEY`.
struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Print the value stored under a key (exit status 1 if there is none).")

    @Argument(help: "The key.")
    var key: String
    @OptionGroup var options: RecordOptions

    func run() async throws {
        let context = try await options.context()
        let key = try options.format.parse(key, "key")
        let engine = try context.open(access: .readOnly)
        defer { try? engine.close() }
        let text = try engine.read { txn in try txn.get(key).map { options.format.format($0) } }
        guard let text else { throw LeaseholdError.notFound("no value under \(options.format.format(key))") }
        print(text)
    }
}

/// `leasehold delete KEY` or `leasehold delete --prefix P` (or other bounds).
struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Remove a key, or every key of a range; prints how many were removed.")

    @Argument(help: "The key (omit it to delete the range given by --prefix/--from/--after/--to/--through).")
    var key: String?
    @Flag(help: "Delete every record of the store.")
    var all = false
    @OptionGroup var range: RangeOptions
    @OptionGroup var options: RecordOptions

    func validate() throws {
        let targets = (key != nil ? 1 : 0) + (range.isRestricted ? 1 : 0) + (all ? 1 : 0)
        if targets != 1 { throw ValidationError("give one of: a key, a range (--prefix, --from, …), or --all") }
        if range.reverse || range.limit != nil { throw ValidationError("--reverse and --limit do not apply to delete") }
    }

    func run() async throws {
        let context = try await options.context()
        let target: Either = try key.map { .key(try options.format.parse($0, "key")) } ?? .range(try range.range(options.format))
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

    enum Either {
        case key([UInt8])
        case range(KeyRange)
    }
}
