import BigInt
import Foundation
import Leasehold
import Testing

/// Every input a fuzz target (Fuzz/) ever failed on, replayed through the checks that caught it.
@Suite("Tuple fuzz regressions")
struct TupleFuzzRegressionTests {
    struct Input: CustomTestStringConvertible, Sendable {
        /// The target that found it.
        let target: String
        let hex: String
        /// What was wrong, and where the fix is.
        let note: String
        var testDescription: String { "\(target): \(note)" }
    }

    static let inputs: [Input] = [
        Input(target: "fuzz-tuple-elements",
              hex: "0b7efe" + String(repeating: "00", count: 118) + String(repeating: "ff", count: 71) + "fb" + String(repeating: "ff", count: 56),
              note: "a 129-byte negative integer ending in 00, then ff: starts(with: prefix(1)) is false on this malformed key "
                  + "(the harness asserted it for every key; it now does for valid keys, and starts(with:) documents it)"),
        Input(target: "fuzz-tuple-codable",
              // The input as found, with the field tags records carry since (01 tags 00 first, and
              // first in the nested address), so it still decodes.
              hex: "016c542998147cbba60002636500152a210000000000000003050278000279000005011f5700024d617b5e696e001509000100000000070000000000",
              note: "a record whose Double field is a NaN: equal encodings, unequal values (the harness now compares "
                  + "re-encodings, not values)"),
    ]

    /// The record shape of fuzz-tuple-codable.
    struct Record: Codable {
        struct Address: Codable { var street: String; var zip: Int? }
        var name: String
        var age: Int8
        var score: Double?
        var tags: [String]
        var address: Address?
        var blob: Bytes
        var id: UUID?
        var big: BigInt?
    }

    @Test("replayed: a record decoded from the input re-encodes to a fixpoint, or fails with a typed error", arguments: inputs)
    func replayRecord(_ input: Input) throws {
        let bytes = Bytes(TupleTestSupport.bytes(hex: input.hex))
        let record: Record
        do { record = try TupleDecoder().decode(Record.self, from: bytes) } catch let error as LeaseholdError {
            guard case .malformedTuple(let offset, _) = error else { Issue.record("\(error)"); return }
            #expect(offset >= 0 && offset <= bytes.count)
            return
        } catch is DecodingError { return }
        if input.note.contains("NaN") { #expect(record.score?.isNaN == true, "the input decodes to the record it was found as") }
        let again = try TupleEncoder().encode(record)
        #expect(try TupleEncoder().encode(TupleDecoder().decode(Record.self, from: again)) == again)
    }

    @Test("replayed: walk, prefixes, decoding agree and fail with typed errors inside the input", arguments: inputs)
    func replay(_ input: Input) throws {
        let bytes = TupleTestSupport.bytes(hex: input.hex)
        let key = Key(packed: bytes)
        var walked = 0
        var elements = key.makeElementIterator()
        do {
            while try elements.next() != nil { walked += 1 }
        } catch {
            guard case .malformedTuple(let offset, _) = error else { Issue.record("untyped: \(error)"); return }
            #expect(offset >= 0 && offset <= bytes.count)
        }
        let valid = (try? Key(validating: key.bytes)) != nil
        for n in 0 ... walked {
            let head = try key.prefix(n), tail = try key.dropFirst(n)
            #expect(head + tail == key)
            if valid { #expect(key.starts(with: head)) }
        }
        do { _ = try key.values() } catch {
            guard case .malformedTuple(let offset, _) = error else { Issue.record("untyped: \(error)"); return }
            #expect(offset >= 0 && offset <= bytes.count)
        }
        _ = key.description
    }
}
