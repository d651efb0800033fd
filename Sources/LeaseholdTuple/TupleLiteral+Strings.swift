import LeaseholdCore
extension TupleLiteral.Parser {
    /// Reads a quoted string (the position is on the opening quote).
    mutating func parseString() throws(TupleLiteralError) -> String {
        let at = position
        let utf8 = try parseQuoted(bytes: false)
        guard let string = String(validating: utf8, as: UTF8.self) else { throw fail("invalid UTF-8", at: at) }
        return string
    }

    /// Reads the quoted part of a bytes literal (the position is on the opening quote).
    mutating func parseBytes() throws(TupleLiteralError) -> [UInt8] {
        try parseQuoted(bytes: true)
    }

    /// The UTF-8 of a string literal's text, or a bytes literal's bytes, escapes resolved.
    mutating func parseQuoted(bytes: Bool) throws(TupleLiteralError) -> [UInt8] {
        guard let quote = peek, quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else { throw fail("expected a quote") }
        let open = position
        position += 1
        var out: [UInt8] = []
        while true {
            guard let c = peek, c != 0x0a else { throw fail("unterminated string", at: open) }
            position += 1
            if c == quote { return out }
            if c != UInt8(ascii: "\\") {
                if bytes && c >= 0x80 { throw fail("bytes can only contain ASCII characters", at: position - 1) }
                out.append(c)
                continue
            }
            let escapeAt = position - 1
            guard let e = peek else { throw fail("unterminated string", at: open) }
            position += 1
            var code: UInt32
            switch e {
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): code = UInt32(e)
            case UInt8(ascii: "a"): code = 7
            case UInt8(ascii: "b"): code = 8
            case UInt8(ascii: "f"): code = 12
            case UInt8(ascii: "n"): code = 10
            case UInt8(ascii: "r"): code = 13
            case UInt8(ascii: "t"): code = 9
            case UInt8(ascii: "v"): code = 11
            case 0x0a: continue  // a backslash before a line break joins the lines
            case UInt8(ascii: "0") ... UInt8(ascii: "7"):
                code = UInt32(e - UInt8(ascii: "0"))
                for _ in 0 ..< 2 {
                    guard let d = peek, d >= UInt8(ascii: "0"), d <= UInt8(ascii: "7") else { break }
                    code = code * 8 + UInt32(d - UInt8(ascii: "0"))
                    position += 1
                }
            case UInt8(ascii: "x"): code = try hexDigits(2, escapeAt)
            case UInt8(ascii: "u") where !bytes: code = try hexDigits(4, escapeAt)
            case UInt8(ascii: "U") where !bytes: code = try hexDigits(8, escapeAt)
            default: throw fail("invalid escape '\\\(Unicode.Scalar(e))'", at: escapeAt)
            }
            if bytes {
                guard code <= 0xff else { throw fail("byte escape out of range", at: escapeAt) }
                out.append(UInt8(code))
            } else {
                guard let scalar = Unicode.Scalar(code) else { throw fail("not a Unicode scalar", at: escapeAt) }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
        }
    }

    /// Exactly `count` hex digits, as a number.
    mutating func hexDigits(_ count: Int, _ escapeAt: Int) throws(TupleLiteralError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0 ..< count {
            guard let d = peek, let digit = Int(String(Unicode.Scalar(d)), radix: 16) else {
                throw fail("escape needs \(count) hex digits", at: escapeAt)
            }
            value = value &* 16 &+ UInt32(digit)
            position += 1
        }
        return value
    }
}
