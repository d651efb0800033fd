/// One option an engine takes in its store URL (`lmdb:./data?mapSize=1GiB`) or from
/// configuration (`lmdb.mapSize`): its name, the kind of value, its default and what it does.
///
/// The registry checks every option against these declarations before the engine's factory
/// runs, so a factory only sees names it declared, with values of the declared kind.
public struct EngineOption: Sendable, Hashable {
    /// The kind of value an option takes, and how it is written.
    public enum Kind: Sendable, Hashable {
        /// A byte count: `1048576`, `64MiB`, `1.5GiB`, `500MB` (`KiB MiB GiB TiB` are powers of
        /// 1024, `KB MB GB TB` powers of 1000; units are case-insensitive; `_` separates digits).
        case size
        /// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`; written without a value: `true`).
        case bool
        /// A whole number in the range.
        case integer(ClosedRange<Int>)
        /// A duration: seconds (`5`, `0.25`) or with a unit (`250ms`, `5s`, `2m`).
        case duration
        /// Any text.
        case string
        /// One of the listed words.
        case choice([String])

        /// How the kind is written, for messages and documentation.
        public var summary: String {
            switch self {
            case .size: return "a size (bytes, or with KiB, MiB, GiB, TiB, KB, MB, GB, TB)"
            case .bool: return "true or false"
            case .integer(let range): return "a whole number from \(range.lowerBound) to \(range.upperBound)"
            case .duration: return "a duration (seconds, or with ms, s, m)"
            case .string: return "text"
            case .choice(let words): return "one of " + words.joined(separator: ", ")
            }
        }
    }

    /// The option's name, as written in URLs and configuration keys: `mapSize`.
    public var name: String
    /// The kind of value.
    public var kind: Kind
    /// The value the engine uses when the option is not given, as written (`"64MiB"`), or
    /// `nil` when there is none.
    public var defaultValue: String?
    /// What the option does, in one sentence.
    public var summary: String

    /// Declares an option.
    public init(_ name: String, _ kind: Kind, default defaultValue: String? = nil, _ summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
    }

    /// Reads `text` as a value of this option's kind; `scheme` names the engine in the error.
    public func parse(_ text: String, scheme: String) throws(LeaseholdError) -> EngineOptionValue {
        func bad(_ why: String = "") -> LeaseholdError {
            .invalidOption(scheme: scheme, option: name, problem: "'\(text)' is not \(kind.summary)\(why)")
        }
        let trimmed = text.trimmingWhitespace()
        switch kind {
        case .size:
            guard let bytes = Self.parseSize(trimmed) else { throw bad() }
            return .size(bytes)
        case .bool:
            switch trimmed.lowercased() {
            case "", "true", "1", "yes", "on": return .bool(true)
            case "false", "0", "no", "off": return .bool(false)
            default: throw bad()
            }
        case .integer(let range):
            guard let value = Int(trimmed.replacing("_", with: "")) else { throw bad() }
            guard range.contains(value) else { throw bad() }
            return .integer(value)
        case .duration:
            guard let seconds = Self.parseDuration(trimmed) else { throw bad() }
            return .duration(seconds)
        case .string:
            return .string(text)
        case .choice(let words):
            guard let word = words.first(where: { $0.lowercased() == trimmed.lowercased() }) else { throw bad() }
            return .string(word)
        }
    }

    static let sizeUnits: [(suffix: String, factor: Double)] = [
        ("kib", 0x1p10), ("mib", 0x1p20), ("gib", 0x1p30), ("tib", 0x1p40),
        ("kb", 1e3), ("mb", 1e6), ("gb", 1e9), ("tb", 1e12), ("b", 1),
    ]

    /// A byte count with an optional unit; `nil` when it is not one or does not fit an `Int`.
    static func parseSize(_ text: String) -> Int? {
        let lower = text.lowercased().replacing("_", with: "")
        var number = Substring(lower), factor = 1.0
        if let unit = sizeUnits.first(where: { lower.hasSuffix($0.suffix) }) {
            number = lower.dropLast(unit.suffix.count)
            factor = unit.factor
        }
        number = Substring(number.trimmingWhitespace())
        if factor == 1, let exact = Int(number), exact >= 0 { return exact }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(number), value >= 0
        else { return nil }
        let bytes = (value * factor).rounded(.down)
        return bytes < 0x1p63 ? Int(bytes) : nil
    }

    /// Seconds, from `5`, `0.25`, `250ms`, `5s` or `2m`.
    static func parseDuration(_ text: String) -> Double? {
        let lower = text.lowercased()
        var number = Substring(lower), factor = 1.0
        for (suffix, f) in [("ms", 0.001), ("s", 1.0), ("m", 60.0)] where lower.hasSuffix(suffix) {
            number = lower.dropLast(suffix.count)
            factor = f
            break
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(number), value.isFinite
        else { return nil }
        return value * factor
    }
}

/// A checked option value, of the kind its ``EngineOption`` declares.
public enum EngineOptionValue: Sendable, Hashable {
    /// A byte count.
    case size(Int)
    /// A Boolean.
    case bool(Bool)
    /// A whole number.
    case integer(Int)
    /// Seconds.
    case duration(Double)
    /// Text, or one word of a choice.
    case string(String)
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start ... end])
    }
}
