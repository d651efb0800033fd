import ArgumentParser
import Leasehold

/// `leasehold key …`: tuple keys in the FoundationDB tuple-layer format.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Pack and unpack tuple keys (FoundationDB tuple-layer format).",
        subcommands: [Pack.self, Unpack.self])

    /// The root command, whose store options this command rejects (it opens no store).
    @ParentCommand var root: LeaseholdCommand

    func validate() throws { try root.store.rejectUnused(by: "key") }

    /// `leasehold key pack '<literal>'`.
    struct Pack: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the packed key of a Python tuple literal, in lowercase hex.",
            discussion: """
                Example: leasehold key pack "('users', 42, b'\\x00\\xff', -1.5, None, True, UUID('00112233-4455-6677-8899-aabbccddeeff'), ('n', 1))"
                Accepts None, True, False, integers of any size the format allows (magnitudes up to 255 bytes), \
                floats (1e-05, -0.0, inf, nan), \
                'strings' and "strings" with Python escapes, b'bytes', UUID('…'), SingleFloat(x), \
                fdb.tuple.Versionstamp(b'…', n) and nested tuples; (x,) is a one-element tuple.
                """)

        @Argument(help: "The tuple, as a Python literal.")
        var literal: String

        func run() throws {
            // Errors print as "Error: <what and where>", exit status 1.
            print(try Key(literal: literal).hex)
        }
    }

    /// `leasehold key unpack <hex>`.
    struct Unpack: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the Python tuple literal of a packed key given in hex.",
            discussion: "Spaces, colons and a leading 0x in the hex are ignored, so dumped keys can be pasted.")

        @Argument(help: "The packed key in hex.")
        var hex: String

        func run() throws {
            var text = Substring(hex)
            if text.hasPrefix("0x") || text.hasPrefix("0X") { text = text.dropFirst(2) }
            let digits = Array(text.utf8.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: ":") && $0 != UInt8(ascii: "\n") })
            guard digits.count % 2 == 0 else { throw ValidationError("odd number of hex digits") }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(digits.count / 2)
            for i in stride(from: 0, to: digits.count, by: 2) {
                guard let byte = UInt8(String(decoding: digits[i ..< i + 2], as: UTF8.self), radix: 16) else {
                    throw ValidationError("not hex: \(String(decoding: digits[i ..< i + 2], as: UTF8.self))")
                }
                bytes.append(byte)
            }
            print(TupleLiteral.format(try Key(packed: bytes).values()))
        }
    }
}
