import ArgumentParser
import Leasehold

/// How keys and values are written on the command line and in output.
enum ByteFormat {
    /// Tuple literals (`('users', 42)`) or bytes literals (`b'raw'`) in; out, a tuple literal
    /// when the bytes decode as one, else a bytes literal.
    case literal
    /// The UTF-8 text itself, in and out.
    case utf8
    /// Hex digits, in and out.
    case hex

    /// The bytes that `text` stands for; `what` names it in errors (`"key"`, `"value"`).
    ///
    /// A bare word given as a literal (`alice`) is refused with the tuple that was probably
    /// meant (`('alice',)`) and `--utf8`; `inShell` adds how to quote it on a command line.
    func parse(_ text: String, _ what: String, inShell: Bool = true) throws -> [UInt8] {
        switch self {
        case .utf8:
            return Array(text.utf8)
        case .hex:
            guard let bytes = Self.hexBytes(text) else { throw CLIError("\(what) '\(text)' is not hex") }
            return bytes
        case .literal:
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            do {
                if trimmed.hasPrefix("b'") || trimmed.hasPrefix("b\"") {
                    // A bytes literal is read as the one element of a tuple literal.
                    guard case .bytes(let bytes)? = try TupleLiteral.parse("(" + trimmed + ",)").first,
                          try TupleLiteral.parse("(" + trimmed + ",)").count == 1
                    else { throw CLIError("\(what) \(trimmed) is not a bytes literal") }
                    return bytes
                }
                return try Key(literal: trimmed).packed
            } catch let error as TupleLiteralError {
                if let bareWord = Self.bareWordError(trimmed, what, inShell: inShell) { throw bareWord }
                throw CLIError("\(what) \"\(trimmed)\": \(error)")
            }
        }
    }

    /// How `bytes` print.
    func format(_ bytes: some Collection<UInt8>) -> String {
        switch self {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .hex:
            return Self.hex(bytes)
        case .literal:
            let owned = Bytes(bytes)
            if let values = try? Key(packed: owned).values() { return TupleLiteral.format(values) }
            return owned.description
        }
    }

    /// Lowercase hex digits.
    static func hex(_ bytes: some Collection<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of hex digits (a leading `0x`, spaces and colons ignored); `nil` if not hex.
    static func hexBytes(_ text: String) -> [UInt8]? {
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        let clean = Array(digits.utf8.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: ":") })
        guard clean.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(clean.count / 2)
        for i in stride(from: 0, to: clean.count, by: 2) {
            let pair = String(decoding: clean[i ... i + 1], as: UTF8.self)
            guard pair.allSatisfy(\.isHexDigit), let byte = UInt8(pair, radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}

/// The options of every command that reads or writes records: the store and how bytes are
/// written.
struct RecordOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @OptionGroup var bytes: FormatOptions

    /// How keys and values are written.
    var format: ByteFormat { bytes.format }
}

/// A command that reads or writes records: a ``StoreCommand`` whose store options are part of
/// its ``RecordOptions``.
protocol RecordCommand: StoreCommand {
    /// The store and how bytes are written.
    var options: RecordOptions { get }
}

extension RecordCommand {
    /// The store options of ``options``.
    var store: StoreOptions { options.store }
}

/// `--utf8` / `--hex`: raw bytes instead of literals, for arguments and output alike.
struct FormatOptions: ParsableArguments {
    @Flag(name: .long, help: "Keys and values are UTF-8 text (in and out) instead of literals.")
    var utf8 = false

    @Flag(name: .long, help: "Keys and values are hex (in and out) instead of literals.")
    var hex = false

    func validate() throws {
        if utf8 && hex { throw ValidationError("--utf8 and --hex exclude each other") }
    }

    var format: ByteFormat { hex ? .hex : utf8 ? .utf8 : .literal }
}
