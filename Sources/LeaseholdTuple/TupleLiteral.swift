import BigInt

import LeaseholdCore
/// Tuples written as Python literals, the form the FoundationDB Python binding prints:
/// `('users', 42, b'\x00\xff', -1.5, None, True, UUID('00112233-4455-6677-8899-aabbccddeeff'), ('n', 1))`.
///
/// ``format(_:)-([TupleValue])`` writes exactly what Python's `repr` writes for the tuple that
/// `fdb.tuple.unpack` returns, so Python evaluates it back (with `UUID` from `uuid`,
/// `SingleFloat` and `fdb` in scope for those element kinds):
/// - strings and bytes quoted and escaped as `repr` does (non-printable characters escaped);
/// - doubles in the shortest form that reads back to the same bits (`1e-05`, `-0.0`, `inf`,
///   `nan`; NaN payloads are not written: any NaN prints `nan`);
/// - 32-bit floats as `SingleFloat(x)`, `x` being the float widened to a double, as the
///   binding's `SingleFloat` prints (`SingleFloat(0.10000000149011612)`); reading rounds `x`
///   back to 32 bits, as the binding does;
/// - versionstamps as `fdb.tuple.Versionstamp(b'<10 bytes>', user)`, `None` for the 10 bytes of
///   an incomplete one.
///
/// ``parse(_:)`` reads that syntax, plus `inf`, `-inf`, `nan`
/// (which Python itself only reads as `float('inf')`, also accepted).
public enum TupleLiteral {
    /// The literal of a whole tuple: `(a, b)`, `(a,)` or `()`.
    public static func format(_ values: [TupleValue]) -> String {
        var out = ""
        writeTuple(values, to: &out)
        return out
    }

    /// The literal of one element.
    public static func format(_ value: TupleValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    /// Reads the literal of a whole tuple.
    public static func parse(_ text: String) throws(TupleLiteralError) -> [TupleValue] {
        var parser = Parser(text)
        return try parser.parseTopLevel()
    }

    static func writeTuple(_ values: [TupleValue], to out: inout String) {
        out += "("
        for (i, value) in values.enumerated() {
            if i > 0 { out += ", " }
            write(value, to: &out)
        }
        out += values.count == 1 ? ",)" : ")"
    }

    static func write(_ value: TupleValue, to out: inout String) {
        switch value {
        case .null: out += "None"
        case .bytes(let b): writeBytes(b, to: &out)
        case .string(let s): writeString(s, to: &out)
        case .tuple(let children): writeTuple(children, to: &out)
        case .int(let i): out += String(i)
        case .uint(let u): out += String(u)
        case .bigInt(let b): out += b.description
        case .float(let f): out += "SingleFloat(" + formatDouble(Double(f)) + ")"
        case .double(let d): out += formatDouble(d)
        case .bool(let b): out += b ? "True" : "False"
        case .uuid(let u): out += "UUID('" + u.uuidString.lowercased() + "')"
        case .versionstamp(let v):
            out += "fdb.tuple.Versionstamp("
            if v.isComplete { writeBytes(v.transactionVersion, to: &out) } else { out += "None" }
            out += ", " + String(v.userVersion) + ")"
        }
    }

    /// Python's quote choice: single quotes unless the text has `'` and no `"`.
    static func quote(hasSingle: Bool, hasDouble: Bool) -> Character { hasSingle && !hasDouble ? "\"" : "'" }

    static func writeBytes(_ bytes: [UInt8], to out: inout String) {
        let q = quote(hasSingle: bytes.contains(UInt8(ascii: "'")), hasDouble: bytes.contains(UInt8(ascii: "\"")))
        out += "b"
        out.append(q)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\t"): out += "\\t"
            case UInt8(ascii: "\n"): out += "\\n"
            case UInt8(ascii: "\r"): out += "\\r"
            case UInt8(ascii: "'") where q == "'": out += "\\'"
            case 0x20 ..< 0x7f: out.unicodeScalars.append(Unicode.Scalar(byte))
            default: out += "\\x" + hex(UInt32(byte), digits: 2)
            }
        }
        out.append(q)
    }

    static func writeString(_ string: String, to out: inout String) {
        let q = quote(hasSingle: string.contains("'"), hasDouble: string.contains("\""))
        out.append(q)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "'" where q == "'": out += "\\'"
            default:
                if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x100 {
                    out += "\\x" + hex(scalar.value, digits: 2)
                } else if scalar.value < 0x10000 {
                    out += "\\u" + hex(scalar.value, digits: 4)
                } else {
                    out += "\\U" + hex(scalar.value, digits: 8)
                }
            }
        }
        out.append(q)
    }

    /// Python's `str.isprintable` for one character.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    static func hex(_ value: UInt32, digits: Int) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }

    /// Python's `repr` of a float: the shortest digits that read back to the same value,
    /// positional for exponents −4 ..< 16, scientific (`1e-05`, `1.5e+300`) otherwise.
    public static func formatDouble(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let sign = value.sign == .minus ? "-" : ""
        if value == 0 { return sign + "0.0" }
        // Swift's description has the shortest round-trip digits; only the layout differs.
        let text = value.magnitude.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let exponent = parts.count == 2 ? Int(parts[1])! : 0
        let mantissa = parts[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = mantissa[0], fraction = mantissa.count == 2 ? mantissa[1] : ""
        var digits = Array((whole + fraction).utf8)
        var point = whole.count + exponent  // digits[..<point] are before the decimal point
        while digits.first == UInt8(ascii: "0") { digits.removeFirst(); point -= 1 }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        let d = String(decoding: digits, as: UTF8.self)
        let e = point - 1
        if e >= -4 && e < 16 {
            if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + d }
            if point >= d.count { return sign + d + String(repeating: "0", count: point - d.count) + ".0" }
            return sign + d.prefix(point) + "." + d.dropFirst(point)
        }
        let rest = d.dropFirst()
        let exp = String(abs(e))
        return sign + d.prefix(1) + (rest.isEmpty ? "" : "." + rest) + "e" + (e < 0 ? "-" : "+")
            + (exp.count < 2 ? "0" + exp : exp)
    }
}

/// A tuple literal that could not be read: where (a UTF-8 offset into the text) and why.
public struct TupleLiteralError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The UTF-8 offset in the text where reading failed.
    public let offset: Int
    /// What was wrong.
    public let message: String

    /// An error at `offset`.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "invalid tuple literal at offset \(offset): \(message)" }
}

extension Key {
    /// The key of a tuple literal: `try Key(literal: "('users', 42)")`.
    public init(literal: String) throws(TupleLiteralError) {
        self.init(try TupleLiteral.parse(literal))
    }
}
