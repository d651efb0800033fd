import BigInt
import Foundation
import FuzzSupport
import Leasehold

/// The Codable decoder on arbitrary bytes: records of several shapes either decode — and then
/// encode back to bytes that decode to the same record — or fail with a typed error
/// (``LeaseholdError`` with an offset inside the input, or a `DecodingError`).
struct Address: Codable, Equatable {
    var street: String
    var zip: Int?
}

struct Record: Codable, Equatable {
    var name: String
    var age: Int8
    var score: Double?
    var tags: [String]
    var address: Address?
    var blob: Bytes
    var id: UUID?
    var big: BigInt?
}

final class Chain: Codable, Equatable {
    var value: Int
    var next: Chain?
    static func == (a: Chain, b: Chain) -> Bool { a.value == b.value && a.next == b.next }
}

func attempt<T: Codable>(_ type: T.Type, _ bytes: Bytes, _ size: Int) {
    do {
        let value = try TupleDecoder().decode(T.self, from: bytes)
        let again = try TupleEncoder().encode(value)
        let back = try TupleDecoder().decode(T.self, from: again)
        // Compared by encoding: a NaN field is not equal to itself.
        let third = try TupleEncoder().encode(back)
        require(third == again, "\(T.self) did not survive encode/decode: \(hex(bytes))")
    } catch let error as LeaseholdError {
        requireTupleError(error, count: size, "\(T.self)")
    } catch is DecodingError {
        // A shape the tuple cannot map (for example a value where a nested tuple must be).
    } catch {
        fatalError("\(T.self): unexpected error \(error) for \(hex(bytes))")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTupleCodable(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = input(data, size)
    attempt(Record.self, bytes, size)
    attempt([Address].self, bytes, size)
    attempt([Int?].self, bytes, size)
    attempt(Chain.self, bytes, size)
    attempt(Data.self, bytes, size)
    return 0
}
