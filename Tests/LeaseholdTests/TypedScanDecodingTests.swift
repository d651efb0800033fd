import Leasehold
import Testing

/// A typed scan decodes every record with one reused decoding: each record must start from a
/// clean state whatever the record before it was (shorter, longer, failed), and nothing a record
/// decoded may depend on the decoding's reuse.
@Suite("Typed scans reuse one decoding")
struct TypedScanDecodingTests {
    struct Old: Codable, Equatable {
        var id: Int
        var name: String
    }

    struct New: Codable, Equatable {
        var id: Int
        var name: String
        var nickname: String?
        var tags: [String]
        var home: Address
    }

    struct Address: Codable, Equatable {
        var city: String
        var zip: Int?
    }

    /// Reads `name` before `id`: the reverse of how they are stored.
    struct Backwards: Decodable {
        var id: Int
        var name: String
        enum CodingKeys: String, CodingKey { case id, name }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            id = try container.decode(Int.self, forKey: .id)
        }
    }

    struct Blob: Codable, Equatable {
        var id: Int
        var payload: Bytes
    }

    static func new(_ i: Int) -> New {
        New(id: i, name: "user \(i)", nickname: i % 3 == 0 ? nil : "n\(i)", tags: Array(repeating: "t", count: i % 4),
            home: Address(city: "city \(i)", zip: i % 2 == 0 ? i : nil))
    }

    /// Records 0..<12 under ("u", i): even ones written as `Old`, odd ones as `New`.
    static func mixed() throws -> MemoryEngine {
        let engine = try MemoryEngine()
        try engine.write { txn in
            for i in 0 ..< 12 {
                if i % 2 == 0 { try txn.put(Key("u", i), Old(id: i, name: "user \(i)")) } else { try txn.put(Key("u", i), new(i)) }
            }
        }
        return engine
    }

    @Test("records alternating between a short and a long shape decode as the short type: extra fields are ignored each time")
    func extraFieldsEveryRecord() throws {
        let engine = try Self.mixed()
        let seen = try engine.read { txn in
            var seen: [Old] = []
            try txn.scan(Key("u").range, as: Old.self) { _, old in seen.append(old) }
            return seen
        }
        #expect(seen == (0 ..< 12).map { Old(id: $0, name: "user \($0)") })
    }

    @Test("a long record decodes in full (nested, optional and array fields); the short one after it has nil for its missing optional field and keyNotFound for its missing required one")
    func longAfterShort() throws {
        let engine = try Self.mixed()
        try engine.read { txn in
            var seen: [New] = []
            let error = #expect(throws: DecodingError.self) {
                try txn.scan(KeyRange.from(Key("u", 1)), as: New.self) { _, new in seen.append(new) }
            }
            #expect(seen == [Self.new(1)])
            guard case .keyNotFound(let key, let context)? = error else {
                Issue.record("expected keyNotFound, got \(String(describing: error))")
                return
            }
            #expect(key.stringValue == "tags")  // `nickname`, optional, was nil
            #expect(context.debugDescription.contains("('u', 2)"))
        }
    }

    @Test("odd records only: every one decodes in full through the reused decoding, forward and reverse")
    func longRecordsForwardAndReverse() throws {
        let engine = try Self.mixed()
        try engine.write { txn in
            for i in stride(from: 0, to: 12, by: 2) { try txn.delete(Key("u", i)) }
        }
        try engine.read { txn in
            for reverse in [false, true] {
                var seen: [New] = []
                try txn.scan(Key("u").range, as: New.self, reverse: reverse) { _, new in seen.append(new) }
                let expected = stride(from: 1, to: 12, by: 2).map(Self.new)
                #expect(seen == (reverse ? expected.reversed() : expected))
            }
        }
    }

    @Test("a field of the wrong type mid-scan is typeMismatch naming the field and the record; the records before it were delivered, and the next scan starts clean")
    func wrongTypeMidScan() throws {
        let engine = try Self.mixed()
        try engine.write { txn in try txn.put(Key("u", 4), Key("not", "a record").packed) }  // a tuple, not a record
        try engine.read { txn in
            var ids: [Int] = []
            let error = #expect(throws: DecodingError.self) {
                try txn.scan(Key("u").range, as: Old.self) { _, old in ids.append(old.id) }
            }
            #expect(ids == [0, 1, 2, 3])
            guard case .typeMismatch(_, let context)? = error else {
                Issue.record("expected typeMismatch, got \(String(describing: error))")
                return
            }
            #expect(context.debugDescription.contains("('u', 4)"))
            var after: [Int] = []
            try txn.scan(KeyRange.from(Key("u", 5)), as: Old.self) { _, old in after.append(old.id) }
            #expect(after == Array(5 ..< 12))
        }
    }

    @Test("a type that asks for its fields out of order gets dataCorrupted naming the field, on the first record of the scan")
    func outOfOrder() throws {
        let engine = try Self.mixed()
        try engine.read { txn in
            let error = #expect(throws: DecodingError.self) {
                try txn.scan(Key("u").range, as: Backwards.self) { _, _ in }
            }
            guard case .dataCorrupted(let context)? = error else {
                Issue.record("expected dataCorrupted, got \(String(describing: error))")
                return
            }
            #expect(context.codingPath.map(\.stringValue) == ["name"])
            #expect(context.debugDescription.contains("field 'name' is stored at position 0"))
        }
    }

    @Test("a Bytes field kept past the scan holds its own record's bytes, not a later record's, and is copied when the lease ends")
    func keptBytesFields() throws {
        let engine = try MemoryEngine()
        try engine.write { txn in
            for i in 0 ..< 8 { try txn.put(Key("b", i), Blob(id: i, payload: Bytes([UInt8](repeating: UInt8(i), count: 40)))) }
        }
        let kept = try engine.read { txn in
            var kept: [Blob] = []
            try txn.scan(Key("b").range, as: Blob.self) { _, blob in kept.append(blob) }
            return kept
        }
        #expect(kept.map(\.id) == Array(0 ..< 8))
        for blob in kept { #expect(Array(blob.payload) == [UInt8](repeating: UInt8(blob.id), count: 40)) }
    }
}
