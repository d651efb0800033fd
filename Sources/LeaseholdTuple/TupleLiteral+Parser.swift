#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BigInt

import LeaseholdCore
extension TupleLiteral {
    /// Reads Python tuple literals: `None`, `True`, `False`, integers of any size the format
    /// allows (magnitudes up to 255 bytes, about 614 decimal digits), floats (`1.5`, `1e-05`, `inf`, `nan`, `float('-inf')`), strings in single or
    /// double quotes with Python escapes (`\x00 \n \t \\ \' \" \u00e9 \U0001f600`, octal),
    /// bytes `b'...'`, `UUID('...')`, `SingleFloat(x)`, `fdb.tuple.Versionstamp(b'...', n)`
    /// and nested tuples. As in Python, `(x)` is just `x`; a one-element tuple is `(x,)`.
    struct Parser {
        let text: [UInt8]
        var position = 0
        var depth = 0
        /// Deeper nesting is refused rather than risking the stack: the top-level tuple plus
        /// ``Key/maximumNestingDepth`` levels, so that whatever parses also unpacks.
        static let maximumDepth = Key.maximumNestingDepth + 1

        init(_ string: String) { text = Array(string.utf8) }

        func fail(_ message: String, at offset: Int? = nil) -> TupleLiteralError {
            TupleLiteralError(offset: offset ?? position, message: message)
        }

        var peek: UInt8? { position < text.count ? text[position] : nil }

        mutating func skipSpace() {
            while let c = peek, c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d { position += 1 }
        }

        mutating func expect(_ c: Character) throws(TupleLiteralError) {
            skipSpace()
            guard peek == c.asciiValue else { throw fail("expected '\(c)'") }
            position += 1
        }

        mutating func parseTopLevel() throws(TupleLiteralError) -> [TupleValue] {
            skipSpace()
            let start = position
            guard case .tuple(let values) = try parseValue() else {
                throw fail("expected a tuple such as ('a', 1) — a one-element tuple is written ('a',)", at: start)
            }
            skipSpace()
            guard position == text.count else { throw fail("unexpected text after the tuple") }
            return values
        }

        mutating func parseValue() throws(TupleLiteralError) -> TupleValue {
            skipSpace()
            guard let c = peek else { throw fail("unexpected end of input") }
            switch c {
            case UInt8(ascii: "("): return try parseParenthesized()
            case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "b"), UInt8(ascii: "B"):
                guard position + 1 < text.count, text[position + 1] == UInt8(ascii: "'") || text[position + 1] == UInt8(ascii: "\"") else {
                    return try parseWord()
                }
                position += 1
                return .bytes(try parseBytes())
            case UInt8(ascii: "0") ... UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
                return try parseNumber()
            default: return try parseWord()
            }
        }

        mutating func parseParenthesized() throws(TupleLiteralError) -> TupleValue {
            let open = position
            position += 1
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else {
                throw fail("tuples nested more than \(Key.maximumNestingDepth) levels deep", at: open)
            }
            var values: [TupleValue] = []
            var sawComma = false
            skipSpace()
            while peek != UInt8(ascii: ")") {
                values.append(try parseValue())
                skipSpace()
                if peek == UInt8(ascii: ",") {
                    position += 1
                    sawComma = true
                    skipSpace()
                } else if peek != UInt8(ascii: ")") {
                    throw fail(peek == nil ? "missing ')'" : "expected ',' or ')'")
                }
            }
            position += 1
            // `(x)` is x itself in Python; `()` and anything with a comma is a tuple.
            if values.count == 1 && !sawComma { return values[0] }
            return .tuple(values)
        }

        mutating func parseWord() throws(TupleLiteralError) -> TupleValue {
            let start = position
            while let c = peek, c == UInt8(ascii: "_") || c == UInt8(ascii: ".") || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) {
                position += 1
            }
            let word = String(decoding: text[start ..< position], as: UTF8.self)
            switch word {
            case "None": return .null
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "inf": return .double(.infinity)
            case "nan": return .double(.nan)
            case "UUID", "uuid.UUID":
                try expect("(")
                skipSpace()
                let at = position
                let string = try parseString()
                guard let uuid = UUID(uuidString: string) else { throw fail("not a UUID: \(string)", at: at) }
                try expect(")")
                return .uuid(uuid)
            case "float":
                try expect("(")
                skipSpace()
                let at = position
                let string = try parseString()
                guard let value = Double(string) else { throw fail("not a float: \(string)", at: at) }
                try expect(")")
                return .double(value)
            case "SingleFloat", "fdb.tuple.SingleFloat":
                try expect("(")
                skipSpace()
                let at = position
                let value: Float
                switch try parseNumber() {
                case .double(let d): value = Float(d)
                case .int(let i): value = Float(i)
                case .uint(let u): value = Float(u)
                default: throw fail("expected a number", at: at)
                }
                try expect(")")
                return .float(value)
            case "Versionstamp", "fdb.tuple.Versionstamp":
                return .versionstamp(try parseVersionstampArguments())
            case "": throw fail("unexpected character '\(Unicode.Scalar(text[start]))'")
            default: throw fail("unknown name '\(word)'", at: start)
            }
        }

        mutating func parseVersionstampArguments() throws(TupleLiteralError) -> Versionstamp {
            try expect("(")
            skipSpace()
            let at = position
            var transaction = [UInt8](repeating: 0xff, count: 10)
            if peek == UInt8(ascii: "N") {
                guard try parseWord() == .null else { throw fail("expected bytes or None", at: at) }
            } else {
                guard peek == UInt8(ascii: "b") else { throw fail("expected bytes or None", at: at) }
                position += 1
                transaction = try parseBytes()
                guard transaction.count == 10 else { throw fail("a transaction version has 10 bytes", at: at) }
            }
            var user: UInt64 = 0
            skipSpace()
            if peek == UInt8(ascii: ",") {
                position += 1
                skipSpace()
                let userAt = position
                guard case .int(let n) = try parseNumber(), n >= 0, n <= 0xffff else { throw fail("expected a user version 0...65535", at: userAt) }
                user = UInt64(n)
            }
            try expect(")")
            return Versionstamp(bytes: transaction + [UInt8(user >> 8), UInt8(user & 0xff)])!
        }

        mutating func parseNumber() throws(TupleLiteralError) -> TupleValue {
            let start = position
            var negative = false
            if peek == UInt8(ascii: "-") || peek == UInt8(ascii: "+") {
                negative = peek == UInt8(ascii: "-")
                position += 1
            }
            if let c = peek, c == UInt8(ascii: "i") || c == UInt8(ascii: "n") {
                let wordAt = position
                guard case .double(let d) = try parseWord(), !d.isFinite else { throw fail("expected a number", at: wordAt) }
                return .double(negative ? -d : d)
            }
            var isFloat = false
            while let c = peek {
                if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                    position += 1
                } else if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                    isFloat = true
                    position += 1
                    if c != UInt8(ascii: "."), let s = peek, s == UInt8(ascii: "-") || s == UInt8(ascii: "+") { position += 1 }
                } else {
                    break
                }
            }
            let literal = String(decoding: text[start ..< position], as: UTF8.self)
            if isFloat {
                guard let value = Double(literal) else { throw fail("not a number: \(literal)", at: start) }
                return .double(value)
            }
            let digits = literal.drop { $0 == "-" || $0 == "+" }
            guard !digits.isEmpty else { throw fail("expected a number", at: start) }
            if let magnitude = UInt64(digits) {
                if !negative { return magnitude <= UInt64(Int64.max) ? .int(Int64(magnitude)) : .uint(magnitude) }
                if magnitude <= Int64.min.magnitude { return .int(Int64(truncatingIfNeeded: 0 &- magnitude)) }
                return .bigInt(BigInt(sign: .minus, magnitude: BigUInt(magnitude)))
            }
            return .integer(try parseBigInteger(digits.drop { $0 == "0" }, negative: negative, at: start))
        }

        /// The integer of `digits` (decimal, no leading zeros), if the format can encode it.
        func parseBigInteger(_ digits: Substring, negative: Bool, at start: Int) throws(TupleLiteralError) -> BigInt {
            // 2^2040 has 615 digits: refuse longer input before converting it (which is quadratic).
            let tooLarge = "integer too large for the tuple format (more than \(Key.maximumIntegerByteCount) bytes)"
            guard digits.count <= 615, let magnitude = BigUInt(digits, radix: 10) else { throw fail(tooLarge, at: start) }
            let value = BigInt(sign: negative ? .minus : .plus, magnitude: magnitude)
            guard Key.canEncode(value) else { throw fail(tooLarge, at: start) }
            return value
        }
    }
}
