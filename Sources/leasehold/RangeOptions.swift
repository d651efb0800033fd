import ArgumentParser
import Leasehold

/// The keys a scan, export, copy or range delete visits: bounds, a prefix, direction, a limit.
struct RangeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only keys that start with these bytes (a tuple prefix: \"('users',)\").", valueName: "key"))
    var prefix: String?

    @Option(help: ArgumentHelp("Keys >= this one.", valueName: "key"))
    var from: String?

    @Option(help: ArgumentHelp("Keys > this one.", valueName: "key"))
    var after: String?

    @Option(help: ArgumentHelp("Keys < this one.", valueName: "key"))
    var to: String?

    @Option(help: ArgumentHelp("Keys <= this one.", valueName: "key"))
    var through: String?

    @Flag(help: "From the highest key down.")
    var reverse = false

    @Option(help: ArgumentHelp("At most this many records.", valueName: "n"))
    var limit: Int?

    func validate() throws {
        if from != nil && after != nil { throw ValidationError("--from and --after exclude each other") }
        if to != nil && through != nil { throw ValidationError("--to and --through exclude each other") }
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
    }

    /// Whether any bound or prefix was given.
    var isRestricted: Bool { prefix != nil || from != nil || after != nil || to != nil || through != nil }

    /// The range, with keys read in `format`.
    func range(_ format: ByteFormat) throws -> KeyRange {
        var range = KeyRange.all
        if let prefix { range = KeyRange.prefix(try format.parse(prefix, "--prefix")) }
        if let from { range.lower = Self.higher(range.lower, .inclusive(try format.parse(from, "--from"))) }
        if let after { range.lower = Self.higher(range.lower, .exclusive(try format.parse(after, "--after"))) }
        if let to { range.upper = Self.lower(range.upper, .exclusive(try format.parse(to, "--to"))) }
        if let through { range.upper = Self.lower(range.upper, .inclusive(try format.parse(through, "--through"))) }
        return range
    }

    /// The tighter of two lower bounds.
    static func higher(_ a: KeyRange.Bound, _ b: KeyRange.Bound) -> KeyRange.Bound { tighter(a, b, keepLarger: true) }

    /// The tighter of two upper bounds.
    static func lower(_ a: KeyRange.Bound, _ b: KeyRange.Bound) -> KeyRange.Bound { tighter(a, b, keepLarger: false) }

    /// Of two bounds on one side, the one that admits fewer keys: the larger key for a lower
    /// bound, the smaller for an upper one; at equal keys, the exclusive one.
    private static func tighter(_ a: KeyRange.Bound, _ b: KeyRange.Bound, keepLarger: Bool) -> KeyRange.Bound {
        guard let x = key(a) else { return b }
        guard let y = key(b) else { return a }
        if x == y { return isExclusive(a) ? a : b }
        return x.lexicographicallyPrecedes(y) == keepLarger ? b : a
    }

    private static func key(_ bound: KeyRange.Bound) -> [UInt8]? {
        switch bound {
        case .unbounded: return nil
        case .inclusive(let k), .exclusive(let k): return k
        }
    }

    private static func isExclusive(_ bound: KeyRange.Bound) -> Bool {
        if case .exclusive = bound { return true }
        return false
    }
}
