import BigInt
import Foundation
import Leasehold
import Testing

/// Hex helpers, the committed vectors, a seeded generator and the spec comparator for the tuple tests.
enum TupleTestSupport {
    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            out.append(UInt8(hex[i ..< j], radix: 16)!)
            i = j
        }
        return out
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

/// One committed vector (see Scripts/generate-tuple-vectors.py for the fields).
struct TupleVector: Decodable, CustomTestStringConvertible {
    let name: String
    let hex: String
    let elements: [VectorElement]?
    let repr: String?
    let canonical: String?
    let error: String?
    let literal: Bool?

    var testDescription: String { name }

    static let all: [TupleVector] = {
        struct File: Decodable { let vectors: [TupleVector] }
        let url = Bundle.module.url(forResource: "tuple-vectors", withExtension: "json", subdirectory: "Vectors")!
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).vectors
    }()
}

/// A typed element of a vector, turned into a ``TupleValue``.
struct VectorElement: Decodable {
    let value: TupleValue

    private enum CodingKeys: String, CodingKey { case t, v }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let bytes = { () throws -> [UInt8] in TupleTestSupport.bytes(hex: try c.decode(String.self, forKey: .v)) }
        switch try c.decode(String.self, forKey: .t) {
        case "null": value = .null
        case "bool": value = .bool(try c.decode(Bool.self, forKey: .v))
        case "bytes": value = .bytes(try bytes())
        case "string": value = .string(String(decoding: try bytes(), as: UTF8.self))
        case "tuple": value = .tuple(try c.decode([VectorElement].self, forKey: .v).map(\.value))
        case "int":
            let text = try c.decode(String.self, forKey: .v)
            value = .integer(BigInt(text)!)
        case "float": value = .float(Float(bitPattern: UInt32(try c.decode(String.self, forKey: .v), radix: 16)!))
        case "double": value = .double(Double(bitPattern: UInt64(try c.decode(String.self, forKey: .v), radix: 16)!))
        case "uuid":
            let b = try bytes()
            value = .uuid(UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])))
        case "versionstamp": value = .versionstamp(Versionstamp(bytes: try bytes())!)
        case let other: throw DecodingError.dataCorruptedError(forKey: .t, in: c, debugDescription: "unknown type \(other)")
        }
    }
}
